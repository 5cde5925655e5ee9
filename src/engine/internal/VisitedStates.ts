import { GrowableInts } from './GrowableInts.ts';

/**
 * The visited set of the breadth-first search: state keys to dense ids, plus each state's
 * parent and the index of the action that reached it (an initial state's parent is -1 and its
 * "action" is its index in `initial()`).
 *
 * Two kinds, as TLC and Stateright offer:
 * - `fingerprints` (the default): a 64-bit hash of each key in an open-addressing table of typed
 *   arrays, about 40 bytes a state whatever the key's length, with no cap on the number of
 *   states. Two different states may share a fingerprint; the odds over n states are about
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
  readonly #his = new GrowableInts();
  readonly #los = new GrowableInts();

  get collisionProbability(): number {
    const n = this.size;
    return Math.min(1, (n * n) / 2 ** 65);
  }

  find(key: string): number {
    hash64(key);
    return this.#lookup(hashHi, hashLo);
  }

  #lookup(hi: number, lo: number): number {
    const table = this.#table;
    const ids = this.#ids;
    for (let s = (lo ^ (hi >>> 7)) & this.#mask; ; s = (s + 1) & this.#mask) {
      const id = ids[s]!;
      if (id === 0) return -1;
      if (table[2 * s] === hi && table[2 * s + 1] === lo) return id - 1;
    }
  }

  add(_key: string, parent: number, via: number): number {
    const id = this.parents.push(parent);
    this.vias.push(via);
    this.#his.push(hashHi);
    this.#los.push(hashLo);
    this.#insert(hashHi, hashLo, id);
    // Kept at most half full, so a probe ends within a few slots.
    if (2 * this.size > this.#mask) this.#grow();
    return id;
  }

  #insert(hi: number, lo: number, id: number): void {
    let s = (lo ^ (hi >>> 7)) & this.#mask;
    while (this.#ids[s] !== 0) s = (s + 1) & this.#mask;
    this.#table[2 * s] = hi;
    this.#table[2 * s + 1] = lo;
    this.#ids[s] = id + 1;
  }

  #grow(): void {
    const slots = 2 * (this.#mask + 1);
    this.#table = new Int32Array(2 * slots);
    this.#ids = new Int32Array(slots);
    this.#mask = slots - 1;
    for (let id = 0; id < this.size; id++) this.#insert(this.#his.get(id), this.#los.get(id), id);
  }

  matches(id: number, key: string): boolean {
    hash64(key);
    return this.#his.get(id) === hashHi && this.#los.get(id) === hashLo;
  }
}
