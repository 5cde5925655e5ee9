import type { TraceStep } from '../CheckResult.ts';
import type { BudgetKeys } from './BudgetKeys.ts';
import type { Property } from '../Property.ts';
import { budgetVectors } from './budgetVectors.ts';
import { clip, shouldSample } from './ContractChecks.ts';
import type { ModelRunner } from './ModelRunner.ts';
import { StateKey } from './VisitedStates.ts';

type Trace = readonly TraceStep<unknown, unknown>[];

/**
 * Subsumption by budgets (`CheckOptions.subsumption`), the same step in the one-thread search and
 * in each worker of the parallel one: a new state is skipped when the search has already met,
 * at its depth or above, a state that covers it (`Budgets`: alike, with one more of one budget
 * left). What it would do from there, the covering state does, action for action, to states
 * that give every `always` and `atQuiescence` property the same answer, and ends where it ends.
 *
 * Only states met at the depth being expanded or above count (`nextDepthStart`): those were all
 * found before the level began, so the choice does not depend on which thread finds what first,
 * and the covering state is expanded in this level or was before. Only a raise of one budget by
 * one is looked up: a search that meets a state and one that covers it by more meets, as a rule,
 * the one between too (measured: the same states skipped as with every covering state looked up).
 *
 * The model's guarantees are checked here (`Budgets`): its `left` on every state looked at; 1
 * sampled where a state is skipped; 1, 2 and 3 sampled on the new states looked at, against the
 * state with other budgets left, not only the cover (`#checkAlike`); and 2 in every terminal
 * state, skipped or expanded
 * (`checkTerminal`). The states are keyed by their base and budgets (`BudgetKeys`), so a cover's
 * key costs no print.
 */
export class Subsumer<S, A> {
  /** States skipped because a state met before covers them: counted by the search, which skips them. */
  subsumed = 0;
  readonly #keys: BudgetKeys<S>;
  readonly #key = new StateKey();
  readonly #other = new StateKey();
  #everSubsumed = 0;
  #everLooked = 0;

  /** The properties guarantee 3 speaks of: the `always` and `atQuiescence` ones. */
  readonly #unread: readonly Property<S>[];

  constructor(private readonly runner: ModelRunner<S, A>) {
    this.#keys = runner.budgetKeys!;
    this.#unread = runner.model.properties.filter((p) => p.kind === 'always' || p.kind === 'atQuiescence');
  }

