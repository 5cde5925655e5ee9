import { describe, expect, it } from 'vitest';
import { SmallInts } from './SmallInts.ts';

describe('SmallInts', () => {
  it('gives back every value in order, small and large, across growth past its first 1024', () => {
    const list = new SmallInts();
    const values = Array.from({ length: 5000 }, (_, i) => (i % 97 === 0 ? 254 + (i % 5) + 1000 * (i % 3) : i % 254));
    values.push(255, 256, 0x7fffffff, 0);
    values.forEach((v, i) => expect(list.push(v)).toBe(i));
    expect(list.length).toBe(values.length);
    expect(values.map((_, i) => list.get(i))).toEqual(values);
  });

  it('refuses what it cannot hold: a negative, fractional or too large value', () => {
    const list = new SmallInts();
    for (const bad of [-1, 1.5, 2 ** 31, Number.NaN]) expect(() => list.push(bad)).toThrow(RangeError);
    expect(() => list.push(-1)).toThrow('SmallInts: -1 is not a whole number from 0 to 2^31 - 1');
    expect(list.length).toBe(0);
  });
});
