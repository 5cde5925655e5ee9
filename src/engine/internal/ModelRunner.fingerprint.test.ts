import { describe, expect, it } from 'vitest';
import type { Model } from '../Model.ts';
import { ModelRunner } from './ModelRunner.ts';
import { StateKey } from './VisitedStates.ts';

type State = { log: string[]; n: number; meta: { tag: string } };
const model: Model<State, string> = {
  name: 'plain',
  initial: () => [{ log: [], n: 0, meta: { tag: 'a' } }],
  actions: () => [],
  next: (s) => s,
  properties: [],
};
const x: State = { log: ['p', 'q'], n: 1, meta: { tag: 'a' } };
const y: State = { log: ['q'], n: 2, meta: { tag: 'b' } };

/** The fingerprints a fresh runner gives `states`, in that order, as text. */
function prints(canonical: boolean, states: State[]): string[] {
  const runner = new ModelRunner(model, false, false, canonical);
  const key = new StateKey();
  return states.map((s) => {
    runner.keyInto(key, s, () => []);
    return key.fingerprint.join();
  });
}

describe('ModelRunner fingerprints, canonical or per search', () => {
  it('canonical (the parallel search): a state has the same fingerprint whatever was fingerprinted before, as in another worker', () => {
    const [xFirst, yAfter] = prints(true, [x, y]);
    const [yFirst, xAfter] = prints(true, [y, x]);
    expect(yAfter).toBe(yFirst);
    expect(xAfter).toBe(xFirst);
    expect(xFirst).not.toBe(yFirst);
  });

  it('per search (one worker): numbered in the order met, so the same state can differ between two searches; which is why workers need the canonical one', () => {
    const [, yAfter] = prints(false, [x, y]);
    const [yFirst] = prints(false, [y, x]);
    expect(yAfter).not.toBe(yFirst);
  });
});
