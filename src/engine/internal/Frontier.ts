import { GrowableInts } from './GrowableInts.ts';

/**
 * One level of the breadth-first search: the states to expand, in discovery order, with their
 * ids in the visited set. Filled by `push`, read by index, emptied by `clear` for reuse.
 */
export interface Frontier<S> {
  readonly length: number;
  push(state: S, id: number): void;
  /** The `i`-th state pushed (the object itself, or a new copy unpacked from its packed form). */
  state(i: number): S;
  /** The id of the `i`-th state pushed. */
  id(i: number): number;
  /** Keeps the first `length` states (the oldest), dropping the newest. */
  truncate(length: number): void;
  clear(): void;
}

/** A frontier of the state objects themselves, and their ids in a typed array. */
export class ObjectFrontier<S> implements Frontier<S> {
  states: S[] = [];
  ids = new GrowableInts();

  get length(): number {
    return this.states.length;
  }
  push(state: S, id: number): void {
    this.states.push(state);
    this.ids.push(id);
  }
  state(i: number): S {
    return this.states[i]!;
  }
  id(i: number): number {
    return this.ids.get(i);
  }
  truncate(length: number): void {
    if (length < this.states.length) this.states.length = Math.max(0, length);
    this.ids.truncate(length);
  }
  clear(): void {
    this.states.length = 0;
    this.ids.clear();
  }
}

/**
 * How a packed frontier stores its states: `words` integers a state, written by `pack` into a
 * typed array at an offset and read back by `unpack` (the model's `StateCodec`, through
 * `ModelRunner`, which checks it).
 */
export interface Packer<S> {
  readonly words: number;
  /** Whether the words unpack only in the thread that packed them (`StateCodec.local`). */
  readonly local: boolean;
  pack(state: S, into: Int32Array, at: number): void;
  unpack(from: Int32Array, at: number): S;
}

/**
 * A frontier of packed states: `words` 32-bit integers a state, in a typed array that grows by
 * half when full and is kept for reuse. Nothing in it is traced by the garbage collector;
 * `state(i)` unpacks a new object each time.
 *
 * The ids: one search discovers a level's states with consecutive ids, so by default only the
 * first id is kept and a push of any other than the next one is an error. A worker of the
 * parallel search shares the ids with other threads (its own are increasing, not consecutive)
 * and takes states over from them: with `storeIds` every id is kept, 4 bytes a state.
 */
export class PackedFrontier<S> implements Frontier<S> {
  #data: Int32Array;
  #length = 0;
  #firstId = 0;
  readonly #words: number;
  readonly #ids: GrowableInts | null;

  constructor(
    private readonly packer: Packer<S>,
    storeIds = false,
    /** Whether the words and ids live in `SharedArrayBuffer`s, for another thread to copy states from (`packed`, `ids`). */
    readonly shared = false,
    /** States it has room for before it grows. */
    capacity = 1024,
  ) {
    this.#words = packer.words;
    this.#data = this.#allocate(capacity * this.#words);
    this.#ids = storeIds ? new GrowableInts(capacity, shared) : null;
  }

  #allocate(length: number): Int32Array {
    return this.shared ? new Int32Array(new SharedArrayBuffer(4 * length)) : new Int32Array(length);
  }

  /** The words of the states, `words` a state from the first (replaced when the frontier grows). */
  get packed(): Int32Array {
    return this.#data;
  }

  /** The stored ids, one a state (replaced when the frontier grows); null unless `storeIds`. */
  get ids(): Int32Array | null {
    return this.#ids?.values ?? null;
  }

  /** Appends a state already packed, `words` integers at `from[at]`, with its id (`storeIds` only). */
  pushPacked(from: Int32Array, at: number, id: number): void {
    const to = this.#room();
    for (let k = 0; k < this.#words; k++) this.#data[to + k] = from[at + k]!;
    this.#ids!.push(id);
    this.#length++;
  }

  /** The offset of the next state's words, the array grown first if full. */
  #room(): number {
    const at = this.#length * this.#words;
    if (at + this.#words > this.#data.length) {
      const bigger = this.#allocate(Math.ceil((this.#data.length * 1.5) / this.#words) * this.#words);
      bigger.set(this.#data);
      this.#data = bigger;
    }
    return at;
  }

  get length(): number {
    return this.#length;
  }
  push(state: S, id: number): void {
    if (this.#ids === null) {
      if (this.#length === 0) this.#firstId = id;
      else if (id !== this.#firstId + this.#length) throw new Error(`PackedFrontier: id ${id} pushed after ${this.#firstId + this.#length - 1}; a level's ids must be consecutive`);
    }
    const at = this.#room();
    this.packer.pack(state, this.#data, at);
    this.#ids?.push(id);
    this.#length++;
  }
  state(i: number): S {
    return this.packer.unpack(this.#data, i * this.#words);
  }
  id(i: number): number {
    return this.#ids ? this.#ids.get(i) : this.#firstId + i;
  }
  truncate(length: number): void {
    this.#length = Math.max(0, Math.min(this.#length, length));
    this.#ids?.truncate(length);
  }
  clear(): void {
    this.#length = 0;
    this.#ids?.clear();
  }
}
