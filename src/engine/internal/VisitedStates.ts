import { GrowableInts } from './GrowableInts.ts';

/**
 * What the visited set is asked about, written in place so that asking allocates nothing: for the
 * exact set a state's full key (`text`), for the fingerprint set its 64-bit fingerprint
 * (`fingerprint[0]` high, `fingerprint[1]` low; see `hash64.ts`). `ModelRunner.keyInto` fills it.
 */
export class StateKey {
  text = '';
  readonly fingerprint = new Int32Array(2);
}

/**
 * The visited set of the breadth-first search: state keys to dense ids, plus each state's
 * parent and the index of the action that reached it (an initial state's parent is -1 and its
 * "action" is its index in `initial()`).
 *
 * Two kinds, as TLC and Stateright offer:
 * - `fingerprints` (the default): each state's 64-bit fingerprint in an open-addressing table of
 *   typed arrays, 25 to 45 bytes a state whatever the state's size (the table at most 70% full,
 *   the parent and action index 8 bytes), with no cap on the number of states. Two different
 *   states may share a fingerprint; the odds over n states are about n²/2⁶⁵
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
  /** True when `key` is the key state `id` was added with (compared by fingerprint or exactly). */
  matches(id: number, key: StateKey): boolean;
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
  readonly vias = new GrowableInts();

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
 * The table slot a fingerprint starts probing at: its halves mixed, so that a model's own
 * fingerprint that packs its state into few low bits (`Model.fingerprint`) still spreads.
 */
function slotOf(hi: number, lo: number, mask: number): number {
  let h = Math.imul(lo ^ Math.imul(hi, 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 15;
  return h & mask;
}

class FingerprintStates extends Tree implements VisitedStates {
  // Slot s is three integers: the fingerprint (table[3s], table[3s+1]) and the state id + 1
  // (table[3s+2], 0: empty), side by side so that a probe reads one cache line, not two.
  #table = new Int32Array(3 * 1024);
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
    for (let s = slotOf(hi, lo, mask); ; s = (s + 1) & mask) {
      const at = 3 * s;
      const id = table[at + 2]!;
      if (id === 0) return -1;
      if (table[at] === hi && table[at + 1] === lo) return id - 1;
    }
  }

  add(key: StateKey, parent: number, via: number): number {
    const id = this.parents.push(parent);
    this.vias.push(via);
    this.#insert(this.#table, this.#mask, key.fingerprint[0]!, key.fingerprint[1]!, id + 1);
    // At most 70% full: a new state's probe (the common case, a miss) stays short, and the table
    // costs 17 to 34 bytes a state.
    if (10 * this.size > 7 * this.#mask) this.#grow();
    return id;
  }

  #insert(table: Int32Array, mask: number, hi: number, lo: number, idPlusOne: number): void {
    let s = slotOf(hi, lo, mask);
    while (table[3 * s + 2] !== 0) s = (s + 1) & mask;
    table[3 * s] = hi;
    table[3 * s + 1] = lo;
    table[3 * s + 2] = idPlusOne;
  }

  /** Doubles the table, re-inserting every fingerprint from the old one (none is kept elsewhere). */
  #grow(): void {
    const old = this.#table;
    const slots = 2 * (this.#mask + 1);
    const table = new Int32Array(3 * slots);
    const mask = slots - 1;
    for (let at = 0; at < old.length; at += 3) {
      if (old[at + 2] !== 0) this.#insert(table, mask, old[at]!, old[at + 1]!, old[at + 2]!);
    }
    this.#table = table;
    this.#mask = mask;
  }

  matches(id: number, key: StateKey): boolean {
    return this.find(key) === id;
  }
}
