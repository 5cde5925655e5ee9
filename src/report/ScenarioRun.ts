import type { CheckResult, Violation } from '../engine/CheckResult.ts';
import type { Model } from '../engine/Model.ts';
import { pointOfNoReturn } from '../engine/pointOfNoReturn.ts';
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

/**
 * Interprets one violation of a run as a `TraceReport`, with the property's reason, the lasso's
 * loop-back step and the damage step (the engine's `pointOfNoReturn`, worked out once per
 * violation). Pure.
 */
export function traceReportOf(run: ScenarioRun, violation: Violation<unknown, unknown>): TraceReport {
  const expected = run.scenario.expected[violation.property];
  const damageStep = damageStepOf(run.model, violation);
  return buildTraceReport(run.model, violation.trace, {
    ...(violation.reason === undefined ? {} : { reason: violation.reason }),
    ...(violation.loopsBackTo === undefined ? {} : { loopsBackTo: violation.loopsBackTo }),
    ...(damageStep === undefined ? {} : { damageStep }),
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

const damageSteps = new WeakMap<Violation<unknown, unknown>, { step: number | undefined }>();

/**
 * The step where a violation's damage was done (`pointOfNoReturn` of its property over its
 * trace), remembered per violation, since the CLI renders a violation in several formats.
 * Undefined when the model no longer has the property, or the search could not tell.
 */
export function damageStepOf(model: Model<unknown, unknown>, violation: Violation<unknown, unknown>): number | undefined {
  let known = damageSteps.get(violation);
  if (!known) {
    const property = model.properties.find((p) => p.name === violation.property);
    known = { step: property ? pointOfNoReturn(model, property, violation.trace) : undefined };
    damageSteps.set(violation, known);
  }
  return known.step;
}
