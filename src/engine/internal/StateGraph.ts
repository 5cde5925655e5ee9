import { GrowableInts } from './GrowableInts.ts';

/**
 * The explored transition graph, kept only when a liveness property needs it: for each
 * expanded state, the successor reached by each enabled action (action `i`'s target is edge
 * `first(id) + i`), and for fairness, which fair groups each action belongs to and which are
 * enabled in each state (bit `g` of a mask stands for `Model.fairness[g]`).
 *
 * States are numbered by the search, which expands them in that order; a state that was never expanded (the search stopped, or it
 * lay at the depth bound) has unknown successors: it is neither terminal nor on a cycle.
 */
export class StateGraph {
  readonly #first = new GrowableInts();
  readonly #count = new GrowableInts();
  readonly #enabled = new GrowableInts();
  readonly #targets = new GrowableInts();
  readonly #groups = new GrowableInts();

  /** Registers state `id` (ids are dense and given in order), not yet expanded. */
  addState(id: number): void {
    while (this.#first.length <= id) {
      this.#first.push(-1);
      this.#count.push(-1);
      this.#enabled.push(0);
    }
  }

  /**
   * Records the expansion of `id`: `targets[i]` is the state its action `i` leads to, and
   * `groups[i]` the fair groups that action belongs to.
   */
  expand(id: number, targets: readonly number[], groups: readonly number[]): void {
    this.#first.set(id, this.#targets.length);
    this.#count.set(id, targets.length);
    let enabled = 0;
    for (let i = 0; i < targets.length; i++) {
      this.#targets.push(targets[i]!);
      this.#groups.push(groups[i]!);
      enabled |= groups[i]!;
    }
    this.#enabled.set(id, enabled);
  }

  /** How many states are registered. */
  get size(): number {
    return this.#first.length;
  }

  /** True when `id` was expanded, so its edges are all known. */
  expanded(id: number): boolean {
    return this.#count.get(id) >= 0;
  }

  /** The number of actions enabled in `id` (0 for a terminal state); -1 when not expanded. */
  degree(id: number): number {
    return this.#count.get(id);
  }

  /** The state reached from `id` by its action `i`. */
  target(id: number, i: number): number {
    return this.#targets.get(this.#first.get(id) + i);
  }

  /** The fair groups action `i` of `id` belongs to, as a bit mask. */
  groupsOf(id: number, i: number): number {
    return this.#groups.get(this.#first.get(id) + i);
  }

  /** The fair groups with an action enabled in `id`, as a bit mask. */
  enabledGroups(id: number): number {
    return this.#enabled.get(id);
  }
}
