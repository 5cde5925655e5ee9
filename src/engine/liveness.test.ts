import { describe, expect, it } from 'vitest';
import { check, eventually, replay, replayOutcome, strongFairness, weakFairness } from '../index.ts';
import type { Model } from '../index.ts';
import { decodeReplay } from './replayString.ts';
import { passesThrough, pingPong, retryLoop, ring, twoLoops } from './fixtures/liveness.ts';
import { deadEnd } from './fixtures/smallModels.ts';

const only = <S, A>(model: Model<S, A>, options = {}) => {
  const r = check(model, options);
  expect(r.violations).toHaveLength(1);
  return { r, v: r.violations[0]! };
};

describe('eventually: every maximal path, finite or infinite, reaches the goal', () => {
  it('a ring 0 → 1 → 2 → 0 that never reaches 5 is violated by a lasso back to the start', () => {
    const { r, v } = only(ring());
    expect(r.status).toBe('violated');
    expect(v.kind).toBe('eventually');
    expect(v.loopsBackTo).toBe(0);
    expect(v.trace.map((s) => s.state.n)).toEqual([0, 1, 2, 0]);
  });

  it('the ring stays violated under a depth bound that cuts nothing off the cycle', () => {
    const { r, v } = only(ring(), { maxDepth: 10 });
    expect(r.status).toBe('violated');
    expect(v.loopsBackTo).toBe(0);
  });

  it('0 ⇄ 1 with an exit from 1 to done: the lasso 0 → 1 → 0, never done', () => {
    const { v } = only(pingPong());
    expect(v.trace.map((s) => s.state.at)).toEqual([0, 1, 0]);
    expect(v.trace.map((s) => s.action)).toEqual([null, 'Ping', 'Pong']);
    expect(v.loopsBackTo).toBe(0);
  });

  it('weak fairness on Finish does not save 0 ⇄ 1, where Finish is not enabled continuously', () => {
    const { v } = only(pingPong([weakFairness('finish', (a) => a === 'Finish')]));
    expect(v.loopsBackTo).toBe(0);
  });

  it('strong fairness on Finish rules the lasso out, so the property holds', () => {
    const r = check(pingPong([strongFairness('finish', (a) => a === 'Finish')]));
    expect(r.status).toBe('ok');
    expect(r.violations).toEqual([]);
  });

  it('a retry loop is a lasso without fairness, and holds once the receiver is weakly fair', () => {
    const unfair = only(retryLoop(false));
    expect(unfair.v.trace.map((s) => s.action)).toEqual([null, 'SenderRetry', 'SenderRetry']);
    expect(unfair.v.loopsBackTo).toBe(0);
    const fair = check(retryLoop(true));
    expect(fair.status).toBe('ok');
  });

  it('strong fairness on an exit enabled only in c: the lasso avoids c (Emerson–Lei recursion)', () => {
    const strong = only(twoLoops('strong')).v;
    expect(strong.trace.map((s) => s.state.at)).not.toContain('c');
    expect(strong.trace.map((s) => s.state.at)).toEqual(['b', 'a', 'b']);
    // Weak fairness is satisfied by any cycle through a or b, where Exit is disabled, so the
    // shortest lasso may pass c; without fairness too.
    expect(only(twoLoops('weak')).v.loopsBackTo).toBe(0);
    expect(only(twoLoops('none')).v.trace).toHaveLength(3);
  });

  it('a dead end with the goal false all along is a finite counterexample, not a lasso', () => {
    const { v } = only(deadEnd());
    expect(v.kind).toBe('eventually');
    expect(v.loopsBackTo).toBeUndefined();
    expect(v.trace.map((s) => s.action)).toEqual([null, 'GoRight']);
  });

  it('a path that passes through the goal satisfies eventually, but not atQuiescence', () => {
    const r = check(passesThrough());
    expect(r.violations.map((v) => [v.property, v.kind])).toEqual([['quiescent at middle', 'atQuiescence']]);
  });

  it('a goal true in the initial state holds whatever follows, cycles included', () => {
    const model = { ...ring(), properties: [eventually<{ n: number }>('starts at 0', ({ n }) => n === 0)] };
    expect(check(model).status).toBe('ok');
  });

  it('a cycle reached only through goal states is no counterexample', () => {
    // 0 → 1 → 2 → 1 …: the goal (n = 0) holds at the start, so every path satisfies it.
    const model: Model<{ n: number }, 'Step'> = {
      name: 'tail',
      initial: () => [{ n: 0 }],
      actions: () => ['Step'],
      next: ({ n }) => ({ n: n === 2 ? 1 : n + 1 }),
      properties: [eventually('at 0', ({ n }) => n === 0)],
    };
    expect(check(model).status).toBe('ok');
  });

  it('a self-loop is a cycle: a state that can stay for ever', () => {
    const model: Model<{ n: number }, 'Stay' | 'Go'> = {
      name: 'self-loop',
      initial: () => [{ n: 0 }],
      actions: ({ n }) => (n === 0 ? ['Stay', 'Go'] : []),
      next: ({ n }, a) => ({ n: a === 'Go' ? 1 : n }),
      properties: [eventually('moves on', ({ n }) => n === 1)],
    };
    const { v } = only(model);
    expect(v.trace.map((s) => s.action)).toEqual([null, 'Stay']);
    expect(v.loopsBackTo).toBe(0);
    expect(check({ ...model, fairness: [weakFairness('go', (a) => a === 'Go')] }).status).toBe('ok');
  });

  it('gives the shortest stem to a cycle, through states where the goal is false', () => {
    // 0 → 1 → 2 → 3 → 2 …, and 0 → 9 (goal): the lasso's stem is 0, 1, 2.
    const model: Model<{ n: number }, 'Next' | 'Win'> = {
      name: 'stem',
      initial: () => [{ n: 0 }],
      actions: ({ n }) => (n === 0 ? ['Next', 'Win'] : n === 9 ? [] : ['Next']),
      next: ({ n }, a) => ({ n: a === 'Win' ? 9 : n === 3 ? 2 : n + 1 }),
      properties: [eventually('wins', ({ n }) => n === 9)],
    };
    const { v } = only(model);
    expect(v.trace.map((s) => s.state.n)).toEqual([0, 1, 2, 3, 2]);
    expect(v.loopsBackTo).toBe(2);
  });

  it('an incomplete search reports a lasso it found, and leaves nothing proven', () => {
    // A ring with an unbounded branch: the bound stops the search, the ring is still a lasso.
    const model: Model<{ n: number }, 'Step' | 'Climb'> = {
      name: 'ring-and-ladder',
      initial: () => [{ n: 0 }],
      actions: ({ n }) => (n < 3 ? ['Step', 'Climb'] : ['Climb']),
      next: ({ n }, a) => ({ n: a === 'Step' ? (n + 1) % 3 : n < 3 ? 3 : n + 1 }),
      properties: [eventually('never', () => false)],
    };
    const r = check(model, { maxStates: 50 });
    expect(r.status).toBe('violated');
    expect(r.reason).toMatch(/state bound of 50/);
    expect(r.violations[0]!.loopsBackTo).toBeDefined();
  });
});

