import { allRecords } from '../../models/world/kafka.ts';
import type { World } from '../../models/world/World.ts';

/** The changes that the records in Kafka stand for (ghost `change`), without repeats. */
export function changesInKafka(w: World): Set<string> {
  const out = new Set<string>();
  for (const r of allRecords(w.kafka)) if (r.change !== null) out.add(r.change);
  return out;
}

/** The eventIds of every committed business change. */
export function committedIds(w: World): Set<string> {
  return new Set(w.ghost.committed.map((c) => c.id));
}
