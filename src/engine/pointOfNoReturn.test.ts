import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import type { TraceStep } from './CheckResult.ts';
import type { Model } from './Model.ts';
import { always, atQuiescence, eventually, sometimes, type Property } from './Property.ts';
import { pointOfNoReturn, pointOfNoReturnOf } from './pointOfNoReturn.ts';
import { ring } from './fixtures/liveness.ts';
import { ModelError } from './CheckerError.ts';

type Pos = { at: number; broken: boolean };

/**
 * A pipeline of `length` stages. At every stage the worker can `Advance`; at stage `fragile` it
 * can also `Break`, after which it still advances to the end but the end is "broken". So for
 * "at quiescence not broken" the point of no return of any broken run is its `Break` step.
 */
function pipeline(length: number, fragile: number): Model<Pos, 'Advance' | 'Break'> {
  return {
    name: 'pipeline',
    initial: () => [{ at: 0, broken: false }],
    actions: (s) => (s.at >= length ? [] : s.at === fragile && !s.broken ? ['Advance', 'Break'] : ['Advance']),
    next: (s, a) => (a === 'Break' ? { at: s.at + 1, broken: true } : { at: s.at + 1, broken: s.broken }),
    properties: [atQuiescence('ends whole', (s) => !s.broken)],
  };
}

/** Follows `actions` from the model's first initial state. */
function run<S, A>(model: Model<S, A>, actions: readonly A[]): TraceStep<S, A>[] {
  const trace: TraceStep<S, A>[] = [{ action: null, state: model.initial()[0]! }];
  for (const a of actions) trace.push({ action: a, state: model.next(trace[trace.length - 1]!.state, a) });
  return trace;
}

