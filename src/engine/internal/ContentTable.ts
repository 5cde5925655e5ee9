/**
 * Hash-consing of tuples of whole numbers (0 up to 2^31 - 1): `intern` gives each distinct tuple
 * a number, 0, 1, 2, … in the order they are first met. Tuples are kept end to end in one
 * `Int32Array` (4 bytes a number, plus 12 a tuple for its start, its hash and its slot in an
 * open-addressing table kept at most half full), so a large search pays no object per tuple
 * and builds no text to look one up.
 */
export class ContentTable {
  #data = new Int32Array(1 << 14);
  #used = 0;
  /** Tuple k is `#data[#starts[k] .. #starts[k + 1])`. */
  #starts = new Int32Array(1 << 12);
  #hashes = new Int32Array(1 << 12);
  #count = 0;
  /** Open addressing, linear probing: tuple number + 1, 0 when the slot is empty. */
  #slots = new Int32Array(1 << 13);

  /** How many distinct tuples have been interned. */
  get size(): number {
    return this.#count;
  }

  /** Bytes held by the table's arrays. */
  get bytes(): number {
    return this.#data.byteLength + this.#starts.byteLength + this.#hashes.byteLength + this.#slots.byteLength;
  }

  /**
   * The numbers of every tuple, end to end: tuple `k` is `data[start(k) .. start(k + 1))`. The
   * array is replaced when the table grows, so read it again after an `intern`.
   */
  get data(): Int32Array {
    return this.#data;
  }

  /** Where tuple `k` starts in `data`; `start(k + 1)` is where it ends. */
  start(k: number): number {
    return this.#starts[k]!;
  }

  /** The number of the tuple `values[0 .. n)`, interning it if it is new. */
  intern(values: readonly number[], n: number): number {
    const h = tupleHash(values, n);
    const slots = this.#slots;
    const mask = slots.length - 1;
    let at = h & mask;
    for (let e = slots[at]!; e !== 0; e = slots[at]!) {
      if (this.#hashes[e - 1] === h && this.#equals(e - 1, values, n)) return e - 1;
      at = (at + 1) & mask;
    }
    return this.#add(values, n, h, at);
  }

  #equals(k: number, values: readonly number[], n: number): boolean {
    const start = this.#starts[k]!;
    if (this.#starts[k + 1]! - start !== n) return false;
    const data = this.#data;
    for (let i = 0; i < n; i++) if (data[start + i] !== values[i]) return false;
    return true;
  }

  #add(values: readonly number[], n: number, h: number, at: number): number {
    const k = this.#count;
    if (this.#used + n > this.#data.length) this.#data = grown(this.#data, this.#used + n);
    if (k + 2 > this.#starts.length) {
      this.#starts = grown(this.#starts, k + 2);
      this.#hashes = grown(this.#hashes, k + 2);
    }
    const data = this.#data;
    for (let i = 0; i < n; i++) data[this.#used + i] = values[i]!;
    this.#used += n;
    this.#starts[k + 1] = this.#used;
    this.#hashes[k] = h;
    this.#slots[at] = k + 1;
    this.#count = k + 1;
    if (this.#count * 2 > this.#slots.length) this.#rehash();
    return k;
  }

  /** Doubles the slots and puts every tuple back by its hash. */
  #rehash(): void {
    const slots = new Int32Array(this.#slots.length * 2);
    const mask = slots.length - 1;
    for (let k = 0; k < this.#count; k++) {
      let at = this.#hashes[k]! & mask;
      while (slots[at] !== 0) at = (at + 1) & mask;
      slots[at] = k + 1;
    }
    this.#slots = slots;
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

/**
 * The 32-bit hash by which `ContentTable` finds a tuple: its length, then each number in turn
 * (multiply and shift), then a final mix. Tuples that share it are told apart by their length
 * and numbers.
 */
export function tupleHash(values: ArrayLike<number>, n: number): number {
  let h = n ^ 0x2f6b3a91;
  for (let i = 0; i < n; i++) {
    h = Math.imul(h ^ values[i]!, 0x5bd1e995);
    h ^= h >>> 15;
  }
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}
