import type { TraceStep } from './CheckResult.ts';
import type { Model } from './Model.ts';
import type { Property } from './Property.ts';
import { ModelRunner } from './internal/ModelRunner.ts';

/** Options for `pointOfNoReturn`. */
export interface PointOfNoReturnOptions {
  /**
   * How many distinct states one probe (a search from one state of the trace) may expand before
   * it gives up; the answer is then `undefined`, never a guess. Default 100,000.
   */
  maxStatesPerProbe?: number;
}

/** What `pointOfNoReturnOf` found, with what it cost. */
export interface PointOfNoReturnResult {
  /**
   * The first step of the trace from which the property's goal can no longer be reached, or
   * undefined: when a probe hit its bound, when the goal stays reachable all along the trace (a
   * lasso that merely keeps avoiding it), or for a `sometimes` property.
   */
  step: number | undefined;
  /** Why `step` is undefined, when it is. */
  undecided?: 'bound' | 'never-doomed' | 'no-trace';
  /** Probes run (searches from a state of the trace). */
  probes: number;
  /** States expanded (successors computed) over all probes. */
  states: number;
}

const DEFAULT_MAX_STATES = 100_000;

/** A state a probe reached, with the action and the state it was reached from (null for the probe's start). */
interface Visit<S, A> {
  state: S;
  action: A | null;
  parent: Visit<S, A> | null;
}

/**
 * The point of no return of a counterexample: the first step after which the property could no
 * longer be satisfied, whatever happens next. For a lost event, the crash, or the confirmation
 * that skipped it, rather than the terminal state where the loss shows.
 *
 * - `atQuiescence`: the goal is a terminal state where the property holds. The answer is the
 *   first state of the trace from which no such state is reachable.
 * - `eventually`: the goal is any state where the property holds (fairness is not needed: a goal
 *   that cannot be reached on any path cannot be reached on a fair one).
 * - `always`: the last step, where the property first fails.
 * - `sometimes`: undefined (its counterexample has no trace).
 *
 * Doom is monotone along a path (what a later state reaches, an earlier one reaches too), so the
 * step is found by binary search over the trace, with a bounded depth-first search per probe.
 * States found doomed by one probe are not expanded again by the next. Pure and deterministic.
 */
export function pointOfNoReturn<S, A>(
  model: Model<S, A>,
  property: Property<S>,
  trace: readonly TraceStep<S, A>[],
  options: PointOfNoReturnOptions = {},
): number | undefined {
  return pointOfNoReturnOf(model, property, trace, options).step;
}

/** `pointOfNoReturn`, with why it is undefined and what the search cost. */
export function pointOfNoReturnOf<S, A>(
  model: Model<S, A>,
  property: Property<S>,
  trace: readonly TraceStep<S, A>[],
  options: PointOfNoReturnOptions = {},
): PointOfNoReturnResult {
  const last = trace.length - 1;
  if (last < 0 || property.kind === 'sometimes') return { step: undefined, undecided: 'no-trace', probes: 0, states: 0 };
  if (property.kind === 'always') return { step: last, probes: 0, states: 0 };
  // No symmetry reduction: a representative need only preserve the properties the check was
  // asked about, and a probe's goal may tell apart states a representative merges.
  const runner = new ModelRunner(model, false);
  const max = options.maxStatesPerProbe ?? DEFAULT_MAX_STATES;
  const doomedKeys = new Set<string>();
  let probes = 0;
  let states = 0;

  /** True when no goal is reachable from the state at step `from`, false when one is, undefined at the bound. */
  const doomed = (from: number): boolean | undefined => {
    probes++;
    const start = trace[from]!.state;
    // A model that misbehaves during a probe gets its ModelError with the path to the state it
    // misbehaved in: the counterexample up to the probe's start, then the probe's own steps.
    const pathTo = (node: Visit<S, A>) => (): readonly TraceStep<unknown, unknown>[] => {
      const steps: TraceStep<S, A>[] = [];
      // Only the probe's start has no action, and every other visit has a parent.
      for (let v = node; v.action !== null; v = v.parent!) steps.push({ action: v.action, state: v.state });
      return [...trace.slice(0, from + 1), ...steps.reverse()] as readonly TraceStep<unknown, unknown>[];
    };
    const root: Visit<S, A> = { state: start, action: null, parent: null };
    const startKey = runner.key(start, pathTo(root));
    if (doomedKeys.has(startKey)) return true;
    const seen = new Set<string>([startKey]);
    const stack: Visit<S, A>[] = [root];
    let expanded = 0;
    while (stack.length > 0) {
      const v = stack.pop()!;
      const here = pathTo(v);
      const actions = runner.actions(v.state, here);
      const isGoal = (property.kind === 'eventually' || actions.length === 0) && runner.holds(property, v.state, here);
      if (isGoal) {
        states += expanded;
        return false;
      }
      if (++expanded > max) {
        states += max;
        return undefined;
      }
      for (const a of actions) {
        const n = runner.next(v.state, a, here);
        const k = runner.key(n, here, a);
        if (seen.has(k) || doomedKeys.has(k)) continue;
        seen.add(k);
        stack.push({ state: n, action: a, parent: v });
      }
    }
    states += expanded;
    for (const k of seen) doomedKeys.add(k);
    return true;
  };

  const result = (step: number | undefined, undecided?: PointOfNoReturnResult['undecided']): PointOfNoReturnResult =>
    undecided ? { step, undecided, probes, states } : { step, probes, states };
  const atEnd = doomed(last);
  if (atEnd === undefined) return result(undefined, 'bound');
  if (!atEnd) return result(undefined, 'never-doomed');
  // Invariant: the state at `hi` is doomed, and the state at `lo` is not (or lo is -1).
  let lo = -1;
  let hi = last;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    const d = doomed(mid);
    if (d === undefined) return result(undefined, 'bound');
    if (d) hi = mid;
    else lo = mid;
  }
  return result(hi);
}
