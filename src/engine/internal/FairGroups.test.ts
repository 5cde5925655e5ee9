import { describe, expect, it } from 'vitest';
import { ModelError } from '../CheckerError.ts';
import { strongFairness, weakFairness } from '../Fairness.ts';
import type { Model } from '../Model.ts';
import { FairGroups } from './FairGroups.ts';

const model = (fairness: unknown): Model<unknown, string> =>
  ({ name: 'm', initial: () => [0], actions: () => [], next: (s: unknown) => s, properties: [], fairness }) as unknown as Model<unknown, string>;

function errorOf(run: () => unknown): ModelError {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(ModelError);
    return e as ModelError;
  }
  throw new Error('expected a ModelError');
}

describe('FairGroups', () => {
  it('answers each action with the bit mask of its groups, in declaration order', () => {
    const groups = new FairGroups(model([weakFairness('a', (x: string) => x.startsWith('a')), strongFairness('ab', (x: string) => x.length === 2)]), String);
    expect(groups.kinds).toEqual(['weak', 'strong']);
    expect([groups.of('a', () => []), groups.of('ab', () => []), groups.of('b', () => []), groups.of('bc', () => [])]).toEqual([0b01, 0b11, 0, 0b10]);
  });

  it('a model without fairness has no groups', () => {
    const groups = new FairGroups(model(undefined), String);
    expect(groups.kinds).toEqual([]);
    expect(groups.of('a', () => [])).toBe(0);
  });

  it('malformed fairness is a bad-fairness error that says how to build it', () => {
    const notArray = errorOf(() => new FairGroups(model('x'), String));
    expect([notArray.code, notArray.hint]).toEqual(['bad-fairness', 'Use fairness: [weakFairness(name, includes), ...].']);
    const many = errorOf(() => new FairGroups(model(Array.from({ length: 32 }, (_, i) => weakFairness(`g${i}`, () => true))), String));
    expect([many.code, many.hint]).toEqual(['bad-fairness', 'Group actions into fewer constraints, e.g. one per actor.']);
    const malformed = errorOf(() => new FairGroups(model([{ kind: 'weak', name: 'x' }]), String));
    expect([malformed.code, malformed.message]).toEqual(['bad-fairness', 'model m has a malformed fairness constraint "x"']);
    expect(malformed.hint).toBe('Build fairness constraints with weakFairness(name, includes) or strongFairness(name, includes).');
    expect(errorOf(() => new FairGroups(model([null]), String)).message).toBe('model m has a malformed fairness constraint undefined');
  });

  it('includes() that throws or answers a non-boolean is an error naming the group, the action and the trace', () => {
    const trace = [{ action: null, state: 0 }];
    const jam = new RangeError('jammed');
    const threw = errorOf(() =>
      new FairGroups(model([weakFairness('w', () => { throw jam; })]), (a) => `<${a}>`).of('go', () => trace),
    );
    expect([threw.code, threw.message, threw.hint]).toEqual(['fairness-threw', 'model m: fairness "w" threw RangeError: jammed for <go>', 'includes(action) must answer true or false for every action.']);
    expect([threw.cause, threw.trace]).toEqual([jam, trace]);
    const sloppy = errorOf(() => new FairGroups(model([weakFairness('w', () => 1 as never)]), (a) => `<${a}>`).of('go', () => trace));
    expect([sloppy.code, sloppy.message, sloppy.hint, sloppy.trace]).toEqual(['fairness-not-boolean', 'model m: fairness "w" returned 1 for <go>, not true or false', 'includes(action) must return a boolean.', trace]);
  });
});
