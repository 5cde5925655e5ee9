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
 * The shortest counterexample to each violated property of scenario `id` (small scope), as the
 * CLI would write them with `check --report`, from one exhaustive check.
 */
export function counterexamples(id: string): Map<string, ScenarioTrace> {
  const scenario = getScenario(id);
  if (scenario === undefined) throw new Error(`unknown scenario ${id}`);
  const model = scenario.model('small');
  const out = new Map<string, ScenarioTrace>();
  for (const violation of check(model).violations) {
    if (violation.trace.length === 0) continue;
    const steps = violation.trace as TraceStep<World, Action>[];
    const expected = scenario.expected[violation.property as keyof typeof scenario.expected] ?? 'violated';
    const report = buildTraceReport(model, steps, { scenario: id, property: violation.property, kind: violation.kind, scope: 'small', replay: violation.replay, expected });
    out.set(violation.property, { file: toTraceFile(report), steps });
  }
  return out;
}

/** The shortest counterexample to `property` in scenario `id`; undefined when it holds. */
export function counterexample(id: string, property: string): ScenarioTrace | undefined {
  return counterexamples(id).get(property);
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
  const report = buildTraceReport(model, steps, { scenario: id, property, kind: 'atQuiescence', scope: 'small', replay: '', expected: 'holds' });
  return { file: toTraceFile(report), steps };
}
