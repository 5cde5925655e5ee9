import { describe, expect, it } from 'vitest';
import { renderHtmlReport } from './renderHtmlReport.ts';
import { renderMarkdownReport } from './renderMarkdownReport.ts';
import { renderSequenceDiagram } from './renderSequenceDiagram.ts';
import { renderTextTrace } from './renderTextTrace.ts';
import { traceReportOf } from './ScenarioRun.ts';
import { createStyle } from './Style.ts';
import { toyRun } from './fixtures/toyRun.ts';
import { toyLassoRun } from './fixtures/toyLasso.ts';
import { check } from '../engine/check.ts';
import { pingPong, ring } from '../engine/fixtures/liveness.ts';
import type { Model } from '../engine/Model.ts';
import type { ScenarioRun } from './ScenarioRun.ts';
import { verdictRows } from './VerdictRow.ts';

const run = toyRun();
const report = traceReportOf(run, run.result.violations[0]!);
const lassoRun = toyLassoRun();
const lasso = traceReportOf(lassoRun, lassoRun.result.violations[0]!);

describe('renderTextTrace', () => {
  it('numbers the steps, marks the crash and the changed lanes, and ends with the divergence', () => {
    const text = renderTextTrace(report, { replayCommand: 'npx cdc-check replay x.json' });
    expect(text).toContain('#1  Service → DB: ServiceCommit');
    expect(text).toContain('#2  ✖ Service: CrashService  [fault]  ⚑ point of no return');
    expect(text).toMatch(/\* DB +balance=100/);
    expect(text).toMatch(/\n {6}Kafka +nothing/);
    expect(text).toContain('changed: db.balance: null → 100; service: "idle" → "committed"');
    expect(text).toContain('finally: Service says crashed / DB says balance=100 / Kafka says nothing / Consumer says nothing applied');
    expect(text.trimEnd().endsWith('replay: npx cdc-check replay x.json')).toBe(true);
  });

  it('ends the trace with where the damage was done and why the property fails', () => {
    const lines = renderTextTrace(report, { replayCommand: 'r' }).split('\n');
    expect(lines.slice(-3)).toEqual([
      '  damage: the damage was done at step 2 (CrashService): from there on, no-lost-events could no longer hold on any path',
      '  why: balance=100 committed; Kafka holds no event for it',
      '  replay: r',
    ]);
    // Only the damage step carries the mark.
    expect(lines.filter((l) => l.includes('⚑'))).toEqual(['  #2  ✖ Service: CrashService  [fault]  ⚑ point of no return']);
  });

  it('leaves out the reason and the damage when the report does not know them', () => {
    const { reason: _r, damageStep: _d, ...bare } = report;
    const text = renderTextTrace(bare);
    expect(text).not.toMatch(/why:|damage:|⚑/);
  });

  it('shows a lasso as its stem, then the cycle, marked "loops back to step k"', () => {
    const lines = renderTextTrace(lasso).split('\n');
    expect(lines[0]).toBe('toy-retry · eventually-acked (eventually) violated in 3 steps, a lasso: steps 2–3 repeat for ever (step 3 loops back to step 1)');
    const at = (prefix: string) => lines.findIndex((l) => l.startsWith(prefix));
    const rule = at('  ── cycle');
    expect(lines[rule]).toBe('  ── cycle: from here to step 3, then back to step 1, for ever ──');
    expect(at('  #1')).toBeLessThan(rule);
    expect(at('  #2')).toBeGreaterThan(rule);
    expect(lines[at('  #3')]).toBe('  #3  Broker → Service: BrokerTimeOut  ↺ loops back to step 1');
    expect(lines).toContain('  why: the service is ready, and no send of it was ever acknowledged');
    // The goal stays reachable all along a retry loop: no step is a point of no return.
    expect(lasso.damageStep).toBeUndefined();
    expect(lines.join('\n')).not.toContain('⚑');
  });

  it('gives fast-check\'s seed and path for a trace found at random', () => {
    const random = { ...report, options: { mode: 'random', fastCheck: { seed: 42, path: '3:1', numRuns: 4 } } };
    expect(renderTextTrace(random)).toContain('fast-check: seed 42, path "3:1"');
    expect(renderTextTrace(report)).not.toContain('fast-check:');
  });

  it('is plain without a colour style and coloured with one', () => {
    expect(renderTextTrace(report)).not.toMatch(/\u001b\[/);
    expect(renderTextTrace(report, { style: createStyle(true) })).toMatch(/\u001b\[31m/);
  });
});

describe('renderSequenceDiagram', () => {
  it('has a participant per lane, messages to targets, a red band at the crash and the final divergence', () => {
    const mmd = renderSequenceDiagram(report);
    expect(mmd.split('\n')).toEqual([
      'sequenceDiagram',
      '  participant L0 as Service',
      '  participant L1 as DB',
      '  participant L2 as Kafka',
      '  participant L3 as Consumer',
      '  L0->>L1: 1. ServiceCommit',
      '  rect rgb(255, 221, 221)',
      '  Note over L0: ✖ 2. CrashService',
      '  end',
      '  Note over L0: ⚑ point of no return (step 2)',
      '  Note over L0,L3: ✗ no-lost-events<br/>why: balance=100 committed#59; Kafka holds no event for it<br/>Service says crashed<br/>DB says balance=100<br/>Kafka says nothing<br/>Consumer says nothing applied',
    ]);
  });

  it('puts a lasso\'s cycle in a loop block that says which step it loops back to', () => {
    expect(renderSequenceDiagram(lasso).split('\n').slice(3)).toEqual([
      '  Note over L0: 1. ServiceStart',
      '  loop cycle: steps 2–3, then back to step 1',
      '  L0->>L1: 2. ServiceSend',
      '  L1->>L0: 3. BrokerTimeOut',
      '  Note over L1: ↺ loops back to step 1',
      '  end',
      '  Note over L0,L1: ✗ eventually-acked<br/>why: the service is ready, and no send of it was ever acknowledged<br/>Service says ready<br/>Broker says nothing in flight',
    ]);
  });

  it('escapes characters that end or break a Mermaid statement', () => {
    const tricky = { ...report, lanes: ['A;B'], steps: report.steps.map((s) => ({ ...s, actor: 'A;B', target: null, says: { 'A;B': 'x#1 <y>' } })) };
    const mmd = renderSequenceDiagram(tricky);
    expect(mmd).toContain('participant L0 as A#59;B');
    expect(mmd).toContain('A#59;B says x#35;1 #60;y#62;');
  });
});

describe('renderMarkdownReport', () => {
  const md = renderMarkdownReport(report, { html: 'no-lost-events.html', json: 'no-lost-events.json', replayCommand: 'npx cdc-check replay reports/toy/no-lost-events.json' });
  it('gives the verdict, the explanation, a Mermaid sequence diagram, the timeline and the replay command', () => {
    expect(md).toMatch(/^# toy-dual-write · no-lost-events\n/);
    expect(md).toContain('**Verdict:** violated (as expected): balance=100 committed; Kafka holds no event for it. `no-lost-events` is');
    expect(md).toContain(run.scenario.explanation);
    expect(md).toContain('```mermaid\nsequenceDiagram\n');
    expect(md).toContain('| 2 | Service | ✖ **CrashService** (fault) · **⚑ point of no return** |');
    expect(md).toContain('**⚑ point of no return:** the damage was done at step 2 (CrashService): from there on, no-lost-events could no longer hold on any path.');
    expect(md).toContain('**Why it fails:** balance=100 committed; Kafka holds no event for it');
    expect(md).toContain('| **balance=100** |');
    expect(md).toContain('```sh\nnpx cdc-check replay reports/toy/no-lost-events.json\n```');
    expect(md).toContain('[interactive HTML](no-lost-events.html)');
  });
  it('flags a violation the scenario did not expect', () => {
    expect(renderMarkdownReport({ ...report, expected: 'holds' })).toContain('**violated: UNEXPECTED**');
  });
  it('shows a lasso\'s stem, then its cycle marked ↻, and the step it loops back to', () => {
    const out = renderMarkdownReport(lasso);
    expect(out).toContain('and is a lasso: steps 2–3 repeat for ever (step 3 loops back to step 1).');
    expect(out).toContain('\n| 1 | Service | ServiceStart |');
    expect(out).toContain('\n| ↻ 2 | Service → Broker | ServiceSend |');
    expect(out).toContain('\n| ↻ 3 | Broker → Service | BrokerTimeOut · **↺ loops back to step 1** |');
    expect(out).toContain('  loop cycle: steps 2–3, then back to step 1\n');
  });
});

describe('renderHtmlReport', () => {
  const html = renderHtmlReport(report);
  it('is one self-contained file: nothing is loaded from anywhere', () => {
    expect(html).not.toMatch(/\b(src|href)\s*=/i);
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).toContain("default-src 'none'");
  });
  it('draws a row per step with the crash marked, and embeds the data for the side panel', () => {
    expect(html.match(/class="grid step[^"]*" data-step=/g)).toHaveLength(3);
    expect(html).toContain('<div class="grid step fault damage" data-step="2">');
    expect(html).toContain('<span class="mark damage-mark">⚑ point of no return</span>');
    expect(html).toContain('<p class="reason"><strong>Why it fails:</strong> balance=100 committed; Kafka holds no event for it</p>');
    expect(html).toContain('<span class="w">Service</span><wbr><span class="w">Commit →</span>');
    const data = JSON.parse(/<script type="application\/json" id="trace-data">(.*?)<\/script>/s.exec(html)![1]!);
    expect(data.steps[2]).toMatchObject({ fault: true, says: { DB: 'balance=100', Kafka: 'nothing' } });
    expect(data).toMatchObject({ reason: 'balance=100 committed; Kafka holds no event for it', damageStep: 2, loopsBackTo: null });
  });
  it('marks a lasso\'s cycle rows, the rule before them and the loop-back at the last step', () => {
    const out = renderHtmlReport(lasso);
    expect(out.match(/class="grid step[^"]*" data-step="\d"/g)).toEqual([
      'class="grid step" data-step="0"',
      'class="grid step" data-step="1"',
      'class="grid step cycle" data-step="2"',
      'class="grid step cycle" data-step="3"',
    ]);
    expect(out.indexOf('<div class="cycle-start"')).toBeGreaterThan(out.indexOf('data-step="1"'));
    expect(out.indexOf('<div class="cycle-start"')).toBeLessThan(out.indexOf('data-step="2"'));
    expect(out).toContain('<span class="mark loop-mark">↺ loops back to step 1</span></div></div>');
    expect(out).toContain('<p class="lasso"><strong>↺ Lasso:</strong> steps 2–3 repeat for ever (step 3 loops back to step 1)</p>');
  });
  it('lets a long action name wrap only between words, never inside one', () => {
    const long = { ...report, steps: report.steps.map((s, i) => (i === 1 ? { ...s, action: 'ServiceWriteWithOutbox(svc1, acct-1#1)' } : s)) };
    expect(renderHtmlReport(long)).toContain(
      '<span class="w">Service</span><wbr><span class="w">Write</span><wbr><span class="w">With</span><wbr><span class="w">Outbox(</span><wbr><span class="w">svc1, </span><wbr><span class="w">acct-1#1) →</span>',
    );
  });
  it('cannot be broken out of by a state that contains markup', () => {
    const evil = { ...report, steps: report.steps.map((s) => ({ ...s, says: { ...s.says, DB: '</script><b>x</b>' } })) };
    const out = renderHtmlReport(evil);
    expect(out).not.toContain('</script><b>');
    expect(out.match(/<\/script>/g)).toHaveLength(2);
  });
});

/** A run of a small model through the real engine, its liveness pass included. */
function engineRun<S, A>(model: Model<S, A>): ScenarioRun {
  const result = check(model, {}) as unknown as ScenarioRun['result'];
  return {
    scenario: { id: model.name, title: '', explanation: '', expected: {} },
    scope: 'small',
    options: { mode: 'exhaustive' },
    model: model as unknown as ScenarioRun['model'],
    result,
    rows: verdictRows(model.name, {}, model.properties, result),
  };
}

describe('a real lasso from the engine\'s liveness pass, in every format', () => {
  const run = engineRun(pingPong());
  const v = run.result.violations[0]!;
  const lassoReport = traceReportOf(run, v);

  it('is the stem 0, then the cycle Ping, Pong back to step 0', () => {
    expect(v.loopsBackTo).toBe(0);
    expect(lassoReport.loopsBackTo).toBe(0);
    expect(lassoReport.steps.map((s) => s.action)).toEqual([null, '"Ping"', '"Pong"']);
  });

  it('text, Markdown, Mermaid and HTML all mark the cycle and say "loops back to step 0"', () => {
    const text = renderTextTrace(lassoReport);
    expect(text).toContain('── cycle: from here to step 2, then back to step 0, for ever ──');
    expect(text).toMatch(/#2 {2}.*"Pong" {2}↺ loops back to step 0/);
    const md = renderMarkdownReport(lassoReport);
    expect(md).toContain('| ↻ 1 |');
    expect(md).toContain('**↺ loops back to step 0**');
    expect(md).toContain('  loop cycle: steps 1–2, then back to step 0');
    const html = renderHtmlReport(lassoReport);
    expect(html.match(/class="grid step cycle"/g)).toHaveLength(2);
    expect(html).toContain('<span class="mark loop-mark">↺ loops back to step 0</span>');
  });

  it('has no point of no return when the goal stays reachable all along the lasso', () => {
    expect(lassoReport.damageStep).toBeUndefined();
  });

  it('marks the initial state as the point of no return when the goal was never reachable (the ring)', () => {
    const r = engineRun(ring());
    const report = traceReportOf(r, r.result.violations[0]!);
    expect(report).toMatchObject({ loopsBackTo: 0, damageStep: 0 });
    expect(renderTextTrace(report)).toContain('#0  (initial state)  ⚑ point of no return');
    expect(renderSequenceDiagram(report)).toContain('Note over L0: ⚑ point of no return (the initial state)');
  });
});
