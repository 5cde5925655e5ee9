import type { ModelSource } from './ModelSource.ts';
import type { PropertyKind } from './Property.ts';
import type { Shard, ShardStats } from './Shard.ts';

/** How a check explores: breadth-first over every reachable state, or at random with fast-check. */
export type CheckMode = 'exhaustive' | 'random';

/** Progress snapshot passed to `CheckOptions.onProgress`. */
export interface Progress {
  states: number;
  transitions: number;
  depth: number;
  ms: number;
}

/** Options for `check`. Every field is optional; invalid values throw `InvalidOptionError`. */
export interface CheckOptions {
  /** Default `'exhaustive'`. */
  mode?: CheckMode;
  /** Exhaustive: stop with `incomplete` after this many distinct states. Default 5,000,000. */
  maxStates?: number;
  /** Exhaustive: do not expand states at this depth; if any had successors, `incomplete`. */
  maxDepth?: number;
  /** Stop with `incomplete` after this many milliseconds of wall time. */
  timeoutMs?: number;
  /**
   * Exhaustive: stop with `incomplete` once the JavaScript heap holds this many megabytes, rather
   * than let the process die out of memory. When the heap in use reaches it, the heap is collected
   * first, and the search goes on if what is alive is below 95% of it. Default: 70% of the heap
   * limit (which `NODE_OPTIONS=--max-old-space-size=MB` raises), leaving V8 room to collect.
   */
  maxMemoryMb?: number;
  /** Random: fast-check seed. Default 42, so runs are reproducible unless asked otherwise. */
  seed?: number;
  /** Random: number of random schedules. Default 200. */
  runs?: number;
  /** Random: maximum steps per schedule. Default 100. */
  maxSteps?: number;
  /**
   * Exhaustive: keep every state's full key instead of a 64-bit fingerprint of it, so no two
   * states can ever be merged by a hash collision; costs memory in proportion to the keys'
   * length and caps the search at 2²⁴ states. Default false: fingerprints, about 40 bytes a
   * state, with the collision odds in `stats.collisionProbability`.
   */
  exactKeys?: boolean;
  /** Exhaustive: deduplicate by `model.representative` (symmetry reduction). Default false. */
  symmetry?: boolean;
  /**
   * Exhaustive: keep exploring after every property is decided, so `stats` count the whole
   * reachable space. Default false: like Stateright, stop once nothing is left to learn.
   */
  exploreAll?: boolean;
  /**
   * Run shard `index` of `count` (see `Shard.ts`). Exhaustive: explore the subtrees under a share of
   * one breadth-first frontier (refused for a model with `eventually` properties); `stats.shard`
   * says which. Random: sample with a seed of the shard's own. A shard's result covers its share
   * only: a violation is real, anything else is `incomplete` and waits for `cdc-check merge`
   * (`stats.shard.complete` says whether the share itself was searched to its end). Default: none.
   */
  shard?: Shard;
  /** Called now and then during a long exploration (for progress bars). */
  onProgress?: (progress: Progress) => void;
  /**
   * Exhaustive: search on this many worker threads (see docs/parallel-search.md), which needs
   * `source`, since a worker must build the model itself. The verdicts, and for a complete search
   * the counts, are those of one worker; counterexamples are as short. Not with `shard` or
   * `exactKeys`; a model with `eventually` properties is checked by one worker
   * (`stats.workersNote` says so). Default 1: the search runs in this thread.
   */
  workers?: number;
  /** Where a worker thread imports the model from: needed when `workers` > 1 (see `ModelSource`). */
  source?: ModelSource;
  /**
   * Exhaustive: `'por'` applies partial-order reduction with the model's `independence`
   * declaration (see docs/partial-order-reduction.md): the same verdicts with fewer states, but
   * counterexamples need not be shortest. Switched off, and `stats.reduction.note` says why, for a
   * model with `eventually` properties. Not with `shard` or in random mode; with `symmetry` and
   * with `workers` > 1 it reduces as it does alone. Default `'none'`.
   */
  reduction?: Reduction;
  /**
   * Exhaustive: skip a new state when a state met at its depth or above covers it, alike but with
   * more of one of the model's `budgets` left (see docs/subsumption.md): the same verdicts with
   * fewer states, once every `sometimes` property is decided. Needs `model.budgets`; switched off,
   * and `stats.subsumption.note` says why, for a model with `eventually` properties. Not with
   * `shard` or in random mode. Default false.
   */
  subsumption?: boolean;
}

