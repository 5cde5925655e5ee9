import { describe, expect, it } from 'vitest';
import { HOLE, OVER_BOUND, SharedVisited } from './SharedVisited.ts';

/** Claims `count` new states `(base + i, 1)` in `v`, growing the table as the workers would pause for it. */
function claimMany(v: SharedVisited, base: number, count: number): number[] {
  const ids: number[] = [];
  for (let i = 0; i < count; i++) {
    if (v.wantsGrowth) v.grow();
    ids.push(v.claim(base + i, 1, -1, 0, 0));
  }
  return ids;
}

describe('SharedVisited: ids in blocks', () => {
  it('hands each thread its own block, and its states ids in the order it claims them', () => {
    const a = SharedVisited.create(1_000_000);
    const b = new SharedVisited(a.buffers);
    a.block = b.block = 8;
    expect([a.claim(1, 1, -1, 0, 0), b.claim(2, 2, -1, 0, 1), a.claim(3, 3, 0, 1, 0), b.claim(4, 4, 1, 1, 1)]).toEqual([0, 8, 1, 9]);
    expect([a.owner(1), b.owner(9), a.parent(1), a.via(9)]).toEqual([0, 1, 0, 1]);
    expect(a.idEnd).toBe(16);
  });
  it('sizes a block to at most 1/64 of the level share and at most 256 ids', () => {
    const v = SharedVisited.create(1_000_000);
    const sizes = [0, 127, 128, 6400, 16_384, 10_000_000].map((share) => {
      v.blockFor(share);
      return v.block;
    });
    expect(sizes).toEqual([1, 1, 2, 100, 256, 256]);
  });
  it('makes the rest of a released block holes: no path, not counted, passed over by growth', () => {
    const a = SharedVisited.create(1_000_000);
    const b = new SharedVisited(a.buffers);
    a.block = b.block = 8;
    a.claim(1, 1, -1, 0, 0);
    b.claim(2, 2, -1, 0, 1);
    a.release();
    b.release();
    expect(a.size).toBe(2);
    expect([a.hasPath(0), a.hasPath(1), a.hasPath(7), a.hasPath(8), a.hasPath(9)]).toEqual([true, false, false, true, false]);
    expect(a.owner(1)).toBe(HOLE);
    // A hole's fingerprint is the buffer's zeros: after growth a state with that fingerprint is new.
    a.useTable(a.grow());
    b.useTable(a.buffers.table);
    a.block = 1;
    expect(a.claim(0, 0, -1, 0, 0)).toBe(16);
    expect(b.claim(2, 2, -1, 0, 1)).toBe(-1);
    expect(b.seen).toBe(8);
  });
  it('counts only states: a block held during a level counts its unused ids until released', () => {
    const v = SharedVisited.create(1_000_000);
    v.block = 100;
    claimMany(v, 0, 3);
    expect(v.size).toBe(100);
    v.release();
    expect(v.size).toBe(3);
    v.release();
    expect(v.size).toBe(3);
  });
  it('takes ids one at a time near the bound: a small search gets dense ids whatever the block', () => {
    const v = SharedVisited.create(100);
    v.block = 256;
    expect(claimMany(v, 0, 3)).toEqual([0, 1, 2]);
    expect(v.size).toBe(3);
    expect(v.idEnd).toBe(3);
  });
  it('counts the holes past the bound: far from it, however many holes, ids still come in blocks', () => {
    const v = SharedVisited.create(2 ** 18, 2 ** 20);
    v.block = 256;
    // 300 blocks with one state each: 76,500 holes, and the counter at 76,800.
    for (let i = 0; i < 300; i++) {
      // Growth follows the ids, holes too, as every id must fit under the table's mask.
      if (v.wantsGrowth) v.grow();
      v.claim(i, 1, -1, 0, 0);
      v.release();
    }
    expect(v.size).toBe(300);
    // The line is 2¹⁸ + 76,500 ids; 76,800 + 2¹⁷ is far below it.
    v.claim(-1, -1, -1, 0, 0);
    expect(v.idEnd).toBe(300 * 256 + 256);
  });
  it('claims exactly maxStates states, holes or not, then answers OVER_BOUND', () => {
    const maxStates = 2 ** 18;
    const v = SharedVisited.create(maxStates, 2 ** 20);
    v.block = 256;
    v.claim(-1, -1, -1, 0, 0);
    v.release();
    const ids = claimMany(v, 0, maxStates + 10);
    const claimed = ids.filter((id) => id >= 0).length;
    expect(claimed + 1).toBe(maxStates);
    expect(ids.slice(claimed)).toEqual(new Array(11).fill(OVER_BOUND));
    v.release();
    expect(v.size).toBe(maxStates);
    // The last ids passed the bound by the holes (255), and every claimed state has its path.
    expect(ids[claimed - 1]).toBe(maxStates + 254);
    expect(v.hasPath(ids[claimed - 1]!)).toBe(true);
    // A state past the bound, met again, is seen at an id with no path.
    expect(v.claim(claimed, 1, -1, 0, 0)).toBe(-1);
    expect(v.seen).toBe(maxStates + 255);
    expect(v.hasPath(v.seen)).toBe(false);
  });
  it('answers OVER_BOUND past the room for ids, short of the bound, rather than write past the arrays', () => {
    const maxStates = 2 ** 18;
    const created = SharedVisited.create(maxStates, 2 ** 20);
    // Room for 100 holes where the release below leaves 255.
    const v = new SharedVisited({ ...created.buffers, room: maxStates + 100 });
    v.block = 256;
    v.claim(-1, -1, -1, 0, 0);
    v.release();
    const ids = claimMany(v, 0, maxStates);
    const claimed = ids.filter((id) => id >= 0).length;
    expect(ids[claimed - 1]).toBe(maxStates + 99);
    expect(ids[claimed]).toBe(OVER_BOUND);
    expect(claimed + 1).toBe(maxStates + 100 - 255);
    // The states past the room are not counted, nor the holes.
    v.release();
    expect(v.size).toBe(claimed + 1);
    expect(v.hasPath(maxStates + 99)).toBe(true);
    expect(v.hasPath(maxStates + 100)).toBe(false);
  });
});
