import { describe, expect, it } from 'vitest';
import type { Budgets } from '../Budgets.ts';
import { BudgetKeys } from './BudgetKeys.ts';
import { hashInts } from './hash64.ts';
import { StateKey } from './VisitedStates.ts';

type S = { rest: string; left: number[] };
const budgets = (most: unknown, left?: (s: S) => unknown): Budgets<S> => ({
  most: most as number[],
  left: (left ?? ((s: S) => s.left)) as (s: S) => number[],
  withLeft: (s, l) => ({ ...s, left: [...l] }),
});
const broken = (code: string, what: string) => new Error(`${code}: ${what}`);
const none = () => [];

describe('BudgetKeys', () => {
  it('refuses a most that is not a list of whole numbers from 0', () => {
    for (const most of [[-1], [1.5], [2 ** 31], 'x', [1, Number.NaN]]) {
      expect(() => new BudgetKeys(budgets(most), false, broken)).toThrow(/^bad-budgets: budgets\.most is .*, not a list of whole numbers from 0$/);
    }
    expect(new BudgetKeys(budgets([0, 3]), false, broken).most).toEqual([0, 3]);
  });

  it('refuses a left of another length, or numbers outside 0 to most', () => {
    const keys = new BudgetKeys(budgets([1, 2]), false, broken);
    for (const left of [[1], [1, 2, 0], [-1, 0], [0, 3], [0.5, 1], 'x']) {
      expect(() => keys.left({ rest: 'a', left: left as number[] }, none)).toThrow(/^bad-budgets: budgets\.left\(state\) gave .*, not 2 whole numbers from 0 to \[1,2\] \(budgets\.most\)$/);
    }
    expect(keys.left({ rest: 'a', left: [0, 2] }, none)).toEqual([0, 2]);
  });

  it('bases a state on itself at its most, else on the state with every budget at its most', () => {
    const keys = new BudgetKeys(budgets([1, 2]), false, broken);
    const full = { rest: 'a', left: [1, 2] };
    expect(keys.baseOf(full, [1, 2])).toBe(full);
    expect(keys.baseOf({ rest: 'a', left: [1, 1] }, [1, 1])).toEqual(full);
    expect(keys.baseOf({ rest: 'a', left: [0, 2] }, [0, 2])).toEqual(full);
  });

  it('keys a state as the hash of its base fingerprint and its budgets, and a cover from the base alone', () => {
    const keys = new BudgetKeys(budgets([1, 2]), false, broken);
    const key = new StateKey();
    key.fingerprint.set([7, 9]);
    keys.seal(key, [0, 1]);
    expect([...key.base]).toEqual([7, 9]);
    const expected = new Int32Array(2);
    hashInts([7, 9, 0, 1], 4, expected);
    expect([...key.fingerprint]).toEqual([...expected]);
    // A cover, written into another key, carries the base, so that it can be covered in turn.
    const cover = new StateKey();
    keys.cover(key, [1, 1], cover);
    hashInts([7, 9, 1, 1], 4, expected);
    expect([...cover.fingerprint]).toEqual([...expected]);
    const again = new StateKey();
    keys.cover(cover, [1, 2], again);
    hashInts([7, 9, 1, 2], 4, expected);
    expect([...again.fingerprint]).toEqual([...expected]);
    // Other budgets, another key; the base's own key is not the state's.
    expect([...cover.fingerprint]).not.toEqual([...key.fingerprint]);
  });

  it('keys exactly by the base text and the budgets', () => {
    const keys = new BudgetKeys(budgets([1, 2]), true, broken);
    const key = new StateKey();
    key.text = 'base';
    keys.seal(key, [0, 1]);
    expect(key.text).toBe('base\u00000,1');
    const cover = new StateKey();
    keys.cover(key, [1, 1], cover);
    expect(cover.text).toBe('base\u00001,1');
    const again = new StateKey();
    keys.cover(cover, [1, 2], again);
    expect(again.text).toBe('base\u00001,2');
  });
});
