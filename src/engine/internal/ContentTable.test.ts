import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { ContentTable, tupleHash } from './ContentTable.ts';

describe('ContentTable', () => {
  it('numbers tuples 0, 1, 2, … in the order first met, and a tuple met again by its number', () => {
    const t = new ContentTable();
    expect(t.intern([1, 2, 3], 3)).toBe(0);
    expect(t.intern([1, 2], 2)).toBe(1);
    expect(t.intern([], 0)).toBe(2);
    expect(t.intern([1, 2, 3], 3)).toBe(0);
    expect(t.intern([1, 2, 3, 99], 2)).toBe(1); // only the first n values count
    expect(t.size).toBe(3);
  });

  it('keeps every tuple apart through growth and rehashing (100,000 tuples)', () => {
    const t = new ContentTable();
    for (let i = 0; i < 100_000; i++) expect(t.intern([i % 7, i, i >> 3], 3)).toBe(i);
    for (let i = 0; i < 100_000; i += 997) expect(t.intern([i % 7, i, i >> 3], 3)).toBe(i);
    expect(t.size).toBe(100_000);
    expect(t.bytes).toBeGreaterThan(100_000 * 3 * 4);
  });

  test.prop([fc.array(fc.array(fc.integer({ min: 0, max: 2 ** 31 - 1 }), { maxLength: 6 }), { maxLength: 200 })])('gives equal numbers exactly to equal tuples', (tuples) => {
    const t = new ContentTable();
    const byText = new Map<string, number>();
    for (const x of tuples) {
      const n = t.intern(x, x.length);
      const known = byText.get(x.join(','));
      if (known === undefined) byText.set(x.join(','), n);
      else expect(n).toBe(known);
    }
    expect(t.size).toBe(byText.size);
  });
});

describe('ContentTable growth', () => {
  it('keeps every tuple whole across the first growth of each array: each one met again gets its number back', () => {
    // 3-number tuples: the data array (16,384 numbers) grows at tuple 5,462, the starts and
    // hashes (4,096) at tuple 4,095, the slots (8,192, at most half full) at tuple 4,097.
    const t = new ContentTable();
    const n = 6_000;
    for (let i = 0; i < n; i++) t.intern([i, i + 1, i + 2], 3);
    const lost: number[] = [];
    for (let i = 0; i < n; i++) if (t.intern([i, i + 1, i + 2], 3) !== i) lost.push(i);
    expect(lost).toEqual([]);
    expect(t.size).toBe(n);
  });

  it('holds a tuple larger than twice its data array', () => {
    const t = new ContentTable();
    const big = Array.from({ length: 40_000 }, (_, i) => i);
    expect(t.intern(big, big.length)).toBe(0);
    expect(t.intern(big.slice(), big.length)).toBe(0);
    expect(t.intern([...big.slice(0, -1), 7], big.length)).toBe(1);
    expect(t.bytes).toBeGreaterThanOrEqual(40_001 * 4);
  });

  it('counts in bytes every array it holds: each array that doubles adds its old size', () => {
    const t = new ContentTable();
    const bytesAfter = (count: number) => {
      while (t.size < count) t.intern([t.size], 1);
      return t.bytes;
    };
    const empty = bytesAfter(0);
    const before = bytesAfter(4_095);
    expect(before).toBe(empty);
    // The 4,096th tuple doubles the starts and the hashes (4,096 numbers of 4 bytes each).
    const grownStarts = bytesAfter(4_096);
    expect(grownStarts - before).toBe(2 * 4_096 * 4);
    // The 4,097th fills the 8,192 slots past half: they double.
    expect(bytesAfter(4_097) - grownStarts).toBe(8_192 * 4);
  });
});

describe('ContentTable: tuples that share a hash', () => {
  /** The modular inverse of an odd 32-bit number (Newton's iteration). */
  const inverse = (m: number) => {
    let x = m;
    for (let i = 0; i < 5; i++) x = Math.imul(x, 2 - Math.imul(m, x));
    return x;
  };
  /** The inverse of `x ^ (x >>> 15)`. */
  const unshift15 = (y: number) => y ^ (y >>> 15) ^ (y >>> 30);

  it('tells a tuple from a longer one that starts with it and has the same hash', () => {
    // The number b that makes [a, b] hash as [a]: after b, the running hash of [a, b] must be
    // the running hash of [a] (the final mix then gives the same), each step being invertible.
    const step = (h: number, v: number) => {
      const x = Math.imul(h ^ v, 0x5bd1e995);
      return x ^ (x >>> 15);
    };
    const a = 12345;
    const one = step(1 ^ 0x2f6b3a91, a);
    const b = step(2 ^ 0x2f6b3a91, a) ^ Math.imul(unshift15(one), inverse(0x5bd1e995));
    expect(tupleHash([a, b], 2)).toBe(tupleHash([a], 1));
    const table = new ContentTable();
    const longer = table.intern([a, b], 2);
    const shorter = table.intern([a], 1);
    expect(shorter).not.toBe(longer);
    expect([table.intern([a, b], 2), table.intern([a], 1)]).toEqual([longer, shorter]);
  });
});
