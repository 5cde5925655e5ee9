import { atQuiescence } from '../src/engine/Property.ts';
import type { World } from '../models/world/World.ts';

/**
 * `at-least-once`: every committed change's event is processed by the consumer at least once.
 *
 * Exact definition: in every terminal state, every eventId in the ghost `committed` occurs in
 * the downstream consumer's (`consumers[0]`) `applied` list, which records each effect applied.
 */
export const atLeastOnce = atQuiescence<World>('at-least-once', (w) => {
  const applied = new Set(w.consumers[0]!.applied);
  return w.ghost.committed.every((c) => applied.has(c.id));
});
