import { describe, expect, it } from 'vitest';
import { buildTraceReport } from './TraceReport.ts';
import { toyDualWrite, toyT1Trace } from './fixtures/toyDualWrite.ts';

describe('buildTraceReport', () => {
  const report = buildTraceReport(toyDualWrite(), toyT1Trace(), {
    scenario: 'toy',
    property: 'no-lost-events',
    kind: 'atQuiescence',
    replay: 'r',
  });

  it('interprets each step through the view: actor, target, fault, what each lane says', () => {
    expect(report.lanes).toEqual(['Service', 'DB', 'Kafka', 'Consumer']);
    expect(report.steps.map((s) => [s.action, s.actor, s.target, s.fault])).toEqual([
      [null, null, null, false],
      ['ServiceCommit', 'Service', 'DB', false],
      ['CrashService', 'Service', null, true],
    ]);
    expect(report.steps[2]!.says).toMatchObject({ DB: 'balance=100', Kafka: 'nothing' });
  });

  it('marks the lanes whose text changed and diffs the states structurally', () => {
    expect(report.steps[1]!.changedLanes).toEqual(['Service', 'DB']);
    expect(report.steps[1]!.changes.map((c) => c.path)).toEqual(['db.balance', 'service']);
    expect(report.steps[2]!.changedLanes).toEqual(['Service']);
    expect(report.steps[0]!.changes).toEqual([]);
  });

  it('falls back to a single lane showing the state as JSON when the model has no view', () => {
    const { view: _drop, ...bare } = toyDualWrite();
    const r = buildTraceReport(bare, toyT1Trace(), { scenario: 't', property: 'p', kind: 'always', replay: '' });
    expect(r.lanes).toEqual(['Model']);
    expect(r.steps[1]!.says.Model).toContain('"balance":100');
    expect(r.steps[1]!.changedLanes).toEqual(['Model']);
  });
});
