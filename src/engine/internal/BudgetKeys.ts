import type { Budgets } from '../Budgets.ts';
import type { TraceStep } from '../CheckResult.ts';
import { hashInts } from './hash64.ts';
import type { StateKey } from './VisitedStates.ts';

type Trace = readonly TraceStep<unknown, unknown>[];

/**
 * The keys of a search with subsumption (`Subsumer`): a state is keyed as the pair of its
 * *base*, the key of `withLeft(state, most)` (the state with every budget at its most), and
 * what it has `left`. Alike states share a base, so the key of a state that covers it, the same
 * base with more left, costs a hash of a few integers and no print of any state: the fingerprint
 * is `hashInts([base high, base low, ...left])`, the exact key the base's text and the budgets.
 *
 * Two states get one key exactly when their bases and budgets agree, which, by the model's
 * guarantee 4 (`Budgets`), is when they are equal: so the search counts the same states with
 * these keys as without them, and a collision has the same odds as any 64-bit fingerprint's.
 */
export class BudgetKeys<S> {
  readonly most: readonly number[];
  readonly #budgets: Budgets<S>;
  readonly #ints: Int32Array;

  constructor(
    budgets: Budgets<S>,
    /** Whether the search keeps exact keys (`StateKey.text`) rather than fingerprints. */
    private readonly exact: boolean,
    /** The error for a broken contract: its code, what broke it, and the trace to the state. */
    private readonly broken: (code: string, what: string, trace: () => Trace) => Error,
  ) {
    this.#budgets = budgets;
    const most = Array.isArray(budgets.most) ? [...budgets.most] : [];
    if (!Array.isArray(budgets.most) || !most.every((n) => Number.isInteger(n) && n >= 0 && n < 2 ** 31)) {
      throw broken('bad-budgets', `budgets.most is ${JSON.stringify(budgets.most) ?? String(budgets.most)}, not a list of whole numbers from 0`, () => []);
    }
    this.most = most;
    this.#ints = new Int32Array(2 + most.length);
  }

  /** How much of each budget `state` has left, checked: as many whole numbers as `most`, each from 0 to its most. */
  left(state: S, trace: () => Trace): readonly number[] {
    const left = this.#budgets.left(state);
    const most = this.most;
    if (!Array.isArray(left) || left.length !== most.length || !left.every((n, i) => Number.isInteger(n) && n >= 0 && n <= most[i]!)) {
      throw this.broken('bad-budgets', `budgets.left(state) gave ${JSON.stringify(left) ?? String(left)}, not ${most.length} whole numbers from 0 to ${JSON.stringify(most)} (budgets.most)`, trace);
    }
    return left;
  }

  /** `withLeft(state, left)`, the model's. */
  withLeft(state: S, left: readonly number[]): S {
    return this.#budgets.withLeft(state, left);
  }

  /** The state whose key is `state`'s base: `state` itself when it has every budget at its most. */
  baseOf(state: S, left: readonly number[]): S {
    const most = this.most;
    for (let i = 0; i < left.length; i++) if (left[i] !== most[i]) return this.#budgets.withLeft(state, most);
    return state;
  }

  /** Turns `key`, holding a base's key, into the key of the state with `left`, keeping the base in `key.base` and the budgets in `key.left`. */
  seal(key: StateKey, left: readonly number[]): void {
    key.left = left;
    key.baseText = key.text;
    key.base[0] = key.fingerprint[0]!;
    key.base[1] = key.fingerprint[1]!;
    this.cover(key, left, key);
  }

  /** Writes into `out` the key of the state alike to `key`'s (sealed) with `left` left. */
  cover(key: StateKey, left: readonly number[], out: StateKey): void {
    if (this.exact) {
      out.text = `${key.baseText}\u0000${left.join(',')}`;
      if (out !== key) out.baseText = key.baseText;
      return;
    }
    const ints = this.#ints;
    ints[0] = key.base[0]!;
    ints[1] = key.base[1]!;
    for (let i = 0; i < left.length; i++) ints[2 + i] = left[i]!;
    hashInts(ints, ints.length, out.fingerprint);
    if (out !== key) out.base.set(key.base);
  }
}
