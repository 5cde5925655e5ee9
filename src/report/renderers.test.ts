import { describe, expect, it } from 'vitest';
import { renderHtmlReport } from './renderHtmlReport.ts';
import { renderMarkdownReport } from './renderMarkdownReport.ts';
import { renderSequenceDiagram } from './renderSequenceDiagram.ts';
import { renderTextTrace } from './renderTextTrace.ts';
import { traceReportOf } from './ScenarioRun.ts';
import { createStyle } from './Style.ts';
import { toyRun } from './fixtures/toyRun.ts';

const run = toyRun();
const report = traceReportOf(run, run.result.violations[0]!);

describe('renderTextTrace', () => {
  it('numbers the steps, marks the crash and the changed lanes, and ends with the divergence', () => {
    const text = renderTextTrace(report, { replayCommand: 'npx cdc-check replay x.json' });
    expect(text).toContain('#1  Service → DB: ServiceCommit');
    expect(text).toContain('#2  ✖ Service: CrashService  [fault]');
    expect(text).toMatch(/\* DB +balance=100/);
    expect(text).toMatch(/\n {6}Kafka +nothing/);
    expect(text).toContain('changed: db.balance: null → 100; service: "idle" → "committed"');
    expect(text).toContain('finally: Service says crashed / DB says balance=100 / Kafka says nothing / Consumer says nothing applied');
    expect(text.trimEnd().endsWith('replay: npx cdc-check replay x.json')).toBe(true);
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
      '  Note over L0,L3: ✗ no-lost-events<br/>Service says crashed<br/>DB says balance=100<br/>Kafka says nothing<br/>Consumer says nothing applied',
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
    expect(md).toContain('**Verdict:** violated (as expected).');
    expect(md).toContain(run.scenario.explanation);
    expect(md).toContain('```mermaid\nsequenceDiagram\n');
    expect(md).toContain('| 2 | Service | ✖ **CrashService** (fault) |');
    expect(md).toContain('| **balance=100** |');
    expect(md).toContain('```sh\nnpx cdc-check replay reports/toy/no-lost-events.json\n```');
    expect(md).toContain('[interactive HTML](no-lost-events.html)');
  });
  it('flags a violation the scenario did not expect', () => {
    expect(renderMarkdownReport({ ...report, expected: 'holds' })).toContain('**violated: UNEXPECTED**');
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
    expect(html).toContain('<div class="grid step fault" data-step="2">');
    expect(html).toContain('ServiceCommit →');
    const data = JSON.parse(/<script type="application\/json" id="trace-data">(.*?)<\/script>/s.exec(html)![1]!);
    expect(data.steps[2]).toMatchObject({ fault: true, says: { DB: 'balance=100', Kafka: 'nothing' } });
  });
  it('cannot be broken out of by a state that contains markup', () => {
    const evil = { ...report, steps: report.steps.map((s) => ({ ...s, says: { ...s.says, DB: '</script><b>x</b>' } })) };
    const out = renderHtmlReport(evil);
    expect(out).not.toContain('</script><b>');
    expect(out.match(/<\/script>/g)).toHaveLength(2);
  });
});
