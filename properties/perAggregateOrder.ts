import { always } from '../src/engine/Property.ts';
import type { CommittedChange, ConsumerGroupState, World } from '../models/world/World.ts';
import { groupText } from './internal/downstream.ts';

/**
 * `per-aggregate-order`: for each aggregate, every downstream application applies changes in
 * the database's commit order, whichever instances of its consumer group applied them.
 *
 * Exact definition: in every reachable state, for each downstream consumer group
 * (`downstreamGroups`), take its `applied` list (the store its instances share, in the order
 * the effects were applied),
 * keep the first application of each change, and keep only committed changes (ghost
 * `committed`, with their commit LSN); then for each aggregate the commit LSNs in that order
 * are strictly increasing. Repeated applications are `exactly-once-effect`'s concern, changes
 * never applied are `at-least-once`'s, and a change skipped over is not a reordering.
 *
 * Stable (for partial-order reduction): once violated, violated in every later state.
 */
export const perAggregateOrder = always<World>(
  'per-aggregate-order',
  (w) => outOfOrder(w) === undefined,
  // Stable: `applied` and the ghost's `committed` only grow, so a pair out of order stays so.
  { explain: explainOrder, stable: true },
);

/**
 * The first pair of first applications of one aggregate's changes in the wrong order, or
 * undefined when there is none.
 */
function outOfOrder(w: World): { group: ConsumerGroupState; earlier: CommittedChange; later: CommittedChange } | undefined {
  for (const g of w.groups) {
    if (g.sink !== 'store') continue;
    const pair = outOfOrderIn(g.applied, w.ghost.committed);
    if (pair) return { group: g, ...pair };
  }
  return undefined;
}

/** The first pair of first applications in `applied` of one aggregate's changes in the wrong order. */
function outOfOrderIn(applied: readonly string[], committed: readonly CommittedChange[]): { earlier: CommittedChange; later: CommittedChange } | undefined {
  // Checked on every new state, so without allocating: the lists are a handful long, and
  // "increasing per aggregate" is "no earlier first application of a later commit".
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
  const { group, earlier, later } = pair;
  return `${groupText(w, group)} applied ${earlier.id} (committed at LSN ${earlier.lsn}) before ${later.id} (committed at LSN ${later.lsn}), both of aggregate ${later.agg}; the database committed them in the other order`;
}

function firstApplication(applied: readonly string[], i: number): boolean {
  return applied.indexOf(applied[i]!) === i;
}

function changeOf(committed: readonly CommittedChange[], id: string): CommittedChange | undefined {
  for (const c of committed) if (c.id === id) return c;
  return undefined;
}
