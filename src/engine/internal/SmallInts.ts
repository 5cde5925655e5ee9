/**
 * An append-only list of non-negative integers that are nearly always small, as the index of
 * the action that reached each state: a byte an entry in a typed array that grows by half when
 * full, with the rare value of 255 or more kept aside in a map (its byte is then 255).
 */
export class SmallInts {
  #data: Uint8Array;
  #length = 0;
  readonly #large = new Map<number, number>();

  constructor(capacity = 1024) {
    this.#data = new Uint8Array(capacity);
  }

  get length(): number {
    return this.#length;
  }

  /** Appends `value`, a whole number from 0 to 2³¹ - 1, and returns its index. */
  push(value: number): number {
    if (!(value >= 0 && value <= 0x7fffffff && Number.isInteger(value))) throw new RangeError(`SmallInts: ${value} is not a whole number from 0 to 2^31 - 1`);
    if (this.#length === this.#data.length) {
      const bigger = new Uint8Array(Math.ceil(this.#data.length * 1.5));
      bigger.set(this.#data);
      this.#data = bigger;
    }
    if (value >= 255) {
      this.#data[this.#length] = 255;
      this.#large.set(this.#length, value);
    } else this.#data[this.#length] = value;
    return this.#length++;
  }

  /** The value at `index`; `index` must be below `length`. */
  get(index: number): number {
    const b = this.#data[index]!;
    return b === 255 ? this.#large.get(index)! : b;
  }
}
