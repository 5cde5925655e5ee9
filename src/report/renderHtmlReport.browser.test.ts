import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtmlReport } from './renderHtmlReport.ts';
import { traceReportOf } from './ScenarioRun.ts';
import { launchChromium } from './internal/launchChromium.ts';
import { toyRun } from './fixtures/toyRun.ts';
import { toyLassoRun } from './fixtures/toyLasso.ts';

/** Screenshots and the generated page go here (gitignored), for a person to look at after a run. */
const OUT = fileURLToPath(new URL('../../test-output/', import.meta.url));

describe('the HTML report in a real browser (Debian Chromium, headless)', () => {
  let chrome: Awaited<ReturnType<typeof launchChromium>>;
  let context: BrowserContext;
  let page: Page;
  const requests: string[] = [];

  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    const run = toyRun();
    const file = join(OUT, 'toy-dual-write.no-lost-events.html');
    writeFileSync(file, renderHtmlReport(traceReportOf(run, run.result.violations[0]!), { replayCommand: 'npx cdc-check replay x.json' }));
    chrome = await launchChromium();
    context = chrome.context;
    page = await context.newPage();
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(pathToFileURL(file).href);
  });

  afterAll(async () => {
    await chrome?.close();
  });

  const panelTitle = () => page.locator('#panel-title').textContent();
  const says = (lane: string) => page.locator(`#says .say[data-lane="${lane}"] dd`).textContent();
  const changed = (lane: string) => page.locator(`#says .say[data-lane="${lane}"]`).evaluate((e) => e.classList.contains('changed'));

  it('opens on the initial state, with nothing loaded from the network', async () => {
    expect(await panelTitle()).toBe('Step 0 of 2: initial state');
    expect(await says('DB')).toBe('no row');
    expect(requests.every((u) => u.startsWith('file:'))).toBe(true);
  });

  it('steps forward with the keyboard and marks what changed', async () => {
    await page.keyboard.press('ArrowRight');
    expect(await panelTitle()).toBe('Step 1 of 2: ServiceCommit');
    expect(await says('DB')).toBe('balance=100');
    expect(await changed('DB')).toBe(true);
    expect(await changed('Kafka')).toBe(false);
    expect(await page.locator('#panel-fault').isVisible()).toBe(false);
  });

  it('at the crash step, the side panel shows the divergence: DB says balance=100, Kafka says nothing', async () => {
    await page.keyboard.press('j');
    expect(await panelTitle()).toBe('Step 2 of 2: ✖ CrashService');
    expect(await page.locator('#panel-fault').isVisible()).toBe(true);
    expect(await says('DB')).toBe('balance=100');
    expect(await says('Kafka')).toBe('nothing');
    const row = page.locator('.step[data-step="2"]');
    expect(await row.getAttribute('class')).toBe('grid step fault damage selected');
    expect(await row.getAttribute('aria-current')).toBe('step');
    expect(await row.locator('.event').textContent()).toBe('✖ CrashService⚑ point of no return');
    await page.screenshot({ path: join(OUT, 'html-report-crash-step.png'), fullPage: true });
  });

  it('at the last step, the side panel says why the property fails; the damage step says it is the point of no return', async () => {
    // The crash is both the damage step and the last step of the toy T1.
    expect(await page.locator('#panel-reason').isVisible()).toBe(true);
    expect(await page.locator('#panel-reason').textContent()).toBe('Why it fails: balance=100 committed; Kafka holds no event for it');
    expect(await page.locator('#panel-damage').textContent()).toBe(
      '⚑ Point of no return: the damage was done at step 2 (CrashService): from there on, no-lost-events could no longer hold on any path',
    );
    expect(await page.locator('header .reason').textContent()).toBe('Why it fails: balance=100 committed; Kafka holds no event for it');
    await page.keyboard.press('ArrowLeft');
    expect(await page.locator('#panel-reason').isVisible()).toBe(false);
    expect(await page.locator('#panel-damage').isVisible()).toBe(false);
    await page.keyboard.press('End');
    await page.screenshot({ path: join(OUT, 'html-report-reason-last-step.png'), fullPage: true });
  });

  it('steps back, jumps with Home/End and c (next crash), and does not run past either end', async () => {
    await page.keyboard.press('ArrowLeft');
    expect(await panelTitle()).toBe('Step 1 of 2: ServiceCommit');
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowUp');
    expect(await panelTitle()).toBe('Step 0 of 2: initial state');
    await page.keyboard.press('c');
    expect(await panelTitle()).toBe('Step 2 of 2: ✖ CrashService');
    await page.keyboard.press('ArrowDown');
    expect(await panelTitle()).toBe('Step 2 of 2: ✖ CrashService');
    await page.locator('.step[data-step="1"]').click();
    expect(await panelTitle()).toBe('Step 1 of 2: ServiceCommit');
  });
});

