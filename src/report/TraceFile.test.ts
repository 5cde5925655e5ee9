import { describe, expect, it } from 'vitest';
import { parseTraceFile, toTraceFile, traceFileStates, TraceFileError, TRACE_FORMAT_VERSION } from './TraceFile.ts';
import { traceReportOf } from './ScenarioRun.ts';
import { toyRun } from './fixtures/toyRun.ts';
import { toyT1Trace } from './fixtures/toyDualWrite.ts';

const run = toyRun();
const file = toTraceFile(traceReportOf(run, run.result.violations[0]!));

describe('TraceFile', () => {
  it('has an ITF-like shape: #meta header, vars, and states of those vars with per-step #meta', () => {
    expect(file['#meta']).toMatchObject({
      format: 'cdc-check-trace',
      formatVersion: TRACE_FORMAT_VERSION,
      model: { name: 'toy-dual-write', version: '1' },
      scenario: 'toy-dual-write',
      property: 'no-lost-events',
      kind: 'atQuiescence',
      expected: 'violated',
      scope: 'small',
      replay: 'toy-dual-write@1:0.1',
    });
    expect(file.vars).toEqual(['consumer', 'crashes', 'db', 'kafka', 'service']);
    expect(file.actions).toEqual(['ServiceCommit', 'CrashService']);
    expect(file.states[2]!['#meta']).toMatchObject({ index: 2, action: 'CrashService', actionData: { type: 'CrashService' }, fault: true });
    expect(file.states[2]!.db).toEqual({ balance: 100 });
  });

  it('round-trips through JSON text back to the exact states', () => {
    const parsed = parseTraceFile(JSON.stringify(file));
    expect(traceFileStates(parsed)).toEqual(toyT1Trace().map((s) => s.state));
  });

  it('rejects what it cannot read with a message that names the problem', () => {
    expect(() => parseTraceFile('{')).toThrow(TraceFileError);
    expect(() => parseTraceFile('{')).toThrow(/not JSON/);
    expect(() => parseTraceFile('{"a":1}')).toThrow(/not a cdc-check trace/);
    expect(() => parseTraceFile(JSON.stringify({ ...file, '#meta': { ...file['#meta'], format: 'itf' } }))).toThrow(/format is "itf"/);
    expect(() => parseTraceFile(JSON.stringify({ ...file, '#meta': { ...file['#meta'], formatVersion: 99 } }))).toThrow(/version 99 is newer/);
    const { replay: _r, ...noReplay } = file['#meta'];
    expect(() => parseTraceFile(JSON.stringify({ ...file, '#meta': noReplay }))).toThrow(/#meta.replay/);
  });

  it('writes reason, loopsBackTo and damageStep into #meta when the report has them, and reads them back', () => {
    const report = { ...traceReportOf(run, run.result.violations[0]!), reason: 'acct-1#1 never reached Kafka', loopsBackTo: 1, damageStep: 2 };
    const withWhy = toTraceFile(report);
    expect(withWhy['#meta']).toMatchObject({ reason: 'acct-1#1 never reached Kafka', loopsBackTo: 1, damageStep: 2 });
    expect(parseTraceFile(JSON.stringify(withWhy))['#meta'].damageStep).toBe(2);
    const { reason: _r, loopsBackTo: _l, damageStep: _d, ...bare } = report;
    expect(Object.keys(toTraceFile(bare)['#meta']).filter((k) => ['reason', 'loopsBackTo', 'damageStep'].includes(k))).toEqual([]);
    expect(() => parseTraceFile(JSON.stringify({ ...withWhy, '#meta': { ...withWhy['#meta'], loopsBackTo: -1 } }))).toThrow(/^#meta\.loopsBackTo: /);
  });

  it('names the path of the first problem, and the value as written', () => {
    const bad = (edit: (f: any) => void) => {
      const f = JSON.parse(JSON.stringify(file));
      edit(f);
      return () => parseTraceFile(JSON.stringify(f));
    };
    expect(bad((f) => (f['#meta'].formatVersion = '1'))).toThrow('#meta.formatVersion: expected number, got the string "1"');
    expect(bad((f) => (f.states[2]['#meta'].fault = 'yes'))).toThrow('states[2].#meta.fault: expected boolean, got the string "yes"');
    expect(bad((f) => (f['#meta'].kind = 'never'))).toThrow(/^#meta\.kind: expected "always" or "eventually"/);
    expect(bad((f) => (f['#meta'].surprise = 1))).toThrow('#meta: unknown field "surprise"');
    expect(bad((f) => delete f.states[1].db)).toThrow('states[1]: lacks "db" from "vars"');
    expect(bad((f) => f.actions.pop())).toThrow('actions: has 1 entries for 3 states, expected 2');
  });
});
