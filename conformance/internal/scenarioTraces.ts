import { check } from '../../src/engine/check.ts';
import type { TraceStep } from '../../src/engine/CheckResult.ts';
import { buildTraceReport } from '../../src/report/TraceReport.ts';
import { toTraceFile, type TraceFile } from '../../src/report/TraceFile.ts';
import { getScenario } from '../../models/scenarios.ts';
import type { Action } from '../../models/world/Action.ts';
import type { World } from '../../models/world/World.ts';

/** A scenario trace ready for `replayOnPostgres`: the trace file and its replayed steps. */
export interface ScenarioTrace {
  file: TraceFile;
  steps: TraceStep<World, Action>[];
}

/**
 * The shortest counterexample to `property` in scenario `id` (small scope), as the CLI would
 * write it with `check --report`; undefined when the property holds.
 */
export function counterexample(id: string, property: string): ScenarioTrace | undefined {
  const scenario = getScenario(id);
  if (scenario === undefined) throw new Error(`unknown scenario ${id}`);
  const model = scenario.model('small');
  const violation = check(model).violations.find((v) => v.property === property);
  if (violation === undefined) return undefined;
  const steps = violation.trace as TraceStep<World, Action>[];
  const report = buildTraceReport(model, steps, { scenario: id, property, kind: violation.kind, scope: 'small', replay: violation.replay, expected: scenario.expected[property as keyof typeof scenario.expected] ?? 'violated' });
  return { file: toTraceFile(report), steps };
}

/**
 * A complete run of scenario `id` with no faults: from the initial state, always the first
 * enabled action that is not a fault, until nothing is enabled. For scenarios with no
 * counterexample this is the trace to re-enact; `property` names what the file is about.
 */
export function faultFreeRun(id: string, property: string, maxSteps = 500): ScenarioTrace {
  const scenario = getScenario(id);
  if (scenario === undefined) throw new Error(`unknown scenario ${id}`);
  const model = scenario.model('small');
  let state = model.initial()[0]!;
  const steps: TraceStep<World, Action>[] = [{ action: null, state }];
  for (let i = 0; i < maxSteps; i++) {
    const action = model.actions(state).find((a) => !(model.view?.isFault(a) ?? false));
    if (action === undefined) break;
    state = model.next(state, action);
    steps.push({ action, state });
  }
  const report = buildTraceReport(model, steps, { scenario: id, property, kind: 'eventually', scope: 'small', replay: '', expected: 'holds' });
  return { file: toTraceFile(report), steps };
}
