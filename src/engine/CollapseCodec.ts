import type { StateCodec } from './StateCodec.ts';
import { StructuralKeys } from './StructuralKeys.ts';

/** The word of a field whose value is `undefined` (left out, as in JSON). */
const ABSENT = -1;

/**
 * The values met in one field, each kept once, by the number its `StructuralKeys` gave it.
 * Object and array ids are dense (the number of the node in the keys' content table, times 4,
 * plus its kind), so they index a typed array of slots; other values (strings, numbers, `null`,
 * booleans) are few and kept in a `Map`. A string's id can index the same slot as an object's
 * (the same number, another kind), so a slot also keeps the id it was filled for.
 */
class FieldTable {
  readonly #keys = new StructuralKeys();
  /**
   * The two values numbered last and their numbers: a search packs a state's successors one after
   * the other, and most of them hold their parent's value in most fields, or their sibling's.
   */
  #last: unknown = undefined;
  #lastId = 0;
  #older: unknown = undefined;
  #olderId = 0;
  /** Slot + 1 of node `id >> 2`, 0 if not kept. */
  #slots = new Int32Array(1024);
  readonly #values: unknown[] = [];
  /** The id each of `#values` was kept under. */
  readonly #ids: number[] = [];
  readonly #leaves = new Map<number, unknown>();

  /** The number of `value` (an object the table may have met by identity), which is kept under it if it is new. */
  number(value: unknown): number {
    if (value === this.#last) return this.#lastId;
    let id: number;
    if (value === this.#older) id = this.#olderId;
    else {
      id = this.#keys.id(value);
      this.#keep(id, value);
    }
    this.#older = this.#last;
    this.#olderId = this.#lastId;
    this.#last = value;
    this.#lastId = id;
    return id;
  }

  /** Keeps `value` under `id` if nothing is kept there yet. */
  #keep(id: number, value: unknown): void {
    if (typeof value !== 'object' || value === null) {
      // A leaf's id names one primitive, so keeping it again changes nothing.
      this.#leaves.set(id, value);
      return;
    }
    const k = id >> 2;
    if (k >= this.#slots.length) {
      const grown = new Int32Array(Math.max(k + 1, this.#slots.length * 2));
      grown.set(this.#slots);
      this.#slots = grown;
    }
    if (this.#slots[k] === 0) {
      this.#ids.push(id);
      this.#slots[k] = this.#values.push(value);
    }
  }

  /** The value kept under `id`; throws if none is. */
  value(id: number): unknown {
    const k = id >> 2;
    const slot = k < this.#slots.length ? this.#slots[k]! : 0;
    // Slot 0 (nothing kept) reads the id at -1, `undefined`, which is no id.
    if (this.#ids[slot - 1] === id) return this.#values[slot - 1];
    // No leaf is `undefined` (a field left out has no id).
    const leaf = this.#leaves.get(id);
    if (leaf !== undefined) return leaf;
    throw new RangeError(`no value was packed under id ${id}: these words were not packed by this codec`);
  }

  /** How many distinct values are kept. */
  get size(): number {
    return this.#values.length + this.#leaves.size;
  }
}

/**
 * A codec for states that are records of plain data with a fixed list of fields: each field's
 * value is kept once in a table of that field's distinct values, and a state is packed as one
 * number per field, the value's number in its table. This is Spin's collapse compression
 * (`-DCOLLAPSE`), which stores each process's local state once and a state vector as indices.
 *
 * It pays when the state space is a product of parts that vary far less than the whole: a world
 * of services, a database, a broker and consumers, where millions of states are combinations of
 * thousands of databases and hundreds of consumer records. The frontier then keeps
 * `fields.length` integers a state instead of an object graph the garbage collector traces, and
 * each distinct part is kept once, as the object the model made (so its own memos, frozen
 * objects and identities stay what they were).
 *
 * Numbering is by content (`StructuralKeys.id`: equal numbers exactly for equal stable JSON), so
 * two states whose fields are equal pack alike, and `unpack` gives back a record whose every
 * field is equal to the packed one's (a value met first, of the same stable JSON). Field order
 * is `fields`' order; a field whose value is `undefined` is left out, as in JSON; a field not in
 * `fields` is lost, which the search's sampled round trip reports (`codec-not-roundtrip`).
 *
 * The numbers are this object's own, so the codec is `local`: the parallel search never moves
 * packed words between its workers (each has its own model and codec) and rebuilds a state it
 * takes over by replaying its path. Values are kept for the life of the codec, which is a
 * model's: build the model once per search.
 */
export class CollapseCodec<S extends object> implements StateCodec<S> {
  readonly words: number;
  readonly local = true;
  readonly #fields: readonly string[];
  readonly #tables: readonly FieldTable[];

  /** `fields`: the names of the states' fields, in the order `unpack` writes them. */
  constructor(fields: readonly string[]) {
    if (fields.length === 0) throw new RangeError('CollapseCodec needs at least one field');
    if (new Set(fields).size !== fields.length) throw new RangeError(`CollapseCodec: a field is listed twice in ${fields.join(', ')}`);
    this.#fields = fields;
    this.#tables = fields.map(() => new FieldTable());
    this.words = fields.length;
  }

  /** Writes one number per field: its value's number in that field's table, kept there if new. */
  pack(state: S, into: Int32Array, at: number): void {
    const record = state as Record<string, unknown>;
    for (let i = 0; i < this.#fields.length; i++) {
      const value = record[this.#fields[i]!];
      if (value === undefined) {
        into[at + i] = ABSENT;
        continue;
      }
      into[at + i] = this.#tables[i]!.number(value);
    }
  }

  /** A new record over the kept values the words name. */
  unpack(from: Int32Array, at: number): S {
    const out: Record<string, unknown> = {};
    for (let i = 0; i < this.#fields.length; i++) {
      const id = from[at + i]!;
      if (id !== ABSENT) out[this.#fields[i]!] = this.#tables[i]!.value(id);
    }
    return out as S;
  }

  /** Distinct values kept, per field: what the codec's memory grows with. */
  sizes(): Record<string, number> {
    return Object.fromEntries(this.#fields.map((f, i) => [f, this.#tables[i]!.size]));
  }
}
