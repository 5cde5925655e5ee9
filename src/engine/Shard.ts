/**
 * Sharding: one search split over `count` processes or machines (a CI matrix, a Kubernetes
 * Indexed Job), each running shard `index` of `count`, whose results `cdc-check merge` combines.
 *
 * - Exhaustive mode: every shard searches breadth-first, together, down to the first depth whose
 *   frontier holds at least `FRONTIER_PER_SHARD × count` states; the frontier, in its
 *   (deterministic) breadth-first order, is then cut into `count` contiguous runs, shard `index`
 *   takes the `index`-th, and explores only the subtrees under it. Every state deeper than that depth is reached by a
 *   shortest path through some frontier state, so the shards together miss nothing; the states
 *   above it are explored by every shard (the redundant work `ShardStats.prefixStates` reports).
 *   Counterexamples keep their whole path from an initial state, and the shortest over all shards
 *   is as short as a single run's. `eventually` properties are refused: a lasso may run through
 *   several shards' subtrees, so no shard could see it. A shard that dealt its frontier out gives
 *   `incomplete` (or `violated`, for what it found): on its own it proves nothing holds.
 * - Random mode: shard `index` runs the same number of schedules under its own seed
 *   (`shardSeed`), so the shards sample different schedules and shard 0 samples the unsharded run's.
 */
export interface Shard {
  /** This shard's number, from 0 (as Kubernetes' `JOB_COMPLETION_INDEX`) to `count - 1`. */
  index: number;
  /** How many shards share the search, ≥ 1. */
  count: number;
}

/** What one exhaustive shard did, and how much of it every other shard did too. */
export interface ShardStats extends Shard {
  /**
   * The depth whose frontier was dealt out; `null` when the search ended before any frontier was
   * large enough, so this shard (like every other) explored the whole space alone.
   */
  depth: number | null;
  /** States in the frontier that was dealt out (0 when none was). */
  frontier: number;
  /** Of those, the states this shard explored the subtrees of. */
  kept: number;
  /**
   * Distinct states at the frontier's depth or above: explored by every shard, so all but one
   * shard's share of them is redundant work. Every state this shard saw when nothing was dealt out.
   */
  prefixStates: number;
  /**
   * The share was searched to its end, no bound hit: a property it did not find violated holds
   * throughout the share (and a `sometimes` it did not witness is nowhere in it).
   */
  complete: boolean;
}

/** The frontier is dealt out once it holds this many states per shard, so the shares even out. */
export const FRONTIER_PER_SHARD = 16;

/** An odd 32-bit constant: `index × it` differs for every index below 2³², so shard seeds never repeat. */
const SEED_STRIDE = 0x6c8e9cf5;

/**
 * The fast-check seed shard `index` runs in random mode: `seed` itself for shard 0, and a seed
 * of its own for every other shard (all distinct, as a signed 32-bit integer). Pure.
 */
export function shardSeed(seed: number, shard: Shard): number {
  return (seed + Math.imul(shard.index, SEED_STRIDE)) | 0;
}