describe('a lasso and long action names in a real browser', () => {
  let chrome: Awaited<ReturnType<typeof launchChromium>>;
  let page: Page;

  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    const run = toyLassoRun();
    const report = traceReportOf(run, run.result.violations[0]!);
    // A long CamelCase action, in a narrow window, must wrap between words only.
    const long = { ...report, steps: report.steps.map((s, i) => (i === 2 ? { ...s, action: 'ServiceSendWithOutboxAndRetriesConfirmedByBroker(svc1, acct-1#1)' } : s)) };
    const file = join(OUT, 'toy-retry.eventually-acked.html');
    writeFileSync(file, renderHtmlReport(long));
    chrome = await launchChromium();
    page = await chrome.context.newPage();
    await page.setViewportSize({ width: 700, height: 600 });
    await page.goto(pathToFileURL(file).href);
  });

  afterAll(async () => {
    await chrome?.close();
  });

  it('pressing c on a trace without a crash says so, and stays put', async () => {
    await page.keyboard.press('c');
    expect(await page.locator('#status').textContent()).toBe('This trace has no crash: no fault is injected in it.');
    expect(await page.locator('#panel-title').textContent()).toBe('Step 0 of 3: initial state');
    await page.keyboard.press('j');
    expect(await page.locator('#status').textContent()).toBe('');
  });

  it('marks the cycle, and at the last step says which step it loops back to and why the property fails', async () => {
    expect(await page.locator('.step.cycle').count()).toBe(2);
    expect(await page.locator('.cycle-start').textContent()).toBe('↻ cycle: steps 2–3 repeat for ever; after step 3 the system is back at step 1');
    await page.keyboard.press('End');
    expect(await page.locator('#panel-loop').textContent()).toBe('↺ Loops back to step 1: this state equals the state at step 1, so steps 2–3 repeat for ever.');
    expect(await page.locator('#panel-reason').textContent()).toBe('Why it fails: the service is ready, and no send of it was ever acknowledged');
    expect(await page.locator('.step[data-step="3"] .loop-mark').textContent()).toBe('↺ loops back to step 1');
    await page.screenshot({ path: join(OUT, 'html-report-lasso-last-step.png'), fullPage: true });
  });

  it('wraps a long action name between its words, never inside one', async () => {
    const split = await page.locator('.step[data-step="2"] .event').evaluate((event) => {
      // Each word of the action (a CamelCase word or an argument, between two <wbr> break points)
      // must sit on a single line.
      const lines = new Set<number>();
      const broken: string[] = [];
      const texts = Array.from(event.querySelectorAll('.w')).map((w) => w.firstChild as Text);
      for (const text of texts) {
        const word = text.data.trimEnd();
        if (word === '') continue;
        const range = document.createRange();
        range.setStart(text, 0);
        range.setEnd(text, word.length);
        const tops = Array.from(range.getClientRects())
          .filter((r) => r.width > 0)
          .map((r) => Math.round(r.top));
        if (new Set(tops).size > 1) broken.push(word);
        for (const t of tops) lines.add(t);
      }
      return { broken, words: texts.length, lines: lines.size };
    });
    expect(split.broken).toEqual([]);
    expect(split.words).toBeGreaterThan(8);
    // The narrow window does make it wrap, so the check above is not vacuous.
    expect(split.lines).toBeGreaterThan(1);
  });
});

/** The committed T1 report (generated by `npm run reports`), opened from disk as a reader would. */
const T1_REPORT = fileURLToPath(new URL('../../reports/dual-write/no-lost-events.html', import.meta.url));

describe('the committed T1 report (reports/dual-write/no-lost-events.html) in a real browser', () => {
  let chrome: Awaited<ReturnType<typeof launchChromium>>;
  let page: Page;

  beforeAll(async () => {
    chrome = await launchChromium();
    page = await chrome.context.newPage();
    await page.goto(pathToFileURL(T1_REPORT).href);
  });

  afterAll(async () => {
    await chrome?.close();
  });

  it('stepping forward with → reaches the crash, where the panel reads: DB says balance=100, Kafka says nothing', async () => {
    const total = await page.locator('.step').count();
    let crashAt = -1;
    for (let i = 1; i < total; i++) {
      await page.keyboard.press('ArrowRight');
      if (await page.locator('#panel-fault').isVisible()) {
        crashAt = i;
        break;
      }
    }
    expect(crashAt).toBeGreaterThan(0);
    expect(await page.locator('#panel-title').textContent()).toMatch(new RegExp(`^Step ${crashAt} of \\d+: ✖ CrashService`));
    expect(await page.locator('#says .say[data-lane="DB"] dd').textContent()).toContain('balance=100');
    expect(await page.locator('#says .say[data-lane="Kafka"] dd').textContent()).toBe('nothing');
    expect(await page.locator(`.step[data-step="${crashAt}"]`).getAttribute('class')).toContain('fault damage selected');
    await page.screenshot({ path: join(OUT, 'dual-write-crash-step.png'), fullPage: true });
  });

  it('at the last step, the panel names the lost event: acct-1#1 committed at LSN 4, and no record in Kafka has it', async () => {
    await page.keyboard.press('End');
    expect(await page.locator('#panel-reason').textContent()).toBe(
      'Why it fails: acct-1#1 committed at LSN 4; no record in Kafka has eventId acct-1#1 (Kafka holds no record)',
    );
    await page.screenshot({ path: join(OUT, 'dual-write-reason-last-step.png'), fullPage: true });
  });
});
