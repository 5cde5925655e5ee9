import { always } from '../src/engine/Property.ts';
import type { CommittedChange, World } from '../models/world/World.ts';

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
export const perAggregateOrder = always<World>(
  'per-aggregate-order',
  (w) => outOfOrder(w) === undefined,
  { explain: explainOrder },
);

/**
 * The first pair of first applications of one aggregate's changes in the wrong order, or
 * undefined when there is none.
 */
function outOfOrder(w: World): { earlier: CommittedChange; later: CommittedChange } | undefined {
  // Checked on every new state, so without allocating: the lists are a handful long, and
  // "increasing per aggregate" is "no earlier first application of a later commit".
  const applied = w.consumers[0]!.applied;
  const committed = w.ghost.committed;
  for (let i = 0; i < applied.length; i++) {
    const c = firstApplication(applied, i) ? changeOf(committed, applied[i]!) : undefined;
    if (!c) continue;
    for (let j = 0; j < i; j++) {
      const earlier = firstApplication(applied, j) ? changeOf(committed, applied[j]!) : undefined;
      if (earlier && earlier.agg === c.agg && earlier.lsn > c.lsn) return { earlier, later: c };
    }
  }
  return undefined;
}

/** "the consumer applied acct-1#2 (committed at LSN 7) before acct-1#1 (committed at LSN 5), both of acct-1". */
function explainOrder(w: World): string | undefined {
  const pair = outOfOrder(w);
  if (!pair) return undefined;
  const { earlier, later } = pair;
  return `the consumer applied ${earlier.id} (committed at LSN ${earlier.lsn}) before ${later.id} (committed at LSN ${later.lsn}), both of aggregate ${later.agg}; the database committed them in the other order`;
}

function firstApplication(applied: readonly string[], i: number): boolean {
  return applied.indexOf(applied[i]!) === i;
}

function changeOf(committed: readonly CommittedChange[], id: string): CommittedChange | undefined {
  for (const c of committed) if (c.id === id) return c;
  return undefined;
}
