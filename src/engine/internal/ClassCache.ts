/** Slots a cache starts with, and by default the most it grows to (16 bytes a slot: 64 MB). */
const FIRST_SLOTS = 1 << 12;
const MAX_SLOTS = 1 << 22;

/**
 * Under symmetry, the fingerprint of a state's class, remembered by the state's own fingerprint
 * (the model's `memberFingerprint` when it has one, which it works out anyway as the first of its
 * prints): a search meets most states again and again (every diamond it closes), and working out
 * a representative costs a print of the state per symmetry (of a renamed copy, or as if renamed),
 * where fingerprinting the state itself costs one. On `outbox-cdc` with two aggregates, 429,329 keys were
 * asked for 158,792 distinct states.
 *
 * A table of `(state print, class print)` pairs with open addressing, four 32-bit words a slot.
 * It grows while it is half full, up to `maxSlots`; from there a new pair takes the place of the
 * one in its slot, and those after it in the run are dropped. It is a cache: a miss costs a representative, never a wrong answer. A state
 * print of two states whose classes differ would merge their classes; the odds are those of the
 * visited set's own fingerprints (`collisionProbability`).
 */
export class ClassCache {
  readonly #maxSlots: number;
  #table: Int32Array;
  #mask: number;
  #used = 0;
  /** Distinct state prints ever stored: what the collision odds count. */
  #stored = 0;

  /** `maxSlots`: the most slots it grows to, a power of two (default 2²²). */
  constructor(maxSlots = MAX_SLOTS) {
    this.#maxSlots = maxSlots;
    const first = Math.min(FIRST_SLOTS, maxSlots);
    this.#table = new Int32Array(4 * first);
    this.#mask = first - 1;
  }

  /** How many slots the table has now: it doubles while half full, up to `maxSlots`. */
  get slots(): number {
    return this.#mask + 1;
  }

  /** The odds that two distinct states stored here shared a print: about n²/2⁶⁵. */
  get collisionProbability(): number {
    return Math.min(1, (this.#stored * this.#stored) / 2 ** 65);
  }

  /**
   * Writes the class print kept for the state print `(hi, lo)` into `into` and returns true, or
   * returns false if none is kept.
   */
  get(hi: number, lo: number, into: Int32Array): boolean {
    const table = this.#table;
    const mask = this.#mask;
    for (let i = slotOf(hi, lo, mask); ; i = (i + 1) & mask) {
      const at = 4 * i;
      const h = table[at]!;
      const l = table[at + 1]!;
      if (h === 0 && l === 0) return false;
      if (h === hi && l === lo) {
        into[0] = table[at + 2]!;
        into[1] = table[at + 3]!;
        return true;
      }
    }
  }

  /** Keeps class print `(classHi, classLo)` for the state print `(hi, lo)`, which `get` did not find. */
  set(hi: number, lo: number, classHi: number, classLo: number): void {
    // (0, 0) marks an empty slot: such a state print is never kept (one state in 2⁶⁴ misses).
    if (hi === 0 && lo === 0) return;
    this.#stored++;
    if (this.#used >= (this.#mask + 1) / 2) {
      if (this.#mask + 1 < this.#maxSlots) this.#grow();
      else return this.#replace(hi, lo, classHi, classLo);
    }
    this.#used++;
    put(this.#table, this.#mask, hi, lo, classHi, classLo);
  }

  /** At full size: the pair takes its home slot, and the run of slots after it is cleared. */
  #replace(hi: number, lo: number, classHi: number, classLo: number): void {
    const table = this.#table;
    const mask = this.#mask;
    const home = slotOf(hi, lo, mask);
    // Clearing the run keeps every lookup's probe sequence unbroken: a pair further along the
    // run could otherwise sit behind an empty slot.
    for (let i = (home + 1) & mask; table[4 * i] !== 0 || table[4 * i + 1] !== 0; i = (i + 1) & mask) {
      table.fill(0, 4 * i, 4 * i + 4);
      this.#used--;
    }
    if (table[4 * home] === 0 && table[4 * home + 1] === 0) this.#used++;
    table[4 * home] = hi;
    table[4 * home + 1] = lo;
    table[4 * home + 2] = classHi;
    table[4 * home + 3] = classLo;
  }

  #grow(): void {
    const old = this.#table;
    const mask = 2 * (this.#mask + 1) - 1;
    const table = new Int32Array(4 * (mask + 1));
    for (let at = 0; at < old.length; at += 4) {
      if (old[at] !== 0 || old[at + 1] !== 0) put(table, mask, old[at]!, old[at + 1]!, old[at + 2]!, old[at + 3]!);
    }
    this.#table = table;
    this.#mask = mask;
  }
}

function slotOf(hi: number, lo: number, mask: number): number {
  return (lo ^ Math.imul(hi, 0x9e3779b1)) & mask;
}

function put(table: Int32Array, mask: number, hi: number, lo: number, classHi: number, classLo: number): void {
  let i = slotOf(hi, lo, mask);
  while (table[4 * i] !== 0 || table[4 * i + 1] !== 0) i = (i + 1) & mask;
  table[4 * i] = hi;
  table[4 * i + 1] = lo;
  table[4 * i + 2] = classHi;
  table[4 * i + 3] = classLo;
}
