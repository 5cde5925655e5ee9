import { GrowableInts } from './GrowableInts.ts';

/**
 * The visited set of the breadth-first search: state keys to dense ids, plus each state's
 * parent and the index of the action that reached it (an initial state's parent is -1 and its
 * "action" is its index in `initial()`).
 *
 * Two kinds, as TLC and Stateright offer:
 * - `fingerprints` (the default): a 64-bit hash of each key in an open-addressing table of typed
 *   arrays, 25 to 45 bytes a state whatever the key's length (the table at most 70% full, the
 *   parent and action index 8 bytes), with no cap on the number of states. Two different states may share a fingerprint; the odds over n states are about
 *   n²/2⁶⁵ (`collisionProbability`), and a collision would merge them.
 * - `exact`: the full keys in a `Map`, no risk of a collision, more memory, and at most 2²⁴
 *   states (V8's limit on a Map's size).
 */
export interface VisitedStates {
  /** The number of states added. */
  readonly size: number;
  /**
   * The id of the state with this key, or -1 if it is new. The key's hash is kept for an `add`
   * of the same key right after.
   */
  find(key: string): number;
  /** Adds the state whose key `find` was last asked about and found new; returns its id. */
  add(key: string, parent: number, via: number): number;
  /** True when `key` is the key state `id` was added with (compared by fingerprint or exactly). */
  matches(id: number, key: string): boolean;
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

  find(key: string): number {
    return this.#ids.get(key) ?? -1;
  }
  add(key: string, parent: number, via: number): number {
    const id = this.parents.push(parent);
    this.vias.push(via);
    this.#ids.set(key, id);
    return id;
  }
  matches(id: number, key: string): boolean {
    return this.#ids.get(key) === id;
  }
}

/** The fingerprint of the key last passed to `hash64`: two independent 32-bit halves. */
let hashHi = 0;
let hashLo = 0;

/**
 * A 64-bit hash of `key` into `hashHi`/`hashLo`: two 32-bit multiplicative hashes over the
 * UTF-16 code units with different multipliers, each finished with a full avalanche (the
 * construction of cyrb53, kept to 64 bits).
 */
function hash64(key: string): void {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  hashHi = h1 | 0;
  hashLo = h2 | 0;
}

class FingerprintStates extends Tree implements VisitedStates {
  // Slot s holds a fingerprint (table[2s], table[2s+1]) and the state id + 1 in ids[s] (0: empty).
  #table = new Int32Array(2 * 1024);
  #ids = new Int32Array(1024);
  #mask = 1023;

  get collisionProbability(): number {
    const n = this.size;
    return Math.min(1, (n * n) / 2 ** 65);
  }

  find(key: string): number {
    hash64(key);
    const table = this.#table;
    const ids = this.#ids;
    for (let s = (hashLo ^ (hashHi >>> 7)) & this.#mask; ; s = (s + 1) & this.#mask) {
      const id = ids[s]!;
      if (id === 0) return -1;
      if (table[2 * s] === hashHi && table[2 * s + 1] === hashLo) return id - 1;
    }
  }

  add(_key: string, parent: number, via: number): number {
    const id = this.parents.push(parent);
    this.vias.push(via);
    this.#insert(this.#table, this.#ids, this.#mask, hashHi, hashLo, id + 1);
    // At most 70% full: a new state's probe (the common case, a miss) stays short, and the table
    // costs 17 to 34 bytes a state.
    if (10 * this.size > 7 * this.#mask) this.#grow();
    return id;
  }

  #insert(table: Int32Array, ids: Int32Array, mask: number, hi: number, lo: number, idPlusOne: number): void {
    let s = (lo ^ (hi >>> 7)) & mask;
    while (ids[s] !== 0) s = (s + 1) & mask;
    table[2 * s] = hi;
    table[2 * s + 1] = lo;
    ids[s] = idPlusOne;
  }

  /** Doubles the table, re-inserting every fingerprint from the old one (none is kept elsewhere). */
  #grow(): void {
    const oldTable = this.#table;
    const oldIds = this.#ids;
    const slots = 2 * (this.#mask + 1);
    const table = new Int32Array(2 * slots);
    const ids = new Int32Array(slots);
    const mask = slots - 1;
    for (let s = 0; s < oldIds.length; s++) {
      if (oldIds[s] !== 0) this.#insert(table, ids, mask, oldTable[2 * s]!, oldTable[2 * s + 1]!, oldIds[s]!);
    }
    this.#table = table;
    this.#ids = ids;
    this.#mask = mask;
  }

  matches(id: number, key: string): boolean {
    return this.find(key) === id;
  }
}
