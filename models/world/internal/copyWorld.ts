import type { World } from '../World.ts';

/**
 * A copy of `world` that effects may mutate, made by hand instead of by immer: every part an
 * effect writes in place is copied (services, connector with its pending lists, relay,
 * consumers with their lists, budget, ghost lists); the database and the broker are shared,
 * since effects only ever replace them (`updateDb`, `updateKafka`) and their contents are
 * frozen. Pending entries, WAL entries and records are never changed in place.
 *
 * This is the `updates: 'copy'` fast path of `composeModel`; `composeModel.test.ts` checks that
 * it explores exactly the states immer's `produce` does. Pure.
 */
export function copyWorld(w: World): World {
  const c = w.connector;
  return {
    db: w.db,
    kafka: w.kafka,
    services: w.services.map((s) => ({ ...s })),
    connector: c ? { ...c, buffer: c.buffer.slice(), inflight: c.inflight.slice() } : null,
    relay: w.relay ? { ...w.relay } : null,
    consumers: w.consumers.map((u) => ({ ...u, positions: u.positions.slice(), committed: u.committed.slice(), applied: u.applied.slice(), dedup: u.dedup.slice() })),
    budget: { ...w.budget },
    ghost: { committed: w.ghost.committed.slice(), snapshots: w.ghost.snapshots.slice(), streamed: w.ghost.streamed.slice() },
  };
}