describe('pointOfNoReturn', () => {
  it('finds the step whose action made the goal unreachable (atQuiescence)', () => {
    const m = pipeline(8, 5);
    const trace = run(m, ['Advance', 'Advance', 'Advance', 'Advance', 'Advance', 'Break', 'Advance', 'Advance']);
    expect(pointOfNoReturn(m, m.properties[0]!, trace)).toBe(6);
    // Where the break sits does not matter to the answer's correctness: it is always the break.
    const early = pipeline(8, 0);
    expect(pointOfNoReturn(early, early.properties[0]!, run(early, ['Break', ...Array(7).fill('Advance')]))).toBe(1);
  });

  it('binary-searches: 4 probes over 9 states, and states found doomed are not expanded again', () => {
    const m = pipeline(8, 5);
    const trace = run(m, ['Advance', 'Advance', 'Advance', 'Advance', 'Advance', 'Break', 'Advance', 'Advance']);
    // Probes: the last state (doomed, 1 state), step 3 (the goal after 7 expansions, the broken
    // branch stopping short of the known-doomed end), step 5 (5), step 6 (doomed, 2). A search
    // that expanded the known-doomed end again would count 18.
    expect(pointOfNoReturnOf(m, m.properties[0]!, trace)).toEqual({ step: 6, probes: 4, states: 15 });
  });

  it('on a lasso whose cycle is doomed, answers from the states already known doomed', () => {
    const m = ring();
    const trace = run(m, ['Step', 'Step', 'Step']);
    // The last probe's search visits all three states of the ring; the next two probes start in
    // states it found doomed, and expand nothing.
    expect(pointOfNoReturnOf(m, m.properties[0]!, trace)).toEqual({ step: 0, probes: 3, states: 3 });
  });

  it('lets a probe expand exactly maxStatesPerProbe states, and gives up at a middle probe that needs more', () => {
    const m = pipeline(8, 5);
    const trace = run(m, ['Advance', 'Advance', 'Advance', 'Advance', 'Advance', 'Break', 'Advance', 'Advance']);
    // The probe from step 3 expands 7 states before it meets the goal.
    expect(pointOfNoReturnOf(m, m.properties[0]!, trace, { maxStatesPerProbe: 7 }).step).toBe(6);
    expect(pointOfNoReturnOf(m, m.properties[0]!, trace, { maxStatesPerProbe: 6 })).toEqual({ step: undefined, undecided: 'bound', probes: 2, states: 7 });
  });

  it('does not search under symmetry: a representative may merge states the goal tells apart', () => {
    // A representative that forgets `broken` is no symmetry of "ends whole", and must not be used.
    const m = { ...pipeline(8, 5), representative: (s: Pos) => ({ ...s, broken: false }) };
    const trace = run(m, ['Advance', 'Advance', 'Advance', 'Advance', 'Advance', 'Break', 'Advance', 'Advance']);
    expect(pointOfNoReturn(m, m.properties[0]!, trace)).toBe(6);
  });

  it('reports a model that throws during a probe as a ModelError with the path to the state, through the trace', () => {
    // `Break` is taken on the trace; the probe from step 1 wanders off it, into `Advance` at stage 2.
    const base = pipeline(4, 1);
    const m: Model<Pos, 'Advance' | 'Break'> = {
      ...base,
      next: (s, a) => {
        if (s.at === 2 && !s.broken) throw new Error('stage 2 jammed');
        return base.next(s, a);
      },
    };
    const trace = run(base, ['Advance', 'Break', 'Advance', 'Advance']);
    let error: unknown;
    try {
      pointOfNoReturn(m, m.properties[0]!, trace);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ModelError);
    const path = (error as ModelError).trace.map((t) => [t.action, (t.state as Pos).at, (t.state as Pos).broken]);
    expect(path).toEqual([
      [null, 0, false],
      ['Advance', 1, false],
      ['Advance', 2, false],
    ]);
  });

  it('answers 0 when the goal was never reachable, even from the initial state', () => {
    const m: Model<{ n: number }, 'Inc'> = {
      name: 'hopeless',
      initial: () => [{ n: 0 }],
      actions: ({ n }) => (n < 3 ? ['Inc'] : []),
      next: ({ n }) => ({ n: n + 1 }),
      properties: [atQuiescence('ends at 5', ({ n }) => n === 5)],
    };
    expect(pointOfNoReturn(m, m.properties[0]!, run(m, ['Inc', 'Inc', 'Inc']))).toBe(0);
  });

  it('for eventually, the goal is any state where it holds: the dead end is the step into it', () => {
    const m: Model<{ at: string }, string> = {
      name: 'fork',
      initial: () => [{ at: 'start' }],
      actions: ({ at }) => (at === 'start' ? ['GoLeft', 'GoRight'] : at === 'left' ? ['Finish'] : at === 'right' ? ['Wander'] : []),
      next: (_, a) => ({ at: a === 'GoLeft' ? 'left' : a === 'GoRight' ? 'right' : a === 'Wander' ? 'lost' : 'done' }),
      properties: [eventually('eventually done', (s) => s.at === 'done')],
    };
    expect(pointOfNoReturn(m, m.properties[0]!, run(m, ['GoRight', 'Wander']))).toBe(1);
  });

  it('is undefined for a lasso that keeps avoiding a goal it could still reach', () => {
    const m: Model<{ at: number }, 'Step' | 'Finish'> = {
      name: 'retry-loop',
      initial: () => [{ at: 0 }],
      actions: ({ at }) => (at === 0 ? ['Step'] : at === 1 ? ['Step', 'Finish'] : []),
      next: ({ at }, a) => ({ at: a === 'Finish' ? 2 : at === 0 ? 1 : 0 }),
      properties: [eventually('eventually done', (s) => s.at === 2)],
    };
    // One probe, from the last state: it reaches the goal after expanding two states.
    expect(pointOfNoReturnOf(m, m.properties[0]!, run(m, ['Step', 'Step']))).toEqual({ step: undefined, undecided: 'never-doomed', probes: 1, states: 2 });
  });

  it('is the last step for always, and undefined for sometimes', () => {
    const m = pipeline(4, 1);
    const trace = run(m, ['Advance', 'Break', 'Advance']);
    expect(pointOfNoReturnOf(m, always<Pos>('never broken', (s) => !s.broken), trace)).toEqual({ step: 3, probes: 0, states: 0 });
    expect(pointOfNoReturnOf(m, sometimes<Pos>('reaches 9', (s) => s.at === 9), trace)).toEqual({ step: undefined, undecided: 'no-trace', probes: 0, states: 0 });
    expect(pointOfNoReturn(m, m.properties[0]!, [])).toBeUndefined();
  });

  it('gives up with undefined, never a guess, when a probe exceeds its bound', () => {
    // A wide space (a counter that can also wander through a big side field) before the break.
    const m: Model<{ n: number; side: number; broken: boolean }, 'Inc' | 'Side' | 'Break'> = {
      name: 'wide',
      initial: () => [{ n: 0, side: 0, broken: false }],
      actions: (s) => (s.n >= 3 ? [] : [...(s.side < 1000 ? (['Side'] as const) : []), 'Inc', ...(s.broken ? [] : (['Break'] as const))]),
      next: (s, a) => (a === 'Side' ? { ...s, side: s.side + 1 } : a === 'Inc' ? { ...s, n: s.n + 1 } : { ...s, broken: true }),
      properties: [atQuiescence('ends whole', (s) => !s.broken && s.side === 0)],
    };
    const trace = run(m, ['Inc', 'Break']);
    const bounded = pointOfNoReturnOf(m, m.properties[0]!, trace, { maxStatesPerProbe: 50 });
    expect(bounded).toEqual({ step: undefined, undecided: 'bound', probes: 1, states: 50 });
    expect(pointOfNoReturn(m, m.properties[0]!, trace)).toBe(2);
  });
});

