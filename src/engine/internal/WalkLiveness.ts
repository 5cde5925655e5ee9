import type { Property } from '../Property.ts';

/** A counterexample to an `eventually` property found on one random walk. */
export interface WalkCounterexample<S> {
  property: Property<S>;
  /** Set when the walk closed a fair cycle: its last state equals the state at this step. */
  loopsBackTo?: number;
}

/**
 * Follows one random walk, state by state, and notices when it has become a counterexample to
 * an `eventually` property: the property false in every state so far, and the walk either at a
 * terminal state or back at a state it passed before, closing a cycle that every fairness
 * constraint allows (the same rule as the exhaustive pass: for each weak group, the cycle takes
 * one of its actions or passes a state where none is enabled; for each strong group, it takes
 * one or passes no state where one is enabled).
 */
export class WalkLiveness<S> {
  /** Step at which each key was first visited on this walk. */
  readonly #firstAt = new Map<string, number>();
  /** Per step: the fair groups enabled in its state, and those of the action taken from it. */
  readonly #enabled: number[] = [];
  readonly #taken: number[] = [];
  /** The eventually properties still false in every state so far. */
  #stillFalse: Property<S>[];

  constructor(
    eventually: readonly Property<S>[],
    private readonly fairness: readonly ('weak' | 'strong')[],
  ) {
    this.#stillFalse = eventually.slice();
  }

  /** True while some eventually property has been false all along: only then is there anything to find. */
  get watching(): boolean {
    return this.#stillFalse.length > 0;
  }

  /**
   * Records the walk's next state (step `this.#enabled.length`), with its key, the fair groups
   * enabled in it, and the truth of each property in it. Returns a lasso if this state closes a
   * fair cycle with every property of the lasso false throughout.
   */
  visit(key: string, enabledGroups: number, holds: (p: Property<S>) => boolean): WalkCounterexample<S> | null {
    this.#stillFalse = this.#stillFalse.filter((p) => !holds(p));
    const step = this.#enabled.length;
    this.#enabled.push(enabledGroups);
    const first = this.#firstAt.get(key);
    if (first === undefined) {
      this.#firstAt.set(key, step);
      return null;
    }
    const p = this.#stillFalse[0];
    if (p === undefined || !this.#fairCycle(first, step)) return null;
    return { property: p, loopsBackTo: first };
  }

  /** Records the fair groups of the action taken from the state last visited. */
  took(groups: number): void {
    this.#taken.push(groups);
  }

  /** At a terminal state: the first property false all along, if any. */
  terminal(): WalkCounterexample<S> | null {
    const p = this.#stillFalse[0];
    return p === undefined ? null : { property: p };
  }

  /** The cycle from step `from` to step `to` (the same state) is fair. */
  #fairCycle(from: number, to: number): boolean {
    for (let g = 0; g < this.fairness.length; g++) {
      const bit = 1 << g;
      let taken = false;
      let enabledAll = true;
      let enabledSome = false;
      for (let i = from; i < to; i++) {
        if (this.#taken[i]! & bit) taken = true;
        if (this.#enabled[i]! & bit) enabledSome = true;
        else enabledAll = false;
      }
      if (taken) continue;
      if (this.fairness[g] === 'weak' ? enabledAll : enabledSome) return false;
    }
    return true;
  }
}
