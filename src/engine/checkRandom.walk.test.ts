import { describe, expect, it } from 'vitest';
import { always, atQuiescence, check, eventually, ModelError, NondeterminismError, weakFairness } from '../index.ts';
import type { CheckOptions, Model } from '../index.ts';
import { ring } from './fixtures/liveness.ts';
import { boundedCounter, unboundedCounter } from './fixtures/smallModels.ts';
import { thrown } from './fixtures/thrown.ts';

// What one random walk decides, and what the result of random mode says about the run.

type N = { n: number };
const counter = (limit: number, properties: Model<N, 'Inc'>['properties']): Model<N, 'Inc'> => ({ ...boundedCounter(limit), properties });
const random = (over: CheckOptions = {}): CheckOptions => ({ mode: 'random', seed: 1, runs: 50, ...over });

/** Busy-waits `ms` milliseconds: a model step that is slow, without Date.now in its result. */
const spin = (ms: number) => {
  for (const end = performance.now() + ms; performance.now() < end; );
};

describe('one random walk', () => {
  it('checks always on the initial state itself: a violation there is a trace of one state', () => {
    const r = check(counter(3, [always('positive', ({ n }) => n > 0)]), random());
    expect(r.violations.map((v) => v.trace.map((s) => s.state.n))).toEqual([[0]]);
  });

  it('never takes more than maxSteps steps', () => {
    const r = check({ ...unboundedCounter(), properties: [always('at most 3', ({ n }: N) => n <= 3)] }, random({ maxSteps: 3, runs: 30 }));
    expect(r.status).toBe('incomplete');
    expect(r.stats.maxDepth).toBe(3);
  });

  it('an atQuiescence property is not refuted by a cycle with no terminal state', () => {
    const model: Model<N, 'Step'> = { ...ring(), properties: [atQuiescence('stops at 5', ({ n }) => n === 5)] };
    const r = check(model, random({ maxSteps: 20 }));
    expect(r.status).toBe('incomplete');
    expect(r.undecided).toEqual(['stops at 5']);
  });

  it('a cycle that takes the weakly fair action is still a lasso: fairness is met, the goal never reached', () => {
    const model = { ...ring(), fairness: [weakFairness('step', () => true)] };
    const r = check(model, random({ maxSteps: 20 }));
    expect(r.violations.map((v) => [v.property, v.loopsBackTo, v.trace.map((s) => s.state.n)])).toEqual([['n reaches 5', 0, [0, 1, 2, 0]]]);
  });

  it('a fairness group that answers with something else than a boolean is a ModelError naming the action', () => {
    const model = { ...ring(), formatAction: (a: string) => `<${a}>`, fairness: [weakFairness<'Step'>('step', () => 1 as unknown as boolean)] };
    const e = thrown(() => check(model, random({ maxSteps: 20 }))) as ModelError;
    expect(e).toBeInstanceOf(ModelError);
    expect([e.code, e.message]).toEqual(['fairness-not-boolean', 'model ring: fairness "step" returned 1 for <Step>, not true or false']);
  });

  it('a contract fault is shrunk as a violation is: the sampled checks still run while fast-check shrinks', () => {
    // next changes its input from {n: 2} on. The first walk that meets the fault is longer; the
    // walks fast-check tries while shrinking run on the same runner, whose sampled checks the
    // first error's trace (rebuilt with them off) must leave on, or no shorter walk would fail.
    const touchy: Model<N & { touched?: true }, 'Stay' | 'Inc'> = {
      name: 'touchy',
      initial: () => [{ n: 0 }],
      actions: () => ['Stay', 'Inc'],
      next: (s, a) => {
        if (s.n >= 2) s.touched = true;
        return { n: a === 'Inc' ? s.n + 1 : s.n };
      },
      properties: [always('anything', () => true)],
    };
    const e = thrown(() => check(touchy, random({ maxSteps: 6 }))) as ModelError;
    expect(e.code).toBe('next-mutated-state');
    expect(e.trace.map((s) => s.action)).toEqual([null, 'Inc', 'Inc']);
  });

  it('ignores symmetry: a state and its mirror image are two states of the walk, not a cycle', () => {
    type S = { at: 'L' | 'R' | 'done' };
    const mirror: Model<S, 'Flip' | 'Finish'> = {
      name: 'mirror',
      initial: () => [{ at: 'L' }],
      actions: ({ at }) => (at === 'L' ? ['Flip'] : at === 'R' ? ['Finish'] : []),
      next: ({ at }) => ({ at: at === 'L' ? 'R' : 'done' }),
      // R is L's mirror image: same number of actions, same truth of the property.
      representative: ({ at }) => ({ at: at === 'R' ? 'L' : at }),
      properties: [eventually('done', ({ at }) => at === 'done')],
    };
    const r = check(mirror, random({ symmetry: true }));
    expect(r.violations).toEqual([]);
    expect(r.status).toBe('incomplete');
  });
});

