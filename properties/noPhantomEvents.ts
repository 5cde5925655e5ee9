import { atQuiescence } from '../src/engine/Property.ts';
import { allRecords } from '../models/world/kafka.ts';
import type { World } from '../models/world/World.ts';
import { listText, placedRecords, placeOf } from './internal/explainText.ts';
import { committedIds } from './internal/ids.ts';

/**
 * `no-phantom-events`: no event in Kafka stands for a change that never committed.
 *
 * Exact definition: in every terminal state, every record in Kafka whose ghost `change` is not
 * null (null marks a seed row that no request wrote) names a change in the ghost `committed`.
 * Checked at terminal states, because publish-then-commit strategies and listen-to-yourself
 * legitimately hold an event before its change commits; a phantom is one whose change never does.
 */
export const noPhantomEvents = atQuiescence<World>(
  'no-phantom-events',
  (w) => {
    const committed = committedIds(w);
    return allRecords(w.kafka).every((r) => r.change === null || committed.has(r.change));
  },
  { explain: explainPhantom },
);

/** "Kafka holds eventId acct-1#1 at account[0]@0, but acct-1#1 never committed (committed: none)". */
function explainPhantom(w: World): string | undefined {
  const committed = committedIds(w);
  const phantoms = placedRecords(w).filter((p) => p.record.change !== null && !committed.has(p.record.change));
  if (phantoms.length === 0) return undefined;
  const ids = [...new Set(phantoms.map((p) => p.record.change!))];
  const where = listText(phantoms.map((p) => `eventId ${p.record.change!} at ${placeOf(p)}`));
  return `Kafka holds ${where}, but ${listText(ids)} never committed (committed: ${listText(w.ghost.committed.map((c) => c.id))})`;
}
