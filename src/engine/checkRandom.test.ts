import { describe, expect, it } from 'vitest';
import { check, ModelError, replay } from '../index.ts';
import { dieHard } from './fixtures/dieHard.ts';
import { grid } from './fixtures/grid.ts';
import { deadEnd, throwingNext, unboundedCounter } from './fixtures/smallModels.ts';

describe('random mode (fast-check)', () => {
  it('finds the Die Hard violation and shrinks it to a short schedule', () => {
    const result = check(dieHard(), { mode: 'random', seed: 7, runs: 500, maxSteps: 40 });
    expect(result.status).toBe('violated');
    const v = result.violations.find((x) => x.property === 'big jug never holds 4')!;
    expect(v.trace.at(-1)!.state.big).toBe(4);
    expect(v.trace.length - 1).toBeLessThanOrEqual(12); // at most twice the BFS length of 6
    expect(v.fastCheck).toMatchObject({ seed: expect.any(Number), path: expect.stringMatching(/^\d+(:\d+)*$/) });
  });

  it('its replay string reproduces the shrunk trace exactly', () => {
    const result = check(dieHard(), { mode: 'random', seed: 7, runs: 500, maxSteps: 40 });
    const v = result.violations[0]!;
    expect(replay(dieHard(), v.replay)).toEqual(v.trace);
  });

  it('is deterministic: the same seed gives an identical result', () => {
    const strip = (r: ReturnType<typeof check>) => ({ ...r, stats: { ...r.stats, ms: 0, firstViolationMs: 0 } });
    const a = check(dieHard(), { mode: 'random', seed: 123, runs: 300 });
    const b = check(dieHard(), { mode: 'random', seed: 123, runs: 300 });
    expect(strip(a)).toEqual(strip(b));
  });

  it('checks eventually at the terminal states it reaches', () => {
    const result = check(deadEnd(), { mode: 'random', seed: 1, runs: 50 });
    expect(result.violations.map((v) => [v.property, v.trace.map((s) => s.action)])).toEqual([['eventually done', [null, 'GoRight']]]);
  });

  it('finding nothing is incomplete, never ok', () => {
    const result = check(grid(10), { mode: 'random', seed: 3, runs: 50 });
    expect(result.status).toBe('incomplete');
    expect(result.reason).toMatch(/sampling is not a proof/);
  });

  it('a model error surfaces as the typed error, with a trace', () => {
    expect(() => check(throwingNext(), { mode: 'random', seed: 5, runs: 20 })).toThrow(ModelError);
  });
});

describe('random mode: what it settles', () => {
  it('lists unrefuted properties and unwitnessed sometimes as undecided, and witnessed ones not', () => {
    const result = check(grid(3), { mode: 'random', seed: 3, runs: 20 });
    expect(result.undecided).toEqual(['inside the grid']);
    const withReach = check({ ...dieHard(3, 6) }, { mode: 'random', seed: 3, runs: 200 });
    expect(withReach.undecided).toEqual(['big jug never holds 4']);
  });
});

describe('random mode stops when onProgress throws', () => {
  it('rethrows what onProgress threw, promptly, instead of shrinking it as a failure', () => {
    const stop = new Error('stop: SIGINT');
    let calls = 0;
    const model = unboundedCounter();
    expect(() =>
      check(model, {
        mode: 'random',
        runs: 1_000_000,
        maxSteps: 1000,
        onProgress: () => {
          calls++;
          throw stop;
        },
      }),
    ).toThrow(stop);
    // Called once: the walks after it return at once, and fast-check never sees it as a failure.
    expect(calls).toBe(1);
  });
});