describe('lasso replay', () => {
  it('a lasso replays, and its string says where it loops back to', () => {
    const { v } = only(pingPong());
    expect(decodeReplay(v.replay).loopsBackTo).toBe(0);
    expect(replay(pingPong(), v.replay)).toEqual(v.trace);
    const outcome = replayOutcome(pingPong(), v.replay);
    expect(outcome.loopsBackTo).toBe(0);
    expect(outcome.violated.map((x) => x.property)).toEqual(['eventually done']);
  });

  it('refuses a lasso whose loop field was edited to a step with another state', () => {
    const { v } = only(ring());
    expect(v.replay.endsWith(':loop0')).toBe(true);
    expect(() => replay(ring(), v.replay.replace(/:loop0$/, ':loop1'))).toThrow(/the lasso does not close: its last state .* is not the state at step 1/);
  });

  it('the same path without its loop field is not a counterexample to eventually', () => {
    const { v } = only(ring());
    const outcome = replayOutcome(ring(), v.replay.replace(/:loop0$/, ''));
    expect(outcome.loopsBackTo).toBeUndefined();
    expect(outcome.violated).toEqual([]);
  });
});

describe('liveness errors', () => {
  it('a fairness constraint that throws is a ModelError naming it', () => {
    const model = retryLoop(false);
    const bad = { ...model, fairness: [weakFairness<'SenderRetry' | 'ReceiverAck'>('flaky', () => { throw new Error('boom'); })] };
    expect(() => check(bad)).toThrow(/fairness "flaky" threw Error: boom/);
  });

  it('symmetry with an eventually property is refused, not checked unsoundly', () => {
    const model = { ...ring(), representative: (s: { n: number }) => s };
    expect(() => check(model, { symmetry: true })).toThrow(/symmetry reduction cannot check them yet/);
  });
});

