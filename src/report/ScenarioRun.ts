import type { CheckResult, Violation } from '../engine/CheckResult.ts';
import type { Model } from '../engine/Model.ts';
import { buildTraceReport, type TraceReport } from './TraceReport.ts';
import type { ExpectedVerdict, VerdictRow } from './VerdictRow.ts';

/**
 * One scenario, checked: what the reports need to know about it. The report layer never imports
 * the scenario registry; the CLI fills this in.
 */
export interface ScenarioRun {
  scenario: {
    id: string;
    title: string;
    explanation: string;
    expected: Readonly<Partial<Record<string, ExpectedVerdict>>>;
  };
  /** The scope name the model was built at. */
  scope: string;
  /** The options that matter to reproduce the run (mode, seed); never timings. */
  options: Readonly<Record<string, unknown>>;
  model: Model<unknown, unknown>;
  result: CheckResult<unknown, unknown>;
  rows: readonly VerdictRow[];
}

/** The violations of a run that have a trace to show (a missed `sometimes` has none). */
export function reportableViolations(run: ScenarioRun): Violation<unknown, unknown>[] {
  return run.result.violations.filter((v) => v.kind !== 'sometimes' && v.trace.length > 0);
}

/** Interprets one violation of a run as a `TraceReport`. Pure. */
export function traceReportOf(run: ScenarioRun, violation: Violation<unknown, unknown>): TraceReport {
  const expected = run.scenario.expected[violation.property];
  return buildTraceReport(run.model, violation.trace, {
    scenario: run.scenario.id,
    property: violation.property,
    kind: violation.kind,
    title: run.scenario.title,
    explanation: run.scenario.explanation,
    scope: run.scope,
    expected: expected ?? 'holds',
    replay: violation.replay,
    options: violation.fastCheck ? { ...run.options, fastCheck: violation.fastCheck } : run.options,
  });
}
