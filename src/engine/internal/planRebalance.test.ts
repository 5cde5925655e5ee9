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
});
