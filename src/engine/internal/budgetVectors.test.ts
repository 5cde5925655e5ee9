import { describe, expect, it } from 'vitest';
import { BOX_MOST, budgetVectors } from './budgetVectors.ts';

describe('budgetVectors', () => {
  it('gives the whole box, in lexicographic order, when it has at most 64 vectors', () => {
    expect(budgetVectors([1, 1], [1, 0])).toEqual([
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1],
    ]);
    expect(budgetVectors([2], [2])).toEqual([[0], [1], [2]]);
    expect(budgetVectors([], [])).toEqual([[]]);
    expect(budgetVectors([0, 1], [0, 1])).toEqual([
      [0, 0],
      [0, 1],
    ]);
  });

  it('gives the box up to exactly 64 vectors, and lines through the state above', () => {
    expect(BOX_MOST).toBe(64);
    const box = budgetVectors([7, 7], [3, 2]);
    expect(box).toHaveLength(64);
    expect(new Set(box.map((v) => v.join(','))).size).toBe(64);
    // 9 · 8 = 72 vectors: a line per budget through [3, 2] instead, 9 + 8 of them.
    expect(budgetVectors([8, 7], [3, 2])).toEqual([...Array.from({ length: 9 }, (_, n) => [n, 2]), ...Array.from({ length: 8 }, (_, n) => [3, n])]);
    expect(budgetVectors([64], [5])).toEqual(Array.from({ length: 65 }, (_, n) => [n]));
  });
});
