import type { TraceStep } from '../CheckResult.ts';
import { ModelError } from '../CheckerError.ts';
import type { Property } from '../Property.ts';
import { clip } from './ContractChecks.ts';
import type { ModelRunner } from './ModelRunner.ts';

type Trace = readonly TraceStep<unknown, unknown>[];

/**
 * The parts of an `Independence` declaration the search can check where it uses them: a reduced
 * set's actions leave every `always`/`sometimes` property as it was (guarantee 4), and, sampled,
 * a reduced action and another actor's enabled action commute (a diamond, guarantee 1). A broken
 * declaration is a `ModelError`, never a verdict.
 */
export class ReductionChecks<S, A> {
  constructor(private readonly runner: ModelRunner<S, A>) {}

  /** The truth of each of `watched` (the properties a reduced set must not change) in `state`. */
  truths(watched: readonly Property<S>[], state: S, trace: () => Trace): boolean[] {
    return watched.map((p) => this.runner.holds(p, state, trace));
  }

  /** Throws when `action`, declared invisible, changed one of `watched` from `before`. */
  checkInvisible(watched: readonly Property<S>[], before: readonly boolean[], action: A, after: S, trace: () => Trace): void {
    for (let j = 0; j < watched.length; j++) {
      const p = watched[j]!;
      if (this.runner.holds(p, after, trace) !== before[j]) {
        throw new ModelError(
          'visible-action-in-reduction',
          `model ${this.runner.model.name}: ${this.runner.format(action)} is declared invisible, but it changed property "${p.name}" from ${before[j]} to ${!before[j]}`,
          'An action that can change an always or sometimes property must be visible in its footprint (the default); fix independence.footprint, or check without reduction.',
          trace(),
        );
      }
    }
  }

  /**
   * The diamond: from `state`, `t` (reduced) then `b` (another actor's) reach the same state as
   * `b` then `t`, and neither disables the other. Throws a `ModelError` naming both otherwise.
   */
  checkDiamond(state: S, t: A, b: A, trace: () => Trace): void {
    const runner = this.runner;
    const afterT = runner.next(state, t, trace);
    const afterB = runner.next(state, b, trace);
    const bThen = this.find(afterT, b, trace);
    const tThen = this.find(afterB, t, trace);
    const fail = (what: string) =>
      new ModelError(
        'dependent-actions-declared-independent',
        `model ${runner.model.name}: the footprints make ${runner.format(t)} and ${runner.format(b)} independent, but ${what}`,
        'Independent actions must commute and never enable or disable each other: widen their footprints (or the actors\' reach) so they conflict, or check without reduction.',
        trace(),
      );
    if (bThen === undefined) throw fail(`${runner.format(t)} disables ${runner.format(b)}`);
    if (tThen === undefined) throw fail(`${runner.format(b)} disables ${runner.format(t)}`);
    const one = runner.snapshot(runner.next(afterT, bThen, trace));
    const other = runner.snapshot(runner.next(afterB, tThen, trace));
    if (one !== other) throw fail(`the two orders reach different states (${clip(one ?? '?')} and ${clip(other ?? '?')})`);
  }

  /** The action of `state` that prints as `action` does, if it is enabled there. */
  private find(state: S, action: A, trace: () => Trace): A | undefined {
    const name = this.runner.format(action);
    return this.runner.actions(state, trace).find((x) => this.runner.format(x) === name);
  }
}
