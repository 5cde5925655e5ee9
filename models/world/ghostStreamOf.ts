import type { GhostStream, World } from './World.ts';

/**
 * The ghost's stream record of `world`. Throws when the world keeps none: no invariant it was
 * built with declares that it reads the record, so the connector's reads went unrecorded and an
 * answer from them would be wrong. Declare it (`invariant(…, { readsGhostStream: true })`, or
 * `readsGhostStream: true` on the scenario for its reach goals).
 */
export function ghostStreamOf(world: World): GhostStream {
  if (world.ghost.stream === null) {
    throw new Error(
      "this world keeps no ghost stream record (ghost.stream is null): no property it was built with declares that it reads it. Declare it: invariant(…, { readsGhostStream: true }), or readsGhostStream: true on the scenario for its reach goals",
    );
  }
  return world.ghost.stream;
}
