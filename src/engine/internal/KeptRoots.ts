/**
 * A kept state's root as `KeptRoots.take` gives it back, read in place: its description is
 * `ids[idsFrom .. idsTo)`, and its own values as they were when kept (an array's elements; an
 * object's field names and values, in turn) `values[valuesFrom .. valuesTo)`. Valid until the
 * next `take`.
 */
export class KeptRoot {
  ids: readonly number[] = [];
  idsFrom = 0;
  idsTo = 0;
  values: readonly unknown[] = [];
  valuesFrom = 0;
  valuesTo = 0;
}

/** Entries per chunk: a chunk's lists stay small enough to be allocated young, and filled while they are. */
const CHUNK = 256;

/** Up to `CHUNK` entries kept one after the other, end to end in lists of their own. */
class Chunk {
  readonly states: unknown[] = [];
  /** Where entry `k`'s ids start in `ids` and its values in `values`; each ends where the next starts, the last at the list's end. */
  readonly idsFrom: number[] = [];
  readonly valuesFrom: number[] = [];
  readonly ids: number[] = [];
  readonly values: unknown[] = [];
}

/**
 * The root descriptions of the states a search said it will expand (`StructuralKeys.keep`), until
 * it expands them (`take`), as a queue in the order kept, end to end in chunks of lists shared by
 * up to 256 entries: keeping a state allocates no object of its own, taking it needs no lookup
 * when it is the one kept first, which is how a breadth-first search expands states, and copies
 * nothing (it is read in place), and a chunk whose entries are all taken is let go whole. A
 * `Map` from each state to lists of its own, before, took about an eighth of the key's time on
 * `outbox-cdc`, and its entries, which live until their state is expanded, made the search's
 * young-generation collections promote more: 485 MB against 400 MB with chunks, over four checks
 * at a=2 r=1. (One list for all entries, moved to the front as they were taken, promoted 315 MB,
 * but rewrote about one entry per entry taken, each value a store of a young object into an old
 * list; which of the two costs less was not told apart on a loaded machine.)
 *
 * A state asked for out of order is looked for further on: found, the entries kept before it are
 * dropped (a search that skips a state, such as a shard leaving others' states, never expands it);
 * not found, nothing is dropped. Either way a scan of the entries passed over.
 */
export class KeptRoots {
  /** The chunks holding entries not yet taken, oldest first; entries before `#head` in the first are taken. */
  readonly #chunks: Chunk[] = [];
  #head = 0;
  #size = 0;

  /** Entries waiting to be taken. */
  get size(): number {
    return this.#size;
  }

  /** Entries the chunks hold: those waiting, and those taken or dropped in a chunk not yet let go (the memory a search pays). */
  get held(): number {
    let n = 0;
    for (const c of this.#chunks) n += c.states.length;
    return n;
  }

  /**
   * Keeps `state`'s root: `ids[0 .. idCount)`, and its values `values[0 .. valueCount)`, with
   * `names[0 .. valueCount)` interleaved before them if given (an object's field names).
   */
  keep(state: object, ids: readonly number[], idCount: number, names: readonly string[] | null, values: readonly unknown[], valueCount: number): void {
    let chunk = this.#chunks[this.#chunks.length - 1];
    if (chunk === undefined || chunk.states.length === CHUNK) this.#chunks.push((chunk = new Chunk()));
    const k = chunk.states.length;
    chunk.states[k] = state;
    const allIds = chunk.ids;
    let at = allIds.length;
    chunk.idsFrom[k] = at;
    for (let i = 0; i < idCount; i++) allIds[at++] = ids[i]!;
    const allValues = chunk.values;
    at = allValues.length;
    chunk.valuesFrom[k] = at;
    if (names === null) for (let i = 0; i < valueCount; i++) allValues[at++] = values[i];
    else
      for (let i = 0; i < valueCount; i++) {
        allValues[at++] = names[i];
        allValues[at++] = values[i];
      }
    this.#size++;
  }

  /**
   * Points `into` at the root kept for `state` and forgets it, with every entry kept before it;
   * false (and nothing forgotten) if `state` is not waiting.
   */
  take(state: unknown, into: KeptRoot): boolean {
    const chunks = this.#chunks;
    let c = 0;
    let k = this.#head;
    let passed = 0;
    for (;;) {
      const chunk = chunks[c];
      if (chunk === undefined) return false;
      const states = chunk.states;
      while (k < states.length && states[k] !== state) k++;
      if (k < states.length) break;
      passed += states.length - (c === 0 ? this.#head : 0);
      c++;
      k = 0;
    }
    const chunk = chunks[c]!;
    const last = k + 1 === chunk.states.length;
    into.ids = chunk.ids;
    into.idsFrom = chunk.idsFrom[k]!;
    into.idsTo = last ? chunk.ids.length : chunk.idsFrom[k + 1]!;
    into.values = chunk.values;
    into.valuesFrom = chunk.valuesFrom[k]!;
    into.valuesTo = last ? chunk.values.length : chunk.valuesFrom[k + 1]!;
    this.#size -= passed + k + 1 - (c === 0 ? this.#head : 0);
    // Chunks passed over are let go; so is this one once it is full and all taken.
    if (c > 0) chunks.splice(0, c);
    this.#head = k + 1;
    if (this.#head === CHUNK) {
      chunks.shift();
      this.#head = 0;
    } else chunk.states[k] = undefined;
    return true;
  }
}
