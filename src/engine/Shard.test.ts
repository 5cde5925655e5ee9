import { describe, expect, it } from 'vitest';
import { check } from './check.ts';
import type { Model } from './Model.ts';
import { always, eventually, sometimes } from './Property.ts';
import { replayOutcome } from './replay.ts';
import { FRONTIER_PER_SHARD, shardSeed } from './Shard.ts';
import { twoPhaseCommit, type TwoPhaseAction, type TwoPhaseState } from './fixtures/twoPhaseCommit.ts';
import { grid } from './fixtures/grid.ts';

const N = 4;
const ALL_COMMITTED = 0b10101010; // every one of the 4 resource managers in state 2, committed

/** 2PC over 4 resource managers, with a property that records every state the search evaluates it on. */
function recording(seen: Set<string>, extra: Model<TwoPhaseState, TwoPhaseAction>['properties'] = []): Model<TwoPhaseState, TwoPhaseAction> {
  const base = twoPhaseCommit(N);
  return { ...base, properties: [always('records', (s) => (seen.add(base.key!(s)), true)), ...extra] };
}

describe('exhaustive shards', () => {
  it('together visit exactly the states of the unsharded search, and each reports the frontier it dealt out', () => {
    const single = new Set<string>();
    const whole = check(recording(single));
    expect(whole.status).toBe('ok');
    const union = new Set<string>();
    let prefix = -1;
    let kept = 0;
    for (let index = 0; index < 4; index++) {
      const mine = new Set<string>();
      const r = check(recording(mine), { shard: { index, count: 4 } });
      // On its own a share proves nothing: incomplete, though the share itself was searched to its end.
      expect(r.status).toBe('incomplete');
      expect(r.undecided).toEqual(['records']);
      expect(r.reason).toMatch(new RegExp(`^shard ${index}/4 searched only its share: \\d+ of the \\d+ states at depth \\d+`));
      const s = r.stats.shard!;
      expect(s).toMatchObject({ index, count: 4, complete: true });
      expect(s.depth).not.toBeNull();
      expect(s.frontier).toBeGreaterThanOrEqual(FRONTIER_PER_SHARD * 4);
      expect(s.kept).toBe(Math.floor(((index + 1) * s.frontier) / 4) - Math.floor((index * s.frontier) / 4));
      // Each shard misses some states (else nothing was split), and the prefix is the same for all.
      expect(mine.size).toBeLessThan(single.size);
      expect(r.stats.states).toBe(mine.size);
      if (prefix >= 0) expect(s.prefixStates).toBe(prefix);
      prefix = s.prefixStates;
      kept += s.kept;
      for (const k of mine) union.add(k);
    }
    expect(kept).toBeGreaterThan(0);
    expect(union).toEqual(single);
  });

  it('find the violation a single run finds, as short, on a valid trace from an initial state', () => {
    const allCommitted = always<TwoPhaseState>('not every RM committed', (s) => s.rm !== ALL_COMMITTED);
    const lateAbort = always<TwoPhaseState>('no abort once all prepared', (s) => s.tm !== 2 || s.tmPrepared !== 0b1111);
    const model = (): Model<TwoPhaseState, TwoPhaseAction> => ({ ...twoPhaseCommit(N), properties: [allCommitted, lateAbort] });
    const whole = check(model());
    const lengthOf = (name: string, r: ReturnType<typeof check<TwoPhaseState, TwoPhaseAction>>) => r.violations.find((v) => v.property === name)?.trace.length;
    const found = new Map<string, number[]>();
    for (let index = 0; index < 4; index++) {
      const r = check(model(), { shard: { index, count: 4 } });
      for (const v of r.violations) {
        // The replay string starts at an initial state of the real model and ends in a violation of it.
        const out = replayOutcome(model(), v.replay);
        expect(out.violated.map((x) => x.property)).toContain(v.property);
        expect(out.trace.length).toBe(v.trace.length);
        expect(v.trace.length - 1).toBeGreaterThan(r.stats.shard!.depth!);
        found.set(v.property, [...(found.get(v.property) ?? []), v.trace.length]);
      }
    }
    for (const name of ['not every RM committed', 'no abort once all prepared']) {
      expect(Math.min(...found.get(name)!)).toBe(lengthOf(name, whole));
    }
  });

  it('with one shard explore what an unsharded search does, and deal nothing out when the frontier stays small', () => {
    const one = check(twoPhaseCommit(3), { shard: { index: 0, count: 1 } });
    expect(one.stats.states).toBe(check(twoPhaseCommit(3)).stats.states);
    const tiny = check(grid(2), { shard: { index: 3, count: 4 } });
    expect(tiny.stats.shard).toEqual({ index: 3, count: 4, depth: null, frontier: 0, kept: 0, prefixStates: 9, complete: true });
    // Nothing was dealt out, so this shard searched everything and its verdict stands alone.
    expect(tiny.status).toBe('ok');
    expect(tiny.stats.states).toBe(9);
  });

  it('leave a sometimes they did not witness undecided (it may be in another share), and say when a bound cut the share short', () => {
    // On a 70×70 grid the corner (70, 0) lies under one frontier cell only, (d, 0).
    const model = { ...grid(70), properties: [sometimes<{ x: number; y: number }>('corner', (s) => s.x === 70 && s.y === 0)] };
    const shares = [0, 1, 2, 3].map((index) => check(model, { shard: { index, count: 4 } }));
    expect(shares.filter((r) => r.undecided.length === 0)).toHaveLength(1);
    const blind = shares.filter((r) => r.undecided.length > 0);
    expect(blind).toHaveLength(3);
    for (const r of blind) {
      expect(r.violations).toEqual([]);
      expect(r.status).toBe('incomplete');
    }
    const cut = check(twoPhaseCommit(N), { shard: { index: 0, count: 4 }, maxStates: 200 });
    expect(cut.stats.shard!.complete).toBe(false);
    expect(cut.reason).toMatch(/searched only its share: .*; state bound of 200 distinct states reached/);
  });

  it('are refused for a model with eventually properties, and for a malformed shard', () => {
    const live = { ...grid(3), properties: [eventually<{ x: number; y: number }>('corner', (s) => s.x === 3 && s.y === 3)] };
    expect(() => check(live, { shard: { index: 0, count: 2 } })).toThrow(/eventually properties \(corner\).*cannot check them/);
    expect(check(live, { shard: { index: 0, count: 1 } }).status).toBe('ok');
    expect(() => check(grid(2), { shard: { index: 2, count: 2 } })).toThrow('option shard.index must be an integer from 0 to 1, got 2');
    expect(() => check(grid(2), { shard: { index: 0, count: 0 } })).toThrow('option shard.count must be an integer from 1 to 2³¹, got 0');
    expect(() => check(grid(2), { shard: '1/2' as never })).toThrow('option shard must be an object');
  });
});

describe('random shards', () => {
  it('sample with distinct seeds, shard 0 with the unsharded seed, deterministically', () => {
    const seeds = Array.from({ length: 64 }, (_, index) => shardSeed(42, { index, count: 64 }));
    expect(new Set(seeds).size).toBe(64);
    expect(seeds[0]).toBe(42);
    for (const s of seeds) expect(s).toBe(s | 0);
    const model = { ...twoPhaseCommit(3), properties: [sometimes<TwoPhaseState>('aborted', (s) => s.tm === 2), always<TwoPhaseState>('no commit', (s) => s.tm !== 1)] };
    const run = (index: number) => check(model, { mode: 'random', runs: 20, shard: { index, count: 3 } });
    expect(run(1).violations.map((v) => v.replay)).toEqual(run(1).violations.map((v) => v.replay));
    expect(run(0).violations.map((v) => v.replay)).toEqual(check(model, { mode: 'random', runs: 20 }).violations.map((v) => v.replay));
    expect(run(1).stats.shard).toBeUndefined();
  });
});
