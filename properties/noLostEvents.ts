import { atQuiescence } from '../src/engine/Property.ts';
import type { World } from '../models/world/World.ts';
import { changesInKafka } from './internal/ids.ts';

/**
 * `no-lost-events`: every committed business change has its event in Kafka once the system is
 * quiescent.
 *
 * Exact definition: in every terminal state, for every change in the ghost `committed` (appended
 * when a transaction that made a request's business change commits), some record in some
 * partition of some topic has `change` equal to its eventId. Checked at terminal states only,
 * because an event is legitimately on its way between the commit and the append.
 */
export const noLostEvents = atQuiescence<World>('no-lost-events', (w) => {
  const inKafka = changesInKafka(w);
  return w.ghost.committed.every((c) => inKafka.has(c.id));
});