/** A random finite directed graph with a set of goal nodes, and a walk through it. */
const caseArb = fc.integer({ min: 2, max: 12 }).chain((nodes) =>
  fc.record({
    edges: fc.array(fc.array(fc.nat({ max: nodes - 1 }), { maxLength: 3 }), { minLength: nodes, maxLength: nodes }),
    goal: fc.uniqueArray(fc.nat({ max: nodes - 1 }), { maxLength: 3 }),
    walk: fc.array(fc.nat(), { maxLength: 12 }),
    kind: fc.constantFrom('atQuiescence' as const, 'eventually' as const),
  }),
);

/** Brute force: the goal nodes reachable from `from`, by plain reachability. */
function canReach(edges: number[][], isGoal: (n: number) => boolean, from: number): boolean {
  const seen = new Set([from]);
  const todo = [from];
  while (todo.length > 0) {
    const n = todo.pop()!;
    if (isGoal(n)) return true;
    for (const m of edges[n]!) if (!seen.has(m)) (seen.add(m), todo.push(m));
  }
  return false;
}

describe('pointOfNoReturn against a linear scan on random graphs', () => {
  test.prop([caseArb], { seed: 20261130, numRuns: 300 })('the binary search finds the first doomed state of the walk', ({ edges, goal, walk, kind }) => {
    const holds = (at: number) => goal.includes(at);
    const property: Property<{ at: number }> = kind === 'atQuiescence' ? atQuiescence('p', (s) => holds(s.at)) : eventually('p', (s) => holds(s.at));
    const m: Model<{ at: number }, number> = {
      name: 'graph',
      initial: () => [{ at: 0 }],
      actions: ({ at }) => edges[at]!.map((_, i) => i),
      next: ({ at }, i) => ({ at: edges[at]![i]! }),
      properties: [property],
    };
    const trace: TraceStep<{ at: number }, number>[] = [{ action: null, state: { at: 0 } }];
    for (const w of walk) {
      const out = edges[trace[trace.length - 1]!.state.at]!;
      if (out.length === 0) break;
      trace.push({ action: w % out.length, state: { at: out[w % out.length]! } });
    }
    const isGoal = kind === 'atQuiescence' ? (n: number) => holds(n) && edges[n]!.length === 0 : holds;
    const doomed = trace.map((s) => !canReach(edges, isGoal, s.state.at));
    const expected = doomed[doomed.length - 1] ? doomed.indexOf(true) : undefined;
    expect(pointOfNoReturn(m, property, trace)).toBe(expected);
  });
});
