import { describe, expect, it } from 'vitest';
import { check, sometimes } from '../index.ts';
import type { Model, Progress } from '../index.ts';
import { boundedCounter, unboundedCounter } from './fixtures/smallModels.ts';

// What random mode tells its caller while it runs, and what it lists when it ends.

type N = { n: number };
/** Busy-waits `ms` milliseconds: a model step that is slow, without Date.now in its result. */
const spin = (ms: number) => {
  for (const end = performance.now() + ms; performance.now() < end; );
};

describe('random mode', () => {
  it('reports its progress while it runs, at most every 100 ms, with what it has counted so far', () => {
    const slow: Model<N, 'Inc'> = { ...unboundedCounter(), next: ({ n }) => (spin(0.05), { n: n + 1 }) };
    const seen: Progress[] = [];
    const r = check(slow, { mode: 'random', seed: 1, runs: 60, maxSteps: 100, onProgress: (p) => seen.push(p) });
    expect(seen.length).toBeGreaterThanOrEqual(2);
    for (const p of seen) {
      expect(p.states).toBeGreaterThan(0);
      expect(p.states).toBeLessThanOrEqual(r.stats.states);
      expect(p.transitions).toBeLessThanOrEqual(r.stats.transitions);
      expect(p.depth).toBeLessThanOrEqual(100);
      expect(p.ms).toBeGreaterThanOrEqual(100);
      expect(p.ms).toBeLessThanOrEqual(r.stats.ms);
    }
    for (let i = 1; i < seen.length; i++) expect(seen[i]!.ms - seen[i - 1]!.ms).toBeGreaterThanOrEqual(100);
  });

  it('lists every sometimes it never witnessed, by name, separated by commas', () => {
    const model: Model<N, 'Inc'> = {
      ...boundedCounter(3),
      properties: [sometimes('reaches 7', ({ n }) => n === 7), sometimes('reaches 2', ({ n }) => n === 2), sometimes('reaches 9', ({ n }) => n === 9)],
    };
    const r = check(model, { mode: 'random', seed: 1, runs: 20 });
    expect(r.undecided).toEqual(['reaches 7', 'reaches 9']);
    expect(r.reason).toBe('never witnessed: reaches 7, reaches 9');
  });
});
