import type { World } from '../World.ts';

/**
 * A copy of `world` that a step's effects may write, made by hand instead of by immer's proxies:
 * the root and every small record an effect assigns fields of (each service, the connector, the
 * relay, each consumer, the budget, the ghost record) are copied; everything else is shared.
 *
 * Sharing is safe because of the world's one rule for effects: a list is never changed in place,
 * it is replaced (`c.applied = [...c.applied, id]`), and the database and the broker are only
 * ever replaced whole (`updateDb`, `updateKafka`). A state therefore shares every list and
 * record it did not change with its parent, which is what keeps memory per state small and lets
 * caches keyed by object identity (`worldKey`) hit.
 *
 * This is the default `updates: 'copy'` of `composeModel`; `composeModel.test.ts` checks that it
 * explores exactly the states immer's `produce` explores, on deep-frozen states, so an effect
 * that broke the rule would throw. Pure.
 */
export function copyWorld(w: World): World {
  return {
    db: w.db,
    kafka: w.kafka,
    services: w.services.map(copyRecord),
    connector: w.connector ? { ...w.connector } : null,
    relay: w.relay ? { ...w.relay } : null,
    consumers: w.consumers.map(copyRecord),
    budget: { ...w.budget },
    ghost: { ...w.ghost },
  };
}

function copyRecord<T extends object>(r: T): T {
  return { ...r };
}
