import type { TraceStep } from '../CheckResult.ts';
import type { Model } from '../Model.ts';
import type { Property } from '../Property.ts';
import { AmpleSets } from './AmpleSets.ts';
import { shouldSample } from './ContractChecks.ts';
import type { ModelRunner } from './ModelRunner.ts';
import { ReductionChecks } from './ReductionChecks.ts';
import type { StateKey } from './VisitedStates.ts';

type Trace = readonly TraceStep<unknown, unknown>[];

/** What partial-order reduction did, counted as `CheckStats.reduction` counts it. */
export interface ReducerCounts {
  reducedStates: number;
  provisoExpansions: number;
  skippedTransitions: number;
}

/**
 * Partial-order reduction's step for one state, the same in the one-thread search and in each
 * worker of the parallel one: the ample set (`AmpleSets`), the cycle proviso, and the checks of
 * the declaration (`ReductionChecks`).
 *
 * The proviso (C3) for breadth-first search, owed while an always/sometimes property is open:
 * every successor by the ample set must be new, or found already at the next depth. Each reduced
 * edge then goes one depth down. An edge of the explored graph goes at most one depth down, so
 * every cycle has an edge that does not, from a fully expanded state: the condition of Peled's
 * C3. (The first form of Bošnački and Holzmann's BFS proviso, SPIN 2005, asks for new states
 * only, and loses most reductions to the diamonds a breadth-first search closes at the next
 * depth.) Terminal states need no proviso (Godefroid 1996, thm. 4.3).
 */
export class Reducer<S, A> {
  readonly checks: ReductionChecks<S, A>;
  readonly #ample: AmpleSets<S, A>;
  /** The ample set's successors, computed for the proviso, by action index: those of the state last chosen for. */
  readonly early = new Map<number, S>();
  /** Every state reduced so far, for sampling the checks (the counts may be reset by the caller). */
  #everReduced = 0;

  constructor(
    private readonly model: Model<S, A>,
    private readonly runner: ModelRunner<S, A>,
    /** Where the reduced states, proviso expansions and skipped transitions are counted. */
    readonly counts: ReducerCounts,
  ) {
    this.#ample = new AmpleSets(model, model.independence!, (a: A) => runner.format(a));
    this.checks = new ReductionChecks(runner);
  }

  /**
   * The indices into `acts` of the ample set to expand `state` by, or null to expand it fully.
   * `open`: the properties owed C2. `nextDepthStart`: the first id of the next depth. `find`
   * looks up the state last keyed into `key` (its id, or -1).
   */
  choose(state: S, acts: readonly A[], open: readonly Property<S>[], nextDepthStart: number, key: StateKey, find: (key: StateKey) => number, trace: () => Trace): readonly number[] | null {
    const runner = this.runner;
    this.early.clear();
    const choice = this.#ample.select(state, acts, open, trace);
    if (!choice) return null;
    const chosen = choice.actions;
    if (open.length > 0) {
      const before = this.checks.truths(choice.unchanged, state, trace);
      for (const i of chosen) {
        const ns = runner.next(state, acts[i]!, trace);
        this.early.set(i, ns);
        this.checks.checkInvisible(choice.unchanged, before, acts[i]!, ns, () => [...trace(), { action: acts[i]!, state: ns }]);
        runner.keyInto(key, ns, trace, acts[i]!);
        const seen = find(key);
        if (seen !== -1 && seen < nextDepthStart) {
          this.counts.provisoExpansions++;
          return null;
        }
      }
    }
    this.counts.reducedStates++;
    this.counts.skippedTransitions += acts.length - chosen.length;
    if (shouldSample(++this.#everReduced)) {
      const other = acts.findIndex((_, i) => !chosen.includes(i));
      this.checks.checkDiamond(state, acts[chosen[0]!]!, acts[other]!, trace);
      this.checks.checkReads(open, state, acts[other]!, this.model.independence!, trace);
      this.checks.checkStableSkipped(open, state, acts[other]!, trace);
    }
    return chosen;
  }
}
