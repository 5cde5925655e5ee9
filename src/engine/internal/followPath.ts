import { ModelError, NondeterminismError } from '../CheckerError.ts';
import type { TraceStep } from '../CheckResult.ts';
import type { ModelRunner } from './ModelRunner.ts';
import { StateKey } from './VisitedStates.ts';

/** The hint of an error for a replayed path that reached another state than the search did. */
export const REPLAY_DIVERGED_HINT =
  'actions(state) must list the same actions in the same order for equal states, and next(state, action) must be pure (no Date.now, Math.random, or iteration over insertion-ordered fields).';

/**
 * Why a path could not be followed: at `step`, `choice` was out of range of the enabled actions
 * (at step 0, of the initial states).
 */
export class PathBroken {
  constructor(
    readonly step: number,
    readonly choice: number,
    readonly enabled: number,
    readonly trace: TraceStep<unknown, unknown>[],
  ) {}

  /** The error of a search whose own path, recorded during exploration, broke: the model is not deterministic. */
  nondeterminism(model: string): NondeterminismError {
    if (this.step === 0) {
      return new NondeterminismError(
        'nondeterministic-model',
        `model ${model} is not deterministic: initial state #${this.choice} was there during exploration, but initial() now gives only ${this.enabled}`,
        'initial() must return the same states in the same order each time it is called.',
        this.trace,
      );
    }
    return new NondeterminismError(
      'nondeterministic-model',
      `model ${model} is not deterministic: at step ${this.step} action #${this.choice} was enabled during exploration, but now only ${this.enabled} actions are`,
      'actions(state) must return the same actions in the same order each time it is called on equal states.',
      this.trace,
    );
  }
}

/**
 * Re-runs a path of action indices from `initial()[init]` and returns the trace.
 *
 * Returns a `PathBroken` (not thrown: callers give it different meanings) when an index is out of
 * range. If `expectState` is given, it is called with each step's state (and the action that led
 * there) and may throw when the model no longer reaches the state it reached during exploration.
 */
export function followPath<S, A>(
  runner: ModelRunner<S, A>,
  init: number,
  choices: readonly number[],
  expectState?: (step: number, state: S, trace: TraceStep<S, A>[], action?: A) => void,
): TraceStep<S, A>[] | PathBroken {
  const initial = runner.initial();
  const first = initial[init];
  if (first === undefined) return new PathBroken(0, init, initial.length, []);
  const trace: TraceStep<S, A>[] = [{ action: null, state: first }];
  const soFar = () => trace.slice();
  if (expectState) expectState(0, first, trace);
  let state: S = first;
  for (let step = 0; step < choices.length; step++) {
    const acts = runner.actions(state, soFar);
    const choice = choices[step]!;
    const action = acts[choice];
    if (action === undefined) return new PathBroken(step + 1, choice, acts.length, trace.slice());
    state = runner.next(state, action, soFar);
    trace.push({ action, state });
    if (expectState) expectState(step + 1, state, trace, action);
  }
  return trace;
}

/**
 * Under symmetry, a path given by the fingerprints of the states along it (their classes',
 * `prints`: high half then low, one pair a step) rather than by actions: from
 * `initial()[init]`, each step takes the first enabled action whose successor has the next
 * fingerprint. The parallel search records the least parent of each class (`SharedVisited.relead`)
 * but not a step from any one member of it, so its counterexamples are followed this way: the
 * same trace on every run, whichever member each worker happened to reach.
 *
 * A step that no action makes is a `ModelError` (`representative-changes-steps`): the parent's
 * class had a member with a successor in the next class, and a symmetric copy of that member
 * must have one too.
 */
export function followClasses<S, A>(runner: ModelRunner<S, A>, init: number, prints: readonly number[]): { trace: TraceStep<S, A>[]; choices: number[] } {
  const first = runner.initial()[init]!;
  const trace: TraceStep<S, A>[] = [{ action: null, state: first }];
  const soFar = () => trace.slice();
  const key = new StateKey();
  const choices: number[] = [];
  let state: S = first;
  for (let k = 0; k < prints.length; k += 2) {
    const acts = runner.actions(state, soFar);
    // The successor into the next class, kept from the search for it rather than taken again.
    let successor: S | undefined;
    const choice = acts.findIndex((action) => {
      successor = runner.next(state, action, soFar);
      runner.keyInto(key, successor, soFar, action);
      return key.fingerprint[0] === prints[k] && key.fingerprint[1] === prints[k + 1];
    });
    if (choice < 0) {
      throw new ModelError(
        'representative-changes-steps',
        `model ${runner.model.name}: under symmetry, no action of the last state of the trace leads to the class that a symmetric copy of it leads to in ${k / 2 + 1} steps`,
        'representative(state) must map a state to a symmetric copy of it that behaves as the state does: renaming interchangeable ids must map every step to a step. Fix it, or check without symmetry.',
        trace.slice(),
      );
    }
    const action = acts[choice]!;
    state = successor as S;
    trace.push({ action, state });
    choices.push(choice);
  }
  return { trace, choices };
}
