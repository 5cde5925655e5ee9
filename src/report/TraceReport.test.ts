import { describe, expect, it } from 'vitest';
import { buildTraceReport } from './TraceReport.ts';
import { toyDualWrite, toyT1Trace, toyTrace } from './fixtures/toyDualWrite.ts';
import { toyLassoRun } from './fixtures/toyLasso.ts';
import { toyRun } from './fixtures/toyRun.ts';
import { traceReportOf } from './ScenarioRun.ts';

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

  it('asks the property why it fails on the last state when the subject gives no reason', () => {
    expect(report.reason).toBe('balance=100 committed; Kafka holds no event for it');
    const given = buildTraceReport(toyDualWrite(), toyT1Trace(), { scenario: 'toy', property: 'no-lost-events', kind: 'atQuiescence', replay: 'r', reason: 'told' });
    expect(given.reason).toBe('told');
  });

  it('gives no reason where the property holds, or has no explain', () => {
    const fine = buildTraceReport(toyDualWrite(), toyTrace(toyDualWrite(), ['ServiceCommit', 'ServicePublish']), { scenario: 'toy', property: 'no-lost-events', kind: 'atQuiescence', replay: 'r' });
    expect(fine.reason).toBeUndefined();
    const other = buildTraceReport(toyDualWrite(), toyT1Trace(), { scenario: 'toy', property: 'no-phantom-events', kind: 'always', replay: 'r' });
    expect(other).not.toHaveProperty('reason');
  });
});

describe('traceReportOf', () => {
  it('carries the violation\'s reason and loop-back step, and finds where the damage was done', () => {
    const run = toyRun();
    expect(traceReportOf(run, run.result.violations[0]!)).toMatchObject({ reason: 'balance=100 committed; Kafka holds no event for it', damageStep: 2 });
    expect(traceReportOf(run, run.result.violations[0]!)).not.toHaveProperty('loopsBackTo');
    const lasso = toyLassoRun();
    const r = traceReportOf(lasso, lasso.result.violations[0]!);
    expect(r).toMatchObject({ loopsBackTo: 1, kind: 'eventually', reason: 'the service is ready, and no send of it was ever acknowledged' });
    expect(r).not.toHaveProperty('damageStep');
  });
});
