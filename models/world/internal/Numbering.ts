/**
 * Hash-consing tables for building short canonical keys: each distinct tuple of small numbers
 * and each distinct string gets a number the first time it is met. A tuple is written as text,
 * one character code per small number (`small`) and two per number from a table (`high`,
 * `low`): straight through `String.fromCharCode` for a part of fixed shape, or appended with
 * `pushNumber` / `pushSmall` and turned into text by `codesText` for a list. Numbering
 * functions (`numberingOf`) add a table by identity for immutable objects.
 *
 * Numbers depend on the order things are met in, so they are canonical for the life of one
 * `Numbering`, not across processes. Keys built on one `Numbering` can be compared.
 */
export class Numbering {
  readonly #tuples = new Map<string, number>();
  readonly #symbols = new Map<string, number>();

  /**
   * The number of a tuple of codes written as text: `codesText(codes)`, or `String.fromCharCode`
   * with the codes as arguments, which builds no array (the way to describe a part of fixed
   * shape). Tuples of different kinds should start with a kind code.
   */
  text(description: string): number {
    let n = this.#tuples.get(description);
    if (n === undefined) this.#tuples.set(description, (n = this.#tuples.size));
    return n;
  }

  /** The number of a string. */
  symbol(s: string): number {
    let n = this.#symbols.get(s);
    if (n === undefined) this.#symbols.set(s, (n = this.#symbols.size));
    return n;
  }
}

/**
 * A numbering function for one kind of part: a part's number is the number of its description
 * (a tuple, as text: see `Numbering.text`). It remembers the last part it was asked about:
 * neighbouring states share most parts, and comparing a reference is far cheaper than a lookup.
 * `identity`: also keep each part's number by identity, for parts that are never changed once
 * built and are costly to describe; otherwise describe a part afresh whenever it is not the
 * last one.
 */
export function numberingOf<T extends object>(numbering: Numbering, describe: (part: T) => string, identity = true): (part: T) => number {
  const known = identity ? new WeakMap<T, number>() : null;
  let last: T | null = null;
  let lastNumber = 0;
  return (part) => {
    if (part !== last) {
      let n = known?.get(part);
      if (n === undefined) {
        n = numbering.text(describe(part));
        known?.set(part, n);
      }
      lastNumber = n;
      last = part;
    }
    return lastNumber;
  };
}

/** Appends a number from `Numbering` as two 15-bit codes (no surrogates, so any count fits). */
export function pushNumber(codes: number[], n: number): void {
  codes.push(high(n), low(n));
}

/** A number from `Numbering` as text: the same two codes as `pushNumber`. */
export function numberText(n: number): string {
  return String.fromCharCode(high(n), low(n));
}

/** Codes as text (the description `Numbering.text` numbers). */
export function codesText(codes: readonly number[]): string {
  return String.fromCharCode.apply(null, codes as number[]);
}

/** The first of the two codes `pushNumber` writes for `n`. */
export function high(n: number): number {
  if (n >= 1 << 30) throw new Error('Numbering: more than 2^30 distinct parts');
  return n >>> 15;
}

/** The second of the two codes `pushNumber` writes for `n`. */
export function low(n: number): number {
  return n & 0x7fff;
}

/** Appends a small whole number (-1 up to 53,245) or null as one code (see `small`). */
export function pushSmall(codes: number[], n: number | null): void {
  codes.push(small(n));
}

/** A small whole number (-1 up to 53,245) or null as one code, below the surrogates: null as 0, n as n + 2. */
export function small(n: number | null): number {
  if (n === null) return 0;
  if (!(n >= -1 && n < 0xd000 - 2 && Number.isInteger(n))) throw new Error(`Numbering: ${n} is not a small whole number`);
  return n + 2;
}
