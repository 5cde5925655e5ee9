/**
 * An append-only list of 32-bit integers in a typed array that grows by half when full: 4 to 6
 * bytes an entry and nothing for the garbage collector to trace, where a JavaScript array of
 * numbers costs 8 and is scanned.
 */
export class GrowableInts {
  #data: Int32Array;
  #length = 0;

  constructor(
    capacity = 1024,
    /** Whether the values live in a `SharedArrayBuffer`, for another thread to read (`values`). */
    readonly shared = false,
  ) {
    this.#data = this.#allocate(capacity);
  }

  #allocate(capacity: number): Int32Array {
    return this.shared ? new Int32Array(new SharedArrayBuffer(4 * capacity)) : new Int32Array(capacity);
  }

  /** The array the values are in (its first `length` entries); replaced when the list grows. */
  get values(): Int32Array {
    return this.#data;
  }

  get length(): number {
    return this.#length;
  }

  /** Appends `value` (a 32-bit integer) and returns its index. */
  push(value: number): number {
    if (this.#length === this.#data.length) {
      const bigger = this.#allocate(Math.ceil(this.#data.length * 1.5));
      bigger.set(this.#data);
      this.#data = bigger;
    }
    this.#data[this.#length] = value;
    return this.#length++;
  }

  /** The value at `index`; `index` must be below `length`. */
  get(index: number): number {
    return this.#data[index]!;
  }

  /** Empties the list, keeping its array for reuse. */
  clear(): void {
    this.#length = 0;
  }

  /** Keeps the first `length` values (at most `length` of them), dropping the rest. */
  truncate(length: number): void {
    this.#length = Math.max(0, Math.min(this.#length, length));
  }

  /** Overwrites the value at `index`, which must be below `length`. */
  set(index: number, value: number): void {
    this.#data[index] = value;
  }
}
