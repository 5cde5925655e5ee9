import { describe, expect, it } from 'vitest';
import { planRebalance } from './planRebalance.ts';

describe('planRebalance', () => {
  it('moves nothing while the shares are within 10% and 16 states of each other', () => {
    const owner = (id: number) => id % 2;
    expect(planRebalance([100, 110], 0, 210, owner)).toEqual([{ adopt: [], drop: 0 }, { adopt: [], drop: 0 }]);
  });
  it('has a worker over its share give its newest states (its highest ids) to the one under', () => {
    // Ids 0..39 on worker 0, 40..49 on worker 1: worker 0 gives 15, its ids 39 down to 25.
    const owner = (id: number) => (id < 40 ? 0 : 1);
    const [a, b] = planRebalance([40, 10], 0, 50, owner);
    expect(a).toEqual({ adopt: [], drop: 15 });
    expect(b!.adopt).toEqual([39, 38, 37, 36, 35, 34, 33, 32, 31, 30, 29, 28, 27, 26, 25]);
  });
  it('evens out three workers, each ending within one state of the others', () => {
    const sizes = [90, 0, 30];
    const owner = (id: number) => (id < 90 ? 0 : 2);
    const moves = planRebalance(sizes, 0, 120, owner);
    const after = sizes.map((s, w) => s - moves[w]!.drop + moves[w]!.adopt.length);
    expect(after).toEqual([40, 40, 40]);
    expect(moves.flatMap((m) => m.adopt).every((id) => owner(id) === 0)).toBe(true);
  });
  it('moves at a difference of 17 states between small shares, not at 16', () => {
    const owner = (id: number) => (id < 20 ? 0 : 1);
    expect(planRebalance([20, 4], 0, 24, owner).map((m) => m.drop)).toEqual([0, 0]);
    const owner2 = (id: number) => (id < 21 ? 0 : 1);
    expect(planRebalance([21, 4], 0, 25, owner2)).toEqual([{ adopt: [], drop: 8 }, { adopt: [20, 19, 18, 17, 16, 15, 14, 13], drop: 0 }]);
  });
  it('tolerates a smaller spread when told to (workers that copy packed states): 2% of 1000 is 20', () => {
    const owner = (id: number) => (id < 1030 ? 0 : 1);
    expect(planRebalance([1030, 970], 0, 2000, owner).map((m) => m.drop)).toEqual([0, 0]);
    expect(planRebalance([1020, 1000], 0, 2020, owner, 0.02).map((m) => m.drop)).toEqual([0, 0]);
    expect(planRebalance([1030, 970], 0, 2000, owner, 0.02).map((m) => m.drop)).toEqual([30, 0]);
  });
  it('tolerates 10% of the mean share between large shares: 21 of 210.5 stays, 22 moves', () => {
    const owner = (id: number) => (id < 221 ? 0 : 1);
    expect(planRebalance([221, 200], 0, 421, owner).map((m) => m.drop)).toEqual([0, 0]);
    const owner2 = (id: number) => (id < 222 ? 0 : 1);
    const moves = planRebalance([222, 200], 0, 422, owner2);
    expect(moves.map((m) => m.drop)).toEqual([11, 0]);
    expect(moves[1]!.adopt).toHaveLength(11);
  });
  it('gives the states left over by an uneven split to the first workers', () => {
    const owner = () => 2;
    const moves = planRebalance([0, 0, 50], 0, 50, owner);
    expect(moves.map((m) => m.adopt.length)).toEqual([17, 17, 0]);
    expect(moves[2]!.drop).toBe(34);
    expect(moves[0]!.adopt).toEqual(Array.from({ length: 17 }, (_, i) => 49 - i));
    expect(moves[1]!.adopt).toEqual(Array.from({ length: 17 }, (_, i) => 32 - i));
  });
  it('moves only ids of the level, from its end, and stops scanning once everything has moved', () => {
    // The level is ids 100..159: worker 0 holds 100..149, worker 1 150..159; ids below 100 are
    // older levels (owned by worker 0 too) and must never move.
    const asked: number[] = [];
    const owner = (id: number) => {
      asked.push(id);
      return id < 150 ? 0 : 1;
    };
    const moves = planRebalance([50, 10], 100, 160, owner);
    expect(moves[0]!.drop).toBe(20);
    expect(moves[1]!.adopt).toEqual(Array.from({ length: 20 }, (_, i) => 149 - i));
    expect(Math.min(...asked)).toBe(130);
    expect(asked).toHaveLength(30);
  });
  it('never moves a state whose owner is not one of the workers', () => {
    // The main thread claims the initial states with owner 255; any owner from n up is no worker.
    const owner = (id: number) => (id >= 35 ? 255 : id >= 30 ? 2 : 0);
    const moves = planRebalance([30, 0], 0, 40, owner);
    expect(moves[0]!.drop).toBe(15);
    expect(moves[1]!.adopt).toEqual(Array.from({ length: 15 }, (_, i) => 29 - i));
  });
  it('asks nothing of the owners when nothing moves', () => {
    let asked = 0;
    planRebalance([10, 10], 0, 20, () => {
      asked++;
      return 0;
    });
    expect(asked).toBe(0);
  });
  it('has each worker over its share give only its own excess', () => {
    // Workers 0 and 1 hold 30 each (ids 0..29 and 30..59), worker 2 none: each gives 10.
    const owner = (id: number) => (id < 30 ? 0 : 1);
    const moves = planRebalance([30, 30, 0], 0, 60, owner);
    expect(moves.map((m) => m.drop)).toEqual([10, 10, 0]);
    expect(moves[2]!.adopt).toEqual([...Array.from({ length: 10 }, (_, i) => 59 - i), ...Array.from({ length: 10 }, (_, i) => 29 - i)]);
  });
  it('can give away a whole level, its first state too: 17 states on the last of 18 workers, one to each of the others', () => {
    // Worker 17's even share is 0 (the 17 states go one each to workers 0..16), so it gives all it holds.
    const sizes = [...Array.from({ length: 17 }, () => 0), 17];
    const moves = planRebalance(sizes, 100, 117, () => 17);
    expect(moves[17]).toEqual({ adopt: [], drop: 17 });
    expect(moves.slice(0, 17).map((m) => m.adopt)).toEqual(Array.from({ length: 17 }, (_, w) => [116 - w]));
  });
});
