import { describe, expect, it } from 'vitest';
import { always, check, decodeReplay, eventually, replay } from '../index.ts';
import type { Model, Progress } from '../index.ts';
import { unboundedCounter } from './fixtures/smallModels.ts';
import { grid } from './fixtures/grid.ts';

// What an exhaustive run reports about itself: progress, times, bounds, and where liveness
// counterexamples start.

type N = { n: number };
const spin = (ms: number) => {
  for (const end = performance.now() + ms; performance.now() < end; );
};

describe('an exhaustive run', () => {
  it('reports its progress while it runs, at most every 100 ms', () => {
    // 0.1 ms a step at least, so the run passes its 1024th expansion after 100 ms.
    const slow: Model<N, 'Inc'> = { ...unboundedCounter(), next: ({ n }) => (spin(0.1), { n: n + 1 }) };
    const seen: Progress[] = [];
    const started = Date.now();
    const r = check(slow, { maxStates: 1300, onProgress: (p) => seen.push(p) });
    expect(r.stats.ms).toBeLessThanOrEqual(Date.now() - started + 1); // the run's own time, never more
    expect(seen.length).toBeGreaterThan(0);
    for (const p of seen) {
      expect(p.states).toBeGreaterThanOrEqual(1024);
      expect(p.transitions).toBe(p.states - 1);
      expect(p.depth).toBe(p.states - 1);
      expect(p.ms).toBeGreaterThanOrEqual(100);
      expect(p.ms).toBeLessThanOrEqual(r.stats.ms);
    }
  });

  it('reports progress no more than every 100 ms, however fast it expands states', () => {
    const seen: Progress[] = [];
    check(unboundedCounter(), { timeoutMs: 450, onProgress: (p) => seen.push(p) });
    expect(seen.length).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < seen.length; i++) expect(seen[i]!.ms - seen[i - 1]!.ms).toBeGreaterThanOrEqual(100);
  });

  it('says at which depth its time ran out', () => {
    const r = check(unboundedCounter(), { timeoutMs: 50 });
    expect(r.reason).toMatch(/^time limit of 50 ms reached at depth \d+$/);
    expect(r.stats.maxDepth).toBeGreaterThan(0);
  });

  it('times its first violation within the run, and has no such time when it finds none', () => {
    const r = check({ ...unboundedCounter(), properties: [always('below 500', ({ n }: N) => n < 500)] });
    expect(r.stats.firstViolationMs).toBeGreaterThanOrEqual(0);
    expect(r.stats.firstViolationMs).toBeLessThanOrEqual(r.stats.ms);
    expect('firstViolationMs' in check(grid(3)).stats).toBe(false);
  });

  it('gives the chance that two states shared a 64-bit fingerprint, tiny but not zero', () => {
    const p = check(grid(30)).stats.collisionProbability!;
    expect(p).toBeGreaterThan(0);
    expect(p).toBeLessThan(1e-9);
  });

  it('a lasso can start from any initial state, and its replay string names that one', () => {
    // Initial 0 reaches the goal; initial 10 loops 10 → 11 → 10 for ever.
    const model: Model<N, 'Step'> = {
      name: 'two-starts',
      initial: () => [{ n: 0 }, { n: 10 }],
      actions: ({ n }) => (n === 99 ? [] : ['Step']),
      next: ({ n }) => ({ n: n === 0 ? 99 : n === 10 ? 11 : 10 }),
      properties: [eventually('reaches 99', ({ n }) => n === 99)],
    };
    const v = check(model).violations[0]!;
    expect(v.trace.map((s) => s.state.n)).toEqual([10, 11, 10]);
    expect(v.loopsBackTo).toBe(0);
    expect(decodeReplay(v.replay).init).toBe(1);
    expect(replay(model, v.replay)).toEqual(v.trace);
  });
});
