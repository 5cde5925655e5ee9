import { describe, expect, it } from 'vitest';
import { ObjectFrontier, PackedFrontier, type Packer } from './Frontier.ts';

/** A pair of numbers in three words, the middle one a marker that must never be read back. */
const pairs: Packer<[number, number]> = {
  words: 3,
  local: false,
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

describe('PackedFrontier memory', () => {
  it('lives in private memory unless told to share it, with room for `capacity` states before it grows by half', () => {
    const f = new PackedFrontier(pairs, false, undefined, 4);
    expect(f.shared).toBe(false);
    const first = f.packed;
    expect(first.buffer).not.toBeInstanceOf(SharedArrayBuffer);
    expect(first.length).toBe(4 * 3);
    for (let i = 0; i < 4; i++) f.push([i, i], i);
    expect(f.packed).toBe(first);
    f.push([4, 4], 4);
    expect(f.packed).not.toBe(first);
    expect(f.packed.length).toBe(6 * 3);
    expect(Array.from({ length: 5 }, (_, i) => f.state(i))).toEqual([[0, 0], [1, 1], [2, 2], [3, 3], [4, 4]]);
  });
  it('without stored ids has no ids array, and truncates all the same', () => {
    const f = new PackedFrontier(pairs);
    expect(f.ids).toBeNull();
    [1, 2, 3].forEach((n, i) => f.push([n, n], 20 + i));
    f.truncate(1);
    expect([f.length, f.state(0), f.id(0)]).toEqual([1, [1, 1], 20]);
  });
});

describe('PackedFrontier in shared memory (a worker of the parallel search)', () => {
  it('keeps its words and ids in SharedArrayBuffers, read through packed and ids', () => {
    const f = new PackedFrontier(pairs, true, true, 2);
    [5, 9, 2].forEach((id, i) => f.push([i, 10 * i], id));
    expect(f.packed.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(f.ids!.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(Array.from(f.packed.subarray(0, 9))).toEqual([0, 7, 0, 1, 7, 10, 2, 7, 20]);
    expect(Array.from(f.ids!.subarray(0, 3))).toEqual([5, 9, 2]);
  });
  it('takes states over with pushPacked: the words copied from another frontier, with their ids, across growth', () => {
    const giver = new PackedFrontier(pairs, true, true);
    for (let i = 0; i < 6; i++) giver.push([i, -i], 100 + i);
    const taker = new PackedFrontier(pairs, true, true, 2);
    taker.push([50, 50], 7);
    for (const i of [5, 3, 1, 0]) taker.pushPacked(giver.packed, 3 * i, giver.id(i));
    expect(taker.length).toBe(5);
    expect(Array.from({ length: 5 }, (_, i) => [taker.state(i), taker.id(i)])).toEqual([
      [[50, 50], 7],
      [[5, -5], 105],
      [[3, -3], 103],
      [[1, -1], 101],
      [[0, 0], 100],
    ]);
    expect(Array.from(taker.packed.subarray(3, 6))).toEqual([5, 7, -5]);
    expect(Array.from(taker.ids!.subarray(0, 5))).toEqual([7, 105, 103, 101, 100]);
  });
});

describe('ObjectFrontier', () => {
  it('truncate to more states than it holds keeps them all', () => {
    const f = new ObjectFrontier<number>();
    [10, 11, 12].forEach((s, i) => f.push(s, i));
    f.truncate(5);
    expect([f.length, f.state(2), f.id(2)]).toEqual([3, 12, 2]);
    f.push(13, 3);
    expect([f.length, f.state(3)]).toEqual([4, 13]);
  });
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
