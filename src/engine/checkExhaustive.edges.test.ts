import { describe, expect, it } from 'vitest';
import { check } from './check.ts';
import { InvalidOptionError } from './CheckerError.ts';
import type { Model } from './Model.ts';
import { always, atQuiescence, eventually, sometimes } from './Property.ts';

/**
 * What an exhaustive result says beside its verdict, where the mutation run found it unpinned:
 * which eventually properties a stopped search leaves undecided, the mode of every result, the
 * list of unwitnessed `sometimes` at a bound, and the error for eventually under symmetry.
 */
type S = { n: number };
/** A counter without end that may also spin for ever at 5. */
const spinner = (properties: Model<S, 'Inc' | 'Spin'>['properties']): Model<S, 'Inc' | 'Spin'> => ({
  name: 'spinner',
  initial: () => [{ n: 0 }],
  actions: ({ n }) => (n === 5 ? ['Inc', 'Spin'] : ['Inc']),
  next: ({ n }, a) => ({ n: a === 'Inc' ? n + 1 : n }),
  properties,
});

describe('an exhaustive search stopped by a bound', () => {
  it('reports an eventually violated by a lasso it found, and leaves only the others undecided', () => {
    const r = check(
      spinner([eventually('passes 5', ({ n }) => n >= 6), eventually('reaches 5 or 100', ({ n }) => n === 5 || n >= 100)]),
      { maxStates: 50 },
    );
    expect(r.status).toBe('violated');
    expect(r.violations.map((v) => v.property)).toEqual(['passes 5']);
    expect(r.violations[0]!.loopsBackTo).toBe(5);
    expect(r.undecided).toEqual(['reaches 5 or 100']);
    expect(r.mode).toBe('exhaustive');
  });
  it('leaves undecided no eventually it refuted, when another property is violated too', () => {
    const r = check(
      spinner([always('stays below 3', ({ n }) => n < 3), eventually('passes 5', ({ n }) => n >= 6), eventually('reaches 5 or 100', ({ n }) => n === 5 || n >= 100)]),
      { maxStates: 50 },
    );
    expect(r.violations.map((v) => v.property)).toEqual(['stays below 3', 'passes 5']);
    expect(r.undecided).toEqual(['reaches 5 or 100']);
  });
  it('lists every sometimes not yet witnessed, comma-separated, and is incomplete in exhaustive mode', () => {
    const r = check(spinner([sometimes('reaches 1000', ({ n }) => n === 1000), sometimes('reaches 2000', ({ n }) => n === 2000)]), { maxStates: 20 });
    expect(r.status).toBe('incomplete');
    expect(r.mode).toBe('exhaustive');
    expect(r.reason).toMatch(/; not yet witnessed: reaches 1000, reaches 2000$/);
  });
});

describe('the mode of a complete exhaustive result', () => {
  const bounded: Model<S, 'Inc'> = {
    name: 'bounded',
    initial: () => [{ n: 0 }],
    actions: ({ n }) => (n < 3 ? ['Inc'] : []),
    next: ({ n }) => ({ n: n + 1 }),
    properties: [always('below 5', ({ n }) => n < 5)],
  };
  it('is exhaustive when ok and when violated', () => {
    expect(check(bounded)).toMatchObject({ status: 'ok', mode: 'exhaustive' });
    expect(check({ ...bounded, properties: [always<S>('below 2', ({ n }) => n < 2)] })).toMatchObject({ status: 'violated', mode: 'exhaustive' });
  });
});

describe('eventually under symmetry', () => {
  it('is refused, naming every eventually property, with what to do instead', () => {
    const model = { ...spinner([eventually('a', () => true), eventually('b', () => true)]), representative: (s: S) => s };
    let error: unknown;
    try {
      check(model, { symmetry: true });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect((error as InvalidOptionError).message).toBe('model spinner has eventually properties (a, b), and symmetry reduction cannot check them yet');
    expect((error as InvalidOptionError).hint).toBe('Drop the symmetry option for this model, or state the property as atQuiescence if it means "holds in every terminal state".');
  });
});

describe('several properties decided in the same state', () => {
  /** One step from 0 to the terminal state 1. */
  const step = (properties: Model<S, 'Go'>['properties']): Model<S, 'Go'> => ({
    name: 'step',
    initial: () => [{ n: 0 }],
    actions: ({ n }) => (n === 0 ? ['Go'] : []),
    next: () => ({ n: 1 }),
    properties,
  });
  it('reports every atQuiescence property violated at the same terminal state', () => {
    const r = check(step([atQuiescence<S>('q1', ({ n }) => n === 0), atQuiescence<S>('q2', ({ n }) => n === 0), atQuiescence<S>('q3', ({ n }) => n === 0)]));
    expect(r.status).toBe('violated');
    expect(r.violations.map((v) => v.property)).toEqual(['q1', 'q2', 'q3']);
  });
  it('counts every sometimes witnessed in the same state', () => {
    const r = check(step([sometimes<S>('s1', ({ n }) => n === 1), sometimes<S>('s2', ({ n }) => n === 1), sometimes<S>('s3', ({ n }) => n === 1)]));
    expect(r.status).toBe('ok');
  });
});
