import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtmlReport } from './renderHtmlReport.ts';
import { traceReportOf } from './ScenarioRun.ts';
import { launchChromium } from './internal/launchChromium.ts';
import { toyRun } from './fixtures/toyRun.ts';

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
    expect(await row.getAttribute('class')).toBe('grid step fault selected');
    expect(await row.getAttribute('aria-current')).toBe('step');
    expect(await row.locator('.event').textContent()).toBe('✖ CrashService');
    await page.screenshot({ path: join(OUT, 'html-report-crash-step.png'), fullPage: true });
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
