import { describe, expect, it } from 'vitest';
import { FRONTIER_PER_SHARD } from '../Shard.ts';
import { FrontierSlicer, shareOnly } from './FrontierSlicer.ts';

const frontier = (n: number) => Array.from({ length: n }, (_, i) => `s${i}`);
const idsOf = (n: number) => Array.from({ length: n }, (_, i) => 100 + i);

describe('FrontierSlicer', () => {
  it('deals out the first frontier that holds exactly FRONTIER_PER_SHARD × count states, not one fewer', () => {
    const count = 2;
    const small = new FrontierSlicer({ index: 1, count });
    const n = FRONTIER_PER_SHARD * count;
    expect(small.deal(2, frontier(n - 1), idsOf(n - 1), 10)).toEqual([frontier(n - 1), idsOf(n - 1)]);
    expect(small.stats(10, true)).toEqual({ index: 1, count, depth: null, frontier: 0, kept: 0, prefixStates: 10, complete: true });
    const [states, ids] = small.deal(3, frontier(n), idsOf(n), 41);
    expect(states).toEqual(frontier(n).slice(n / 2));
    expect(ids).toEqual(idsOf(n).slice(n / 2));
    expect(small.stats(99, false)).toEqual({ index: 1, count, depth: 3, frontier: n, kept: n / 2, prefixStates: 41, complete: false });
    // Once dealt, later (larger) frontiers pass through whole: they are already this shard's.
    expect(small.deal(4, frontier(3 * n), idsOf(3 * n), 99)[0]).toHaveLength(3 * n);
  });

  it('gives every state of the frontier to exactly one shard, in contiguous runs', () => {
    const count = 3;
    const n = FRONTIER_PER_SHARD * count + 2;
    const shares = [0, 1, 2].map((index) => new FrontierSlicer({ index, count }).deal(5, frontier(n), idsOf(n), n)[1]);
    expect(shares.flat()).toEqual(idsOf(n));
    expect(shares.map((s) => s.length)).toEqual([16, 17, 17]);
  });
});

describe('shareOnly', () => {
  const stats = { index: 2, count: 4, depth: 6, frontier: 80, kept: 20, prefixStates: 300, complete: true };

  it('says what share was searched, and nothing more when no bound was hit', () => {
    expect(shareOnly(stats, undefined)).toBe(
      'shard 2/4 searched only its share: 20 of the 80 states at depth 6 and what lies under them (merge the shards\' results for a verdict)',
    );
  });

  it('adds the bound that cut the share short', () => {
    expect(shareOnly(stats, 'time limit reached')).toMatch(/\(merge the shards' results for a verdict\); time limit reached$/);
  });
});