  /**
   * The id of a state found before `nextDepthStart` that covers `state`, a new state whose key
   * (`ModelRunner.keyInto`) is `key`, or -1. `find` looks up the state whose key it is given
   * (its id, or -1); `trace` rebuilds the path to the state `action` leads `state` from. The
   * covers' keys come from `key`'s base and budgets: no state is built or printed, but where a
   * skipped state is terminal, or the contract is sampled.
   */
  dominator(state: S, key: StateKey, nextDepthStart: number, find: (key: StateKey) => number, trace: () => Trace, action: A): number {
    const keys = this.#keys;
    const left = key.left;
    const most = keys.most;
    if (shouldSample(++this.#everLooked)) this.#checkAlike(state, left, () => [...trace(), { action, state }]);
    for (let i = 0; i < most.length; i++) {
      if (left[i]! >= most[i]!) continue;
      const raised = left.slice();
      raised[i]!++;
      keys.cover(key, raised, this.#key);
      const id = find(this.#key);
      if (id === -1 || id >= nextDepthStart) continue;
      const here = () => [...trace(), { action, state }] as Trace;
      // Guarantee 2 where it matters: a skipped terminal state must not hide behind one that is not.
      if (this.runner.actions(state, here).length === 0) this.checkTerminal(state, here, raised);
      if (shouldSample(++this.#everSubsumed)) this.#checkCover(keys.withLeft(state, raised), state, raised, true, here);
      return id;
    }
    return -1;
  }

  /**
   * Guarantee 2 on a terminal state: with more budget left (`raised`, or every budget at its
   * most), it is terminal still. Otherwise a terminal state could be skipped for one that is
   * not, and the `atQuiescence` properties never asked about it. Throws `ModelError`.
   */
  checkTerminal(state: S, trace: () => Trace, raised: readonly number[] = this.#keys.most): void {
    const left = this.#keys.left(state, trace);
    if (left.every((n, i) => n === raised[i])) return;
    const acts = this.runner.actions(this.#keys.withLeft(state, raised), trace);
    if (acts.length === 0) return;
    throw this.runner.budgetError(
      'budget-holds-run-up',
      `a terminal state ${clip(this.runner.snapshot(state) ?? '(not plain data)')} (the end of the trace) is not terminal with ${JSON.stringify(raised)} left: it enables ${acts.map((a) => this.runner.format(a)).join(', ')}`,
      trace,
    );
  }

  /**
   * Guarantees 1, 2 and 3 between `state`, which has `left`, and `withLeft(state, v)` for every
   * budget vector `v` that `budgetVectors` gives: every `always` and `atQuiescence` property gives
   * both the same answer, and where `v` has as much of every budget as `left` or less, `state`
   * covers the other (`#checkCover`), and is terminal if the other is. Checking a skipped state
   * against its cover alone is not enough: a skipped state is never expanded, and a descendant
   * it would have had, with less left than anything the search meets, goes unasked; but that
   * descendant is alike to one the search does meet, with more left (guarantee 1), and this
   * check, there, asks about it. A property that throws on a vector reads the budget too.
   * Throws `ModelError`.
   */
  #checkAlike(state: S, left: readonly number[], trace: () => Trace): void {
    const runner = this.runner;
    const values = this.#unread.map((p) => runner.holds(p, state, trace));
    const acts = runner.actions(state, trace);
    for (const v of budgetVectors(this.#keys.most, left)) {
      if (v.every((n, i) => n === left[i])) continue;
      const alike = this.#keys.withLeft(state, v);
      this.#unread.forEach((p, j) => {
        let other: string;
        try {
          other = String(p.holds(alike));
        } catch {
          other = 'throws';
        }
        if (other !== String(values[j])) {
          const shown = clip(runner.snapshot(state) ?? '(not plain data)');
          // A `withLeft` that changes more than the budgets (guarantee 4) is the likelier cause.
          const back = runner.snapshot(this.#keys.withLeft(alike, left));
          if (back !== runner.snapshot(state)) {
            throw runner.budgetError('bad-budgets', `budgets.withLeft(state, ${JSON.stringify(v)}) changed more than the budgets of ${shown} (the end of the trace): given back ${JSON.stringify(left)}, it is ${clip(back ?? '(not plain data)')}`, trace);
          }
          throw runner.budgetError('budget-read-by-property', `property "${p.name}" is ${values[j]} on ${shown} (the end of the trace) and ${other} on it with ${JSON.stringify(v)} left`, trace);
        }
      });
      if (!v.every((n, i) => n <= left[i]!)) continue;
      if (acts.length > 0 && runner.actions(alike, trace).length === 0) {
        const shown = clip(runner.snapshot(state) ?? '(not plain data)');
        throw runner.budgetError('budget-holds-run-up', `a state ${shown} (the end of the trace) is terminal with ${JSON.stringify(v)} left, but not as it is: it enables ${acts.map((a) => runner.format(a)).join(', ')}`, trace);
      }
      this.#checkCover(state, alike, v, false, trace);
    }
  }

  /**
   * Guarantee 1: `cover` covers `state`. One of them is the state at the end of the trace, the
   * other that state with `v` left: `cover` when `endIsCovered` (a skipped state and its cover),
   * else `state` (`#checkAlike`). Throws `ModelError`. (Guarantee 4 is sampled where states are
   * keyed, `ModelRunner.keyInto`.)
   */
  #checkCover(cover: S, state: S, v: readonly number[], endIsCovered: boolean, trace: () => Trace): void {
    const runner = this.runner;
    const keys = this.#keys;
    const broken = (code: string, what: string) => runner.budgetError(code, what, trace);
    const shown = (s: S) => clip(runner.snapshot(s) ?? '(not plain data)');
    const vs = JSON.stringify(v);
    const theirs = new Map(runner.actions(cover, trace).map((a) => [runner.format(a), a] as const));
    for (const action of runner.actions(state, trace)) {
      const name = runner.format(action);
      const same = theirs.get(name);
      if (same === undefined) {
        throw broken(
          'budget-disables',
          endIsCovered ? `${name} is enabled in ${shown(state)} (the end of the trace) but not with ${vs} left` : `${name} is enabled in ${shown(cover)} (the end of the trace) with ${vs} left, but not as it is`,
        );
      }
      const mine = runner.next(state, action, trace);
      const other = runner.next(cover, same, trace);
      const mineLeft = keys.left(mine, trace);
      const otherLeft = keys.left(other, trace);
      runner.keyInto(this.#key, mine, trace);
      keys.cover(this.#key, otherLeft, this.#key);
      runner.keyInto(this.#other, other, trace);
      if (!this.#same() || mineLeft.some((n, i) => n > otherLeft[i]!)) {
        throw broken(
          'budget-changes-step',
          endIsCovered
            ? `${name} from ${shown(state)} (the end of the trace) leads to ${shown(mine)}, but with ${vs} left to ${shown(other)}, which is not it with as much budget left or more`
            : `${name} from ${shown(cover)} (the end of the trace) with ${vs} left leads to ${shown(mine)}, but as it is to ${shown(other)}, which is not it with as much budget left or more`,
        );
      }
    }
  }

  /** Whether `#key` and `#other` are one key. */
  #same(): boolean {
    const a = this.#key;
    const b = this.#other;
    return this.runner.exactKeys ? a.text === b.text : a.fingerprint[0] === b.fingerprint[0] && a.fingerprint[1] === b.fingerprint[1];
  }
}

