import { describe, expect, it } from 'vitest';
import { ObjectFrontier, PackedFrontier, type Packer } from './Frontier.ts';

/** A pair of numbers in three words, the middle one a marker that must never be read back. */
const pairs: Packer<[number, number]> = {
  words: 3,
  pack: ([a, b], into, at) => {
    into[at] = a;
    into[at + 1] = 7;
    into[at + 2] = b;
  },
  unpack: (from, at) => [from[at]!, from[at + 2]!],
};

describe('PackedFrontier', () => {
  it('gives back every state and id in order, across growth past its first 1024 states', () => {
    const f = new PackedFrontier(pairs);
    for (let i = 0; i < 5000; i++) f.push([i, 5000 - i], 10 + i);
    expect(f.length).toBe(5000);
    for (const i of [0, 1, 1023, 1024, 1025, 2999, 4999]) {
      expect(f.state(i)).toEqual([i, 5000 - i]);
      expect(f.id(i)).toBe(10 + i);
    }
  });

  it('unpacks a new object each time, and is empty after clear, reusing its arrays', () => {
    const f = new PackedFrontier(pairs);
    f.push([1, 2], 0);
    expect(f.state(0)).not.toBe(f.state(0));
    f.clear();
    expect(f.length).toBe(0);
    f.push([3, 4], 5);
    expect(f.state(0)).toEqual([3, 4]);
    expect(f.id(0)).toBe(5);
  });
  it('keeps no ids, only the first: one that does not follow the last is refused', () => {
    const f = new PackedFrontier(pairs);
    f.push([1, 2], 7);
    f.push([3, 4], 8);
    expect(() => f.push([5, 6], 10)).toThrow(/id 10 pushed after 8/);
    expect(f.length).toBe(2);
    f.clear();
    f.push([5, 6], 100);
    expect(f.id(0)).toBe(100);
  });
});

describe('PackedFrontier with stored ids', () => {
  it('keeps any id, in push order, and truncate drops the newest states and ids', () => {
    const f = new PackedFrontier(pairs, true);
    const ids = [9, 3, 40, 41, 7];
    ids.forEach((id, i) => f.push([i, -i], id));
    expect(Array.from({ length: 5 }, (_, i) => f.id(i))).toEqual(ids);
    f.truncate(2);
    expect(f.length).toBe(2);
    f.push([8, 8], 100);
    expect([f.state(1), f.id(1), f.state(2), f.id(2)]).toEqual([[1, -1], 3, [8, 8], 100]);
    f.clear();
    f.push([5, 5], 1);
    expect([f.length, f.id(0)]).toEqual([1, 1]);
  });
});

describe('ObjectFrontier', () => {
  it('truncate drops the newest states and their ids', () => {
    const f = new ObjectFrontier<number>();
    [10, 11, 12].forEach((s, i) => f.push(s, 5 * i));
    f.truncate(1);
    f.push(13, 99);
    expect([f.length, f.state(0), f.id(0), f.state(1), f.id(1)]).toEqual([2, 10, 0, 13, 99]);
  });

  it('keeps the objects themselves, and their ids', () => {
    const f = new ObjectFrontier<{ n: number }>();
    const s = { n: 1 };
    f.push(s, 42);
    expect(f.state(0)).toBe(s);
    expect(f.id(0)).toBe(42);
    f.clear();
    expect(f.length).toBe(0);
  });
});
