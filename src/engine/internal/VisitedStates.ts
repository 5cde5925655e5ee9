import { GrowableInts } from './GrowableInts.ts';
import { SmallInts } from './SmallInts.ts';

/**
 * What the visited set is asked about, written in place so that asking allocates nothing: for the
 * exact set a state's full key (`text`), for the fingerprint set its 64-bit fingerprint
 * (`fingerprint[0]` high, `fingerprint[1]` low; see `hash64.ts`). `ModelRunner.keyInto` fills it.
 */
export class StateKey {
  text = '';
  readonly fingerprint = new Int32Array(2);
  /** With subsumption, the key of the state with every budget at its most, which `text` or `fingerprint` combines with the budgets left (`BudgetKeys`). */
  baseText = '';
  readonly base = new Int32Array(2);
  /** With subsumption, the budgets the keyed state has left (`BudgetKeys.seal`). */
  left: readonly number[] = [];
}

/**
 * The visited set of the breadth-first search: state keys to dense ids, plus each state's
 * parent and the index of the action that reached it (an initial state's parent is -1 and its
 * "action" is its index in `initial()`).
 *
 * Two kinds, as TLC and Stateright offer:
 * - `fingerprints` (the default): each state's 64-bit fingerprint in an open-addressing table of
 *   typed arrays, 19 to 25 bytes a state whatever the state's size (the fingerprint 8 bytes,
 *   the parent 4, the action index 1, the table's slot 4 at most 70% full), with no cap on the
 *   number of states. Two different states may share a fingerprint; the odds over n states are about n²/2⁶⁵
 *   (`collisionProbability`), and a collision would merge them.
 * - `exact`: the full keys (`StateKey.text`) in a `Map`, no risk of a collision, more memory,
 *   and at most 2²⁴ states (V8's limit on a Map's size).
 */
export interface VisitedStates {
  /** The number of states added. */
  readonly size: number;
  /** The id of the state with this key, or -1 if it is new. */
  find(key: StateKey): number;
  /** Adds the state whose key `find` was last asked about and found new; returns its id. */
  add(key: StateKey, parent: number, via: number): number;
  /**
   * True when `key` is the key state `id` (below `size`) was added with (compared by
   * fingerprint or exactly). The fingerprint set compares it without probing its table.
   */
  matches(id: number, key: StateKey): boolean;
  /** Whether `matches` costs less than `find` (a comparison rather than a lookup). */
  readonly matchesIsCheap: boolean;
  parent(id: number): number;
  via(id: number): number;
  /** The odds that two of the states added share a fingerprint: 0 for the exact set. */
  readonly collisionProbability: number;
}

/** Creates the visited set of the given kind. */
export function visitedStates(kind: 'fingerprints' | 'exact'): VisitedStates {
  return kind === 'exact' ? new ExactStates() : new FingerprintStates();
}

class Tree {
  readonly parents = new GrowableInts();
  /** The action indices, a byte each (nearly always below 255). */
  readonly vias = new SmallInts();

  get size(): number {
    return this.parents.length;
  }
  parent(id: number): number {
    return this.parents.get(id);
  }
  via(id: number): number {
    return this.vias.get(id);
  }
}

class ExactStates extends Tree implements VisitedStates {
  readonly matchesIsCheap = false;
  readonly #ids = new Map<string, number>();
  readonly collisionProbability = 0;

  find(key: StateKey): number {
    return this.#ids.get(key.text) ?? -1;
  }
  add(key: StateKey, parent: number, via: number): number {
    const id = this.parents.push(parent);
    this.vias.push(via);
    this.#ids.set(key.text, id);
    return id;
  }
  matches(id: number, key: StateKey): boolean {
    return this.#ids.get(key.text) === id;
  }
}

/**
 * A fingerprint's halves mixed into 32 bits, so that a model's own fingerprint that packs its
 * state into few low bits (`Model.fingerprint`) still spreads: the low bits pick the table slot
 * a probe starts at, the others are kept in the slot as a tag.
 */
function mix(hi: number, lo: number): number {
  const h = Math.imul(lo ^ Math.imul(hi, 0x9e3779b1), 0x85ebca6b);
  return h ^ (h >>> 15);
}

class FingerprintStates extends Tree implements VisitedStates {
  readonly matchesIsCheap = true;
  /** Each state's fingerprint by id, high half then low, dense: 8 bytes a state, no slack. */
  readonly #prints = new GrowableInts(2048);
  /**
   * The open-addressing table, one integer a slot: 0 when empty, else the state's id + 1 in the
   * bits of `mask` (there are fewer states than slots) and, above them, the bits of its `mix`
   * above `mask` (the bits below are its home slot). A probe compares that tag first and reads
   * the fingerprint (`prints`) only when it matches: 4 bytes a slot instead of 12, and growing
   * rehashes from `prints`, so the old table is not needed while the new one fills.
   */
  #table = new Int32Array(1024);
  #mask = 1023;

  get collisionProbability(): number {
    const n = this.size;
    return Math.min(1, (n * n) / 2 ** 65);
  }

  find(key: StateKey): number {
    const hi = key.fingerprint[0]!;
    const lo = key.fingerprint[1]!;
    const table = this.#table;
    const mask = this.#mask;
    const h = mix(hi, lo);
    const tag = h & ~mask;
    for (let s = h & mask; ; s = (s + 1) & mask) {
      const word = table[s]!;
      if (word === 0) return -1;
      if ((word & ~mask) === tag) {
        const id = (word & mask) - 1;
        if (this.#prints.get(2 * id) === hi && this.#prints.get(2 * id + 1) === lo) return id;
      }
    }
  }

  add(key: StateKey, parent: number, via: number): number {
    const id = this.parents.push(parent);
    this.vias.push(via);
    this.#prints.push(key.fingerprint[0]!);
    this.#prints.push(key.fingerprint[1]!);
    // At most 70% full: a new state's probe (the common case, a miss) stays short, the ids
    // fit below the tag, and the table costs 6 to 12 bytes a state.
    if (10 * (id + 1) > 7 * this.#mask) this.#grow();
    else this.#insert(this.#table, this.#mask, id);
    return id;
  }

  #insert(table: Int32Array, mask: number, id: number): void {
    const h = mix(this.#prints.get(2 * id), this.#prints.get(2 * id + 1));
    let s = h & mask;
    while (table[s] !== 0) s = (s + 1) & mask;
    table[s] = (h & ~mask) | (id + 1);
  }

  /** Doubles the table and inserts every state again, from its fingerprint in `prints`. */
  #grow(): void {
    const mask = 2 * (this.#mask + 1) - 1;
    // The old table is dropped first: nothing is read from it.
    this.#table = new Int32Array(0);
    const table = new Int32Array(mask + 1);
    for (let id = 0; id < this.size; id++) this.#insert(table, mask, id);
    this.#table = table;
    this.#mask = mask;
  }

  /** Compares `key` with the fingerprint `id` was added with: no probe of the table. */
  matches(id: number, key: StateKey): boolean {
    return this.#prints.get(2 * id) === key.fingerprint[0] && this.#prints.get(2 * id + 1) === key.fingerprint[1];
  }
}
