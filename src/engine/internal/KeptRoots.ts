/**
 * A kept state's root as `KeptRoots.take` gives it back: its description (ids) and its own values
 * as they were when kept (an array's elements; an object's field names and values, in turn).
 * Scratch lists, written over by each `take`: read `ids[0 .. idCount)` and `values[0 .. valueCount)`.
 */
export class KeptRoot {
  readonly ids: number[] = [];
  idCount = 0;
  readonly values: unknown[] = [];
  valueCount = 0;
}

/** Entries taken before the queue is compacted, at the least (and at least half of it). */
const COMPACT_FROM = 1024;

/**
 * The root descriptions of the states a search said it will expand (`StructuralKeys.keep`), until
 * it expands them (`take`), as a queue in the order kept, end to end in three lists shared by all
 * entries: keeping a state allocates nothing once the lists have grown, and taking it needs no
 * lookup when it is the one kept first, which is how a breadth-first search expands states. A
 * `Map` from each state to lists of its own, before, took about an eighth of the key's time on
 * `outbox-cdc`, and its entries, which live until their state is expanded, made the search's
 * young-generation collections promote half as much again (484 MB against 315 MB over four
 * checks at a=2 r=1).
 *
 * A state asked for out of order is looked for further on: found, the entries kept before it are
 * dropped (a search that skips a state, such as a shard leaving others' states, never expands it);
 * not found, nothing is dropped. Either way a scan of the entries passed over.
 */
export class KeptRoots {
  /** Entry `k`'s state, for the entries `#head .. #count` waiting; the others are undefined. */
  #states: unknown[] = [];
  /** Where entry `k`'s ids start in `#ids` and its values in `#values`; each ends where the next starts, the last at `#idsUsed`/`#valuesUsed`. */
  #idsFrom = new Int32Array(256);
  #valuesFrom = new Int32Array(256);
  #ids = new Int32Array(4096);
  #values: unknown[] = [];
  #head = 0;
  #count = 0;
  #idsUsed = 0;
  #valuesUsed = 0;

  /** Entries waiting to be taken. */
  get size(): number {
    return this.#count - this.#head;
  }

  /** Entries the lists hold: those waiting, and those taken or dropped that the next compaction moves out (the memory a search pays). */
  get held(): number {
    return this.#count;
  }

  /**
   * Keeps `state`'s root: `ids[0 .. idCount)`, and its values `values[0 .. valueCount)`, with
   * `names[0 .. valueCount)` interleaved before them if given (an object's field names).
   */
  keep(state: object, ids: readonly number[], idCount: number, names: readonly string[] | null, values: readonly unknown[], valueCount: number): void {
    const k = this.#count;
    if (k === this.#idsFrom.length) {
      this.#idsFrom = grown(this.#idsFrom, k + 1);
      this.#valuesFrom = grown(this.#valuesFrom, k + 1);
    }
    let at = this.#idsUsed;
    if (at + idCount > this.#ids.length) this.#ids = grown(this.#ids, at + idCount);
    this.#states[k] = state;
    this.#idsFrom[k] = at;
    this.#valuesFrom[k] = this.#valuesUsed;
    const allIds = this.#ids;
    for (let i = 0; i < idCount; i++) allIds[at++] = ids[i]!;
    this.#idsUsed = at;
    at = this.#valuesUsed;
    const allValues = this.#values;
    if (names === null) for (let i = 0; i < valueCount; i++) allValues[at++] = values[i];
    else
      for (let i = 0; i < valueCount; i++) {
        allValues[at++] = names[i];
        allValues[at++] = values[i];
      }
    this.#valuesUsed = at;
    this.#count = k + 1;
  }

  /**
   * Copies the root kept for `state` into `into` and forgets it, with every entry kept before it;
   * false (and nothing forgotten) if `state` is not waiting.
   */
  take(state: unknown, into: KeptRoot): boolean {
    const states = this.#states;
    const count = this.#count;
    let k = this.#head;
    while (k < count && states[k] !== state) k++;
    if (k === count) return false;
    const idsEnd = k + 1 < count ? this.#idsFrom[k + 1]! : this.#idsUsed;
    const valuesEnd = k + 1 < count ? this.#valuesFrom[k + 1]! : this.#valuesUsed;
    const ids = this.#ids;
    const values = this.#values;
    let n = 0;
    for (let i = this.#idsFrom[k]!; i < idsEnd; i++) into.ids[n++] = ids[i]!;
    into.idCount = n;
    n = 0;
    for (let i = this.#valuesFrom[k]!; i < valuesEnd; i++) into.values[n++] = values[i];
    into.valueCount = n;
    // Let the garbage collector have the states passed over (their values go at the next compaction).
    for (let j = this.#head; j <= k; j++) states[j] = undefined;
    this.#head = k + 1;
    if (this.#head === count) this.#compact();
    else if (this.#head >= COMPACT_FROM && 2 * this.#head >= count) this.#compact();
    return true;
  }

  /** Moves the waiting entries to the front: each entry is moved about once per entry taken. */
  #compact(): void {
    const head = this.#head;
    const count = this.#count - head;
    const idsBase = count > 0 ? this.#idsFrom[head]! : this.#idsUsed;
    const valuesBase = count > 0 ? this.#valuesFrom[head]! : this.#valuesUsed;
    const states = this.#states;
    const idsFrom = this.#idsFrom;
    const valuesFrom = this.#valuesFrom;
    for (let k = 0; k < count; k++) {
      states[k] = states[head + k];
      idsFrom[k] = idsFrom[head + k]! - idsBase;
      valuesFrom[k] = valuesFrom[head + k]! - valuesBase;
    }
    for (let k = count; k < this.#count; k++) states[k] = undefined;
    const ids = this.#ids;
    const idsUsed = this.#idsUsed - idsBase;
    for (let i = 0; i < idsUsed; i++) ids[i] = ids[idsBase + i]!;
    const values = this.#values;
    const valuesUsed = this.#valuesUsed - valuesBase;
    for (let i = 0; i < valuesUsed; i++) values[i] = values[valuesBase + i];
    for (let i = valuesUsed; i < this.#valuesUsed; i++) values[i] = undefined;
    this.#head = 0;
    this.#count = count;
    this.#idsUsed = idsUsed;
    this.#valuesUsed = valuesUsed;
  }
}

/** A copy of `a` at least `need` long (doubling). */
function grown(a: Int32Array<ArrayBuffer>, need: number): Int32Array<ArrayBuffer> {
  let size = a.length * 2;
  while (size < need) size *= 2;
  const out = new Int32Array(size);
  out.set(a);
  return out;
}