/** What subsumption did in one search (`CheckStats.subsumption`). */
export interface SubsumptionStats {
  /** Whether states were skipped at all; false when the model's properties rule it out. */
  applied: boolean;
  /** Why subsumption was not applied, when it was not. */
  note?: string;
  /** New states skipped because a state met before covers them. */
  subsumed: number;
}

/** The state-space reductions `CheckOptions.reduction` offers. */
export type Reduction = 'none' | 'por';

/** What partial-order reduction did in one search (`CheckStats.reduction`). */
export interface ReductionStats {
  /** Whether reduced sets were used at all; false when the model's properties rule it out. */
  applied: boolean;
  /** Why the reduction was not applied, when it was not. */
  note?: string;
  /** States expanded with an ample set smaller than their enabled actions. */
  reducedStates: number;
  /** States with an ample set that the cycle proviso made the search expand fully. */
  provisoExpansions: number;
  /** Transitions not taken because their state was expanded with a smaller set. */
  skippedTransitions: number;
}

/** Exploration statistics. */
export interface CheckStats {
  /** Distinct states visited (after deduplication). */
  states: number;
  /** Successor computations performed. */
  transitions: number;
  /** Deepest depth reached (number of actions from an initial state). */
  maxDepth: number;
  /** Wall-clock milliseconds. */
  ms: number;
  /** Milliseconds until the first violation was found, when there was one. */
  firstViolationMs?: number;
  /**
   * Exhaustive mode: the odds that two of the states visited share a 64-bit fingerprint, about
   * n²/2⁶⁵ for n states, as TLC reports it (a collision would merge two states and could hide a
   * violation); under symmetry, plus the odds of the prints that remember states' classes
   * (about m²/2⁶⁵ for the m states whose representative was worked out). 0 with `exactKeys`.
   */
  collisionProbability?: number;
  /** Exhaustive mode with `CheckOptions.shard`: the frontier dealt out and the redundant work. */
  shard?: ShardStats;
  /** Exhaustive mode with `CheckOptions.workers` > 1: the number of threads that searched. */
  workers?: number;
  /** Why fewer workers searched than were asked for, when that happened. */
  workersNote?: string;
  /** With `CheckOptions.reduction: 'por'`: what the partial-order reduction did. */
  reduction?: ReductionStats;
  /** With `CheckOptions.subsumption`: what subsumption did. */
  subsumption?: SubsumptionStats;
}

/** One step of a trace: the action taken (null for the initial state) and the state it led to. */
export interface TraceStep<S, A> {
  action: A | null;
  state: S;
}

/** A property that does not hold, with the evidence. */
export interface Violation<S, A> {
  /** The property's name. */
  property: string;
  kind: PropertyKind;
  /**
   * The evidence: for `always`, a path to a bad state; for `atQuiescence`, a path to a terminal
   * state where it fails; for `eventually`, a path with the property false in every state that
   * ends in a terminal state, or a lasso (see `loopsBackTo`); for `sometimes`, the empty trace
   * (no state was found). In exhaustive mode `always` and `atQuiescence` traces are shortest.
   */
  trace: TraceStep<S, A>[];
  /**
   * Set when the trace is a lasso: its last state equals the state at step `loopsBackTo`, so
   * the steps after `loopsBackTo` form a cycle the system can repeat for ever.
   */
  loopsBackTo?: number;
  /** Why the property fails at the end of the trace, from the property's `explain`. */
  reason?: string;
  /**
   * A string that reproduces `trace` exactly with `replay(model, string)`, the lasso's loop
   * included. Empty for `sometimes`.
   */
  replay: string;
  /** Random mode: fast-check's seed and shrunk path (`fc.assert(..., { seed, path })`). */
  fastCheck?: { seed: number; path: string; numRuns: number };
}

/** The verdict of `check`. `ok` is only ever given after a complete exploration. */
export interface CheckResult<S, A> {
  status: 'ok' | 'violated' | 'incomplete';
  stats: CheckStats;
  violations: Violation<S, A>[];
  /** Why the result is `incomplete` (a bound was hit), or notes on a random run. */
  reason?: string;
  /**
   * Properties this run could not settle either way: an `always`/`eventually` with no violation
   * after an incomplete search (or any random run), and a `sometimes` never witnessed by such a
   * run. A property that is neither violated nor listed here is proven (or, for `sometimes`,
   * witnessed). Empty after a complete exhaustive search.
   */
  undecided: string[];
  /** The mode that produced this result. */
  mode: CheckMode;
}