describe('the result of random mode', () => {
  it('says it ran in random mode, whatever the verdict', () => {
    expect(check(counter(3, [always('below 2', ({ n }) => n < 2)]), random()).mode).toBe('random');
    expect(check(counter(3, [always('never negative', ({ n }) => n >= 0)]), random()).mode).toBe('random');
  });

  it('stops sampling once every property is decided', () => {
    const r = check(counter(3, [always('below 1', ({ n }) => n < 1)]), random({ runs: 1000 }));
    expect(r.violations).toHaveLength(1);
    // The failing walk, its shrinking and its rerun; not another thousand walks of four states.
    expect(r.stats.states).toBeLessThan(400);
  });

  it('times the first violation within the run, and has no such time when nothing is violated', () => {
    const before = performance.now();
    const r = check(counter(3, [always('below 2', ({ n }) => n < 2)]), random());
    const wall = performance.now() - before;
    expect(r.stats.firstViolationMs).toBeGreaterThanOrEqual(0);
    expect(r.stats.firstViolationMs).toBeLessThanOrEqual(r.stats.ms);
    expect(r.stats.ms).toBeLessThanOrEqual(wall + 1);
    expect('firstViolationMs' in check(counter(3, [always('never negative', ({ n }) => n >= 0)]), random()).stats).toBe(false);
  });

  it('lists every property it could not refute, in the reason and in undecided', () => {
    const r = check(counter(3, [always('never negative', ({ n }) => n >= 0), always('below 9', ({ n }) => n < 9)]), random());
    expect(r.undecided).toEqual(['never negative', 'below 9']);
    expect(r.reason).toMatch(/found no violation of never negative, below 9; sampling is not a proof/);
  });

  it('a finite time limit that is not reached changes nothing', () => {
    const r = check(counter(3, [always('below 2', ({ n }) => n < 2)]), random({ timeoutMs: 600_000 }));
    expect(r.violations.map((v) => v.property)).toEqual(['below 2']);
    expect(r.reason).toBeUndefined();
  });

  it('a time limit used up by the first round leaves the rest undecided and says so', () => {
    const slow = counter(3, [always('below 1', ({ n }) => n < 1), always('never negative', ({ n }) => n >= 0)]);
    // Every walk takes 250 ms, so the round that refutes "below 1" uses up the 200 ms.
    const r = check({ ...slow, next: (s) => (spin(250), { n: s.n + 1 }) }, random({ timeoutMs: 200 }));
    expect(r.status).toBe('violated');
    expect(r.violations.map((v) => v.property)).toEqual(['below 1']);
    expect(r.undecided).toEqual(['never negative']);
    expect(r.reason).toMatch(/; time limit of 200 ms reached$/);
  });

  it('a schedule that no longer fails is a NondeterminismError with the walk that no longer fails', () => {
    let evaluations = 0;
    const model = counter(3, [always('flaky', () => ++evaluations > 2)]);
    let error: unknown;
    try {
      check(model, random());
    } catch (e) {
      error = e;
    }
    const e = error as NondeterminismError;
    expect(e).toBeInstanceOf(NondeterminismError);
    expect(e.code).toBe('nondeterministic-model');
    expect(e.message).toMatch(/the schedule that failed "flaky" no longer fails/);
    expect(e.hint).toMatch(/must be pure/);
    expect(e.trace.map((s) => (s.state as N).n)).toEqual([0, 1, 2, 3]);
  });

  it('with several properties pursued, the error names them all as the ones the schedule failed one of', () => {
    let evaluations = 0;
    const model = counter(3, [always('flaky', () => ++evaluations > 2), always('steady', () => true)]);
    const e = thrown(() => check(model, random())) as NondeterminismError;
    expect(e).toBeInstanceOf(NondeterminismError);
    expect(e.message).toBe('model bounded-counter is not deterministic: the schedule that failed one of "flaky", "steady" no longer fails when it is run again');
  });

  it('a time limit that interrupts a round says after how many schedules', () => {
    // Every walk takes about 40 ms: fast-check is stopped within its 50 runs by the 200 ms.
    const slow = counter(3, [always('never negative', ({ n }) => n >= 0)]);
    const r = check({ ...slow, next: (s) => (spin(10), { n: s.n + 1 }) }, random({ timeoutMs: 200 }));
    expect(r.status).toBe('incomplete');
    expect(r.reason).toMatch(/time limit of 200 ms reached after \d+ schedules/);
  });
});
