import { atQuiescence } from '../src/engine/Property.ts';
import type { World } from '../models/world/World.ts';
import { kafkaHolds, listText } from './internal/explainText.ts';
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
export const noLostEvents = atQuiescence<World>(
  'no-lost-events',
  (w) => {
    const inKafka = changesInKafka(w);
    return w.ghost.committed.every((c) => inKafka.has(c.id));
  },
  { explain: explainLost },
);

/** "acct-1#1 committed at LSN 4; no record in Kafka has eventId acct-1#1 (Kafka holds …)". */
function explainLost(w: World): string | undefined {
  const inKafka = changesInKafka(w);
  const lost = w.ghost.committed.filter((c) => !inKafka.has(c.id));
  if (lost.length === 0) return undefined;
  const ids = listText(lost.map((c) => c.id), 'none', 'or');
  return `${listText(lost.map((c) => `${c.id} committed at LSN ${c.lsn}`))}; no record in Kafka has eventId ${ids} (${kafkaHolds(w)})`;
}
