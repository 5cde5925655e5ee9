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
});
