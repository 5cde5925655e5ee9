import type { TraceStep } from '../../src/engine/CheckResult.ts';
import type { Model } from '../../src/engine/Model.ts';
import type { ScopeName } from '../../models/Scenario.ts';
import { buildScenario } from '../../models/scenarios.ts';
import type { Action } from '../../models/world/Action.ts';
import type { World } from '../../models/world/World.ts';

/**
 * The model of scenario `id` at `scope` that keeps its WAL even without a connector
 * (`BuildOptions.keepWal`), and `steps` with that WAL in every state. A replay on a real server
 * compares the server's logical decoding with the model's WAL, which a world without a connector
 * does not keep. A trace whose states have it is returned as it is; otherwise its actions are
 * stepped in the model and each recorded state gets the WAL reached, the rest kept as recorded,
 * so a recorded state the model would not reach still diverges on the server. Throws when an
 * action of the trace is not enabled there: the trace is of another model.
 */
export function traceWithWal(id: string, scope: ScopeName, steps: readonly TraceStep<World, Action>[]): { model: Model<World, Action>; trail: TraceStep<World, Action>[] } {
  const model = buildScenario(id, { scope, keepWal: true });
  if (steps[0]!.state.db.decoded) return { model, trail: [...steps] };
  let kept = model.initial()[0]!;
  const trail = steps.map((step, i) => {
    let action = step.action;
    if (i > 0) {
      const { def, self, event, arg } = step.action!;
      action = model.actions(kept).find((a) => a.def === def && a.self === self && a.event === event && a.arg === arg) ?? null;
      if (action === null) throw new Error(`step ${i} of the trace, ${event} of actor ${def}:${self}, is not enabled in its scenario's model: the trace is of another model`);
      kept = model.next(kept, action);
    }
    return { action, state: { ...step.state, db: { ...step.state.db, decoded: true, wal: kept.db.wal } } };
  });
  return { model, trail };
}
