import type { ActorDef } from '../ActorDef.ts';
import type { World } from '../World.ts';

/**
 * A copy of `world` that a step of instance `self` of `actor` may write, made by hand instead of
 * by immer's proxies: the root and the instance's own record (`ActorDef.claim`) are copied;
 * everything else is shared with `world`.
 *
 * Sharing is safe because of the effects' rule (see `Effect`): they write only those records,
 * replace lists, the budget (`spend`) and the ghost record instead of changing them, and
 * replace the database and the broker whole. A
 * state therefore shares every record and list it did not change with its parent, which keeps
 * memory per state small and lets the generic key (`StructuralKeys`), which numbers objects by
 * identity first, pay only for what a step created.
 *
 * This is the default `updates: 'copy'` of `composeModel`; `composeModel.test.ts` checks that it
 * explores exactly the states immer's `produce` explores, on deep-frozen states, so an effect
 * that broke the rule would throw. Pure.
 */
export function copyWorld(world: World, actor: ActorDef, self: number): World {
  // Written out field by field: one object shape for every state, and faster than a spread.
  const copy: World = {
    db: world.db,
    kafka: world.kafka,
    services: world.services,
    connectors: world.connectors,
    relays: world.relays,
    consumers: world.consumers,
    groups: world.groups,
    budget: world.budget,
    ghost: world.ghost,
  };
  actor.claim(copy, self);
  return copy;
}
