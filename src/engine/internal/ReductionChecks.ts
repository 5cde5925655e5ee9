import type { TraceStep } from '../CheckResult.ts';
import { ModelError } from '../CheckerError.ts';
import type { Independence } from '../Independence.ts';
import type { Property } from '../Property.ts';
import { clip } from './ContractChecks.ts';
import type { ModelRunner } from './ModelRunner.ts';

type Trace = readonly TraceStep<unknown, unknown>[];

/**
 * The parts of an `Independence` declaration, and of the properties' reduction hints, the search
 * can check where it uses them: a reduced set's actions leave every property they were found
 * invisible to as it was (guarantees 4 and 5); sampled, a reduced action and another actor's
 * enabled action commute (a diamond, guarantee 1), and that other action, when its writes miss
 * what a property reads, leaves the property as it was; and a `stable` property, once decided,
 * stays decided in every successor of the state that decided it. A broken declaration is a
 * `ModelError`, never a verdict.
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
   * Throws when `property`, `stable`, decided in `state` (false for `always`, true for
   * `sometimes`: `decided`), is not decided so in one of `state`'s successors.
   */
  checkStable(property: Property<S>, decided: boolean, state: S, trace: () => Trace): void {
    const runner = this.runner;
    for (const action of runner.actions(state, trace)) {
      const after = runner.next(state, action, trace);
      if (runner.holds(property, after, trace) !== decided) {
        throw new ModelError(
          'unstable-property',
          `model ${runner.model.name}: property "${property.name}" is declared stable, but it is ${decided} here and ${!decided} after ${runner.format(action)}`,
          'A stable property, once violated (always) or witnessed (sometimes), must stay so in every later state; drop stable from it, or check without reduction.',
          [...trace(), { action, state: after }],
        );
      }
    }
  }

  /**
   * Throws when a `stable` property of `open` is decided after `skipped` (an action the reduced
   * set left out) but not after one of its successors, such as the reduced set's action that
   * the reduction appends when it postpones `skipped`.
   */
  checkStableSkipped(open: readonly Property<S>[], state: S, skipped: A, trace: () => Trace): void {
    const runner = this.runner;
    const stable = open.filter((p) => p.stable);
    if (stable.length === 0) return;
    const afterSkipped = runner.next(state, skipped, trace);
    for (const p of stable) {
      const decided = p.kind === 'sometimes';
      if (runner.holds(p, afterSkipped, trace) !== decided) continue;
      // Every successor, `t`'s among them: what stable claims.
      this.checkStable(p, decided, afterSkipped, () => [...trace(), { action: skipped, state: afterSkipped }]);
    }
  }

  /**
   * Throws when `action`, whose footprint in `state` writes nothing a property of `open` reads
   * there, changes that property (guarantee 5: a property's reads decide it).
   */
  checkReads(open: readonly Property<S>[], state: S, action: A, independence: Independence<S, A>, trace: () => Trace): void {
    const runner = this.runner;
    const declared = open.filter((p) => p.reads);
    if (declared.length === 0) return;
    const writes = independence.footprint(state, action).writes;
    let after: S | undefined;
    for (const p of declared) {
      const reads = p.reads!(state);
      if (writes.some((r) => reads.includes(r))) continue;
      after ??= runner.next(state, action, trace);
      const was = runner.holds(p, state, trace);
      if (runner.holds(p, after, trace) !== was) {
        throw new ModelError(
          'incomplete-property-reads',
          `model ${runner.model.name}: ${runner.format(action)} writes nothing property "${p.name}" reads, but it changed the property from ${was} to ${!was}`,
          'A property\'s reads must name every resource its truth depends on, as the footprints name them; add the missing one, or check without reduction.',
          [...trace(), { action, state: after }],
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
