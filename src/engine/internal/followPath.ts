import { NondeterminismError } from '../CheckerError.ts';
import type { TraceStep } from '../CheckResult.ts';
import type { ModelRunner } from './ModelRunner.ts';

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
