/** What one worker is told to do with the frontier before it expands it. */
export interface FrontierMove {
  /** Ids of states to take over from other workers. */
  adopt: number[];
  /** How many of its own frontier states (its last ones) to give up. */
  drop: number;
}

/**
 * How to even out the workers' frontiers of one level, whose states have the ids
 * `[levelStart, levelEnd)` (each worker's ids grow in the order it found its states, and a level is
 * a range) and are held by `owner(id)`, `sizes[w]` of them by worker `w`; an id whose owner is no
 * worker (`n` or more: the holes `SharedVisited` leaves) is passed over.
 *
 * Nothing moves while the largest share exceeds the smallest by at most `tolerance` of the even
 * share (10% by default) or 16 states: moving a state costs the taker a replay of its path, or,
 * when the workers pack their states, a copy of its words (where a smaller tolerance pays).
 * Otherwise each worker over its even share gives its newest states (the highest ids it holds, the end of its frontier, which it then drops) to
 * those under theirs. Scans the level once, from the end, and only when something moves.
 */
export function planRebalance(sizes: readonly number[], levelStart: number, levelEnd: number, owner: (id: number) => number, tolerance = 0.1): FrontierMove[] {
  const n = sizes.length;
  const moves = sizes.map((): FrontierMove => ({ adopt: [], drop: 0 }));
  const total = sizes.reduce((a, b) => a + b, 0);
  const most = Math.max(...sizes);
  const least = Math.min(...sizes);
  if (most - least <= Math.max(16, tolerance * (total / n))) return moves;
  const target = sizes.map((_, w) => Math.floor(total / n) + (w < total % n ? 1 : 0));
  const give = sizes.map((s, w) => Math.max(0, s - target[w]!));
  const need = sizes.map((s, w) => Math.max(0, target[w]! - s));
  let taker = need.findIndex((k) => k > 0);
  let left = give.reduce((a, b) => a + b, 0);
  for (let id = levelEnd - 1; id >= levelStart && left > 0 && taker >= 0; id--) {
    const w = owner(id);
    if (w >= n || give[w]! === 0) continue;
    give[w]!--;
    left--;
    moves[w]!.drop++;
    moves[taker]!.adopt.push(id);
    if (--need[taker]! === 0) taker = need.findIndex((k) => k > 0);
  }
  return moves;
}
