import { always } from '../src/engine/Property.ts';
import type { World } from '../models/world/World.ts';

/**
 * `per-aggregate-order`: for each aggregate, the consumer applies changes in the database's
 * commit order.
 *
 * Exact definition: in every reachable state, take the downstream consumer's `applied` list,
 * keep the first application of each change, and keep only committed changes (ghost
 * `committed`, with their commit LSN); then for each aggregate the commit LSNs in that order
 * are strictly increasing. Repeated applications are `exactly-once-effect`'s concern, changes
 * never applied are `at-least-once`'s, and a change skipped over is not a reordering.
 */
export const perAggregateOrder = always<World>('per-aggregate-order', (w) => {
  const lsn = new Map(w.ghost.committed.map((c) => [c.id, c] as const));
  const seen = new Set<string>();
  const last = new Map<string, number>();
  for (const id of w.consumers[0]!.applied) {
    if (seen.has(id)) continue;
    seen.add(id);
    const c = lsn.get(id);
    if (!c) continue;
    if ((last.get(c.agg) ?? -1) > c.lsn) return false;
    last.set(c.agg, c.lsn);
  }
  return true;
});
