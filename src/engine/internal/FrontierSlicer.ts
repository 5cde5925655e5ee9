import { FRONTIER_PER_SHARD, type Shard, type ShardStats } from '../Shard.ts';

/**
 * Deals a breadth-first frontier out to the shards, once: at the first depth whose frontier holds
 * `FRONTIER_PER_SHARD × count` states, shard `index` keeps the states whose position in the
 * frontier is `index mod count`. Before that depth and after it, frontiers pass through whole.
 */
export class FrontierSlicer {
  private dealt: Omit<ShardStats, 'index' | 'count'> | undefined;

  constructor(private readonly shard: Shard) {}

  /**
   * This shard's part of the frontier at `depth` (states and their ids, in the same order), given
   * that `statesSoFar` distinct states are known, every one at `depth` or above.
   */
  deal<S>(depth: number, states: S[], ids: number[], statesSoFar: number): [S[], number[]] {
    const { index, count } = this.shard;
    if (this.dealt || states.length < FRONTIER_PER_SHARD * count) return [states, ids];
    const keptStates: S[] = [];
    const keptIds: number[] = [];
    for (let i = index; i < states.length; i += count) {
      keptStates.push(states[i]!);
      keptIds.push(ids[i]!);
    }
    this.dealt = { depth, frontier: states.length, kept: keptStates.length, prefixStates: statesSoFar };
    return [keptStates, keptIds];
  }

  /** What was dealt, for the result's stats; `statesSeen` is the search's count when nothing was. */
  stats(statesSeen: number): ShardStats {
    return { ...this.shard, ...(this.dealt ?? { depth: null, frontier: 0, kept: 0, prefixStates: statesSeen }) };
  }
}
