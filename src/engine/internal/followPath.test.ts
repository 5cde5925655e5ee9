import { describe, expect, it } from 'vitest';
import { ModelError } from '../CheckerError.ts';
import type { Model } from '../Model.ts';
import { symmetricCounters } from '../fixtures/parallelGaps.ts';
import { followClasses } from './followPath.ts';
import { ModelRunner } from './ModelRunner.ts';
import { StateKey } from './VisitedStates.ts';

/** The class fingerprints (high half then low) of the states along `path` after the first. */
function printsOf(runner: ModelRunner<number[], number>, path: number[][]): number[] {
  const key = new StateKey();
  return path.slice(1).flatMap((s) => {
    runner.keyInto(key, s, () => []);
    return [key.fingerprint[0]!, key.fingerprint[1]!];
  });
}

describe('followClasses', () => {
  const model = symmetricCounters(3, 4, 99);
  const runner = new ModelRunner(model, true, false, true);

  it('takes, from each state, the first action into the next class: from another member than the one the classes were met through', () => {
    // Met through [1,0,0] → [2,0,0] → [2,1,0]; followed from initial state 2, [0,0,1].
    const prints = printsOf(runner, [[1, 0, 0], [2, 0, 0], [2, 1, 0]]);
    const { trace, choices } = followClasses(runner, 2, prints);
    expect(trace.map((s) => s.state)).toEqual([[0, 0, 1], [0, 0, 2], [1, 0, 2]]);
    expect(choices).toEqual([2, 0]);
  });

  it('a class that no action reaches is a ModelError with the trace so far, never a wrong trace', () => {
    const prints = printsOf(runner, [[1, 0, 0], [2, 0, 0], [4, 0, 0]]);
    let error: unknown;
    try {
      followClasses(runner, 0, prints);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ModelError);
    expect((error as ModelError).code).toBe('representative-changes-steps');
    expect((error as ModelError).hint).toContain('renaming interchangeable ids must map every step to a step');
    expect((error as ModelError).message).toMatch(/in 2 steps/);
    expect((error as ModelError).trace.map((s) => s.state)).toEqual([[1, 0, 0], [2, 0, 0]]);
  });
});

describe('followClasses, by both halves of a fingerprint', () => {
  /** From 0, three steps to states whose own fingerprints share a half with each other: (1, 2), (4, 3), (1, 3). */
  const prints: Record<number, [number, number]> = { 0: [0, 0], 1: [1, 2], 2: [4, 3], 3: [1, 3] };
  const model: Model<number, number> = {
    name: 'shared-halves',
    initial: () => [0],
    actions: (s) => (s === 0 ? [1, 2, 3] : []),
    next: (_, a) => {
      if (a === 3 && throwing) throw new Error('no step to 3');
      return a;
    },
    fingerprint: (s, into) => into.set(prints[s]!),
    properties: [],
  };
  let throwing = false;

  it('takes the step whose successor matches both halves, not one sharing the high or the low half', () => {
    throwing = false;
    const runner = new ModelRunner(model, false, false, true);
    expect(followClasses(runner, 0, [1, 3])).toEqual({ trace: [{ action: null, state: 0 }, { action: 3, state: 3 }], choices: [2] });
  });

  it('a model that throws on the way is the ModelError of one search, with the trace to the state it threw in', () => {
    throwing = true;
    const runner = new ModelRunner(model, false, false, true);
    let error: unknown;
    try {
      followClasses(runner, 0, [1, 3]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ModelError);
    expect((error as ModelError).trace.map((s) => s.state)).toEqual([0]);
  });
});