describe('eventually in random mode', () => {
  const random = { mode: 'random' as const, seed: 7, runs: 50, maxSteps: 20 };

  it('finds the ring lasso, and its replay string closes the loop', () => {
    const r = check(ring(), random);
    expect(r.status).toBe('violated');
    const v = r.violations[0]!;
    expect(v.loopsBackTo).toBe(0);
    expect(v.trace.map((s) => s.state.n)).toEqual([0, 1, 2, 0]);
    expect(replayOutcome(ring(), v.replay).violated.map((x) => x.property)).toEqual(['n reaches 5']);
  });

  it('a fair retry loop is never reported; an unfair one is', () => {
    const fair = check(retryLoop(true), random);
    expect(fair.status).toBe('incomplete');
    expect(fair.undecided).toEqual(['eventually acked']);
    const unfair = check(retryLoop(false), random);
    expect(unfair.violations.map((v) => v.loopsBackTo)).toEqual([0]);
  });

  it('strong fairness rules out the ping-pong lasso in random mode too', () => {
    expect(check(pingPong([strongFairness('finish', (a) => a === 'Finish')]), random).violations).toEqual([]);
    expect(check(pingPong(), random).violations).toHaveLength(1);
  });

  it('a walk through the goal is no counterexample, though atQuiescence fails at its end', () => {
    const r = check(passesThrough(), random);
    expect(r.violations.map((v) => v.property)).toEqual(['quiescent at middle']);
  });

  it('a dead end with the goal false all along is found as a finite path', () => {
    const r = check(deadEnd(), random);
    expect(r.violations[0]!.loopsBackTo).toBeUndefined();
    expect(r.violations[0]!.trace.map((s) => s.action)).toEqual([null, 'GoRight']);
  });
});

describe('malformed fairness is a ModelError, not a verdict', () => {
  const withFairness = (fairness: unknown) => ({ ...retryLoop(false), fairness }) as unknown as Model<unknown, unknown>;

  it('fairness that is not an array', () => {
    expect(() => check(withFairness('receiver'))).toThrow(/model retry-loop: fairness must be an array/);
  });

  it('more constraints than the 31 a mask holds', () => {
    const many = Array.from({ length: 32 }, (_, i) => weakFairness(`g${i}`, () => false));
    expect(() => check(withFairness(many))).toThrow(/declares 32 fairness constraints; at most 31 are supported/);
    expect(check(withFairness(many.slice(0, 31))).violations).toHaveLength(1);
  });

  it.each([
    ['no kind', { name: 'x', includes: (): boolean => true }],
    ['an unknown kind', { kind: 'eventual', name: 'x', includes: (): boolean => true }],
    ['no includes', { kind: 'weak', name: 'x' }],
    ['a name that is not a string', { kind: 'weak', name: 7, includes: (): boolean => true }],
    ['null', null],
  ])('a constraint with %s', (_, constraint) => {
    expect(() => check(withFairness([constraint]))).toThrow(/has a malformed fairness constraint/);
  });

  it('includes() that answers something other than a boolean', () => {
    const sloppy = [{ kind: 'weak', name: 'sloppy', includes: () => 'yes' }];
    expect(() => check(withFairness(sloppy))).toThrow(/fairness "sloppy" returned yes for "SenderRetry", not true or false/);
  });

  it('a fair group that is never enabled changes nothing', () => {
    const never = weakFairness<'SenderRetry' | 'ReceiverAck'>('never', () => false);
    const v = check({ ...retryLoop(false), fairness: [never] }).violations[0]!;
    expect(v.loopsBackTo).toBe(0);
  });
});
