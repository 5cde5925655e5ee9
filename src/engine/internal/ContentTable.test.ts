import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { ContentTable } from './ContentTable.ts';

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
