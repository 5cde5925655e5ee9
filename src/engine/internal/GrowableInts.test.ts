import { describe, expect, it } from 'vitest';
import { GrowableInts } from './GrowableInts.ts';

describe('GrowableInts', () => {
  it('keeps what was pushed across growth, and after clear starts again from index 0', () => {
    const list = new GrowableInts(2);
    for (let i = 0; i < 10; i++) expect(list.push(i * 3 - 5)).toBe(i);
    expect(Array.from({ length: list.length }, (_, i) => list.get(i))).toEqual([-5, -2, 1, 4, 7, 10, 13, 16, 19, 22]);
    list.clear();
    expect(list.length).toBe(0);
    expect(list.push(42)).toBe(0);
    expect([list.length, list.get(0)]).toEqual([1, 42]);
  });
  it('truncate keeps the first values, and the next push follows them', () => {
    const list = new GrowableInts(2);
    for (const v of [4, 5, 6, 7]) list.push(v);
    list.truncate(9);
    expect(list.length).toBe(4);
    list.truncate(1);
    expect(list.push(8)).toBe(1);
    expect([list.get(0), list.get(1)]).toEqual([4, 8]);
  });
  it('lives in private memory by default, in a SharedArrayBuffer when shared (for another thread to read its values)', () => {
    expect(new GrowableInts().shared).toBe(false);
    expect(new GrowableInts().values.buffer).not.toBeInstanceOf(SharedArrayBuffer);
    const list = new GrowableInts(2, true);
    for (const v of [3, -1, 8]) list.push(v);
    expect(list.values.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(Array.from(list.values.subarray(0, list.length))).toEqual([3, -1, 8]);
  });
});
