import { describe, expect, it } from 'vitest';
import { check } from './check.ts';
import type { Model } from './Model.ts';
import { grid, type Cell } from './fixtures/grid.ts';
import { modelErrorOf } from './fixtures/modelErrorOf.ts';
import { ModelRunner } from './internal/ModelRunner.ts';
import { StateKey } from './internal/VisitedStates.ts';

type Hook = (s: Cell, into: Int32Array) => void;

/** The class of a cell of the grid symmetric in x and y: its smaller coordinate, then its larger. */
const classPrint: Hook = (s, into) => {
  into[0] = Math.min(s.x, s.y);
  into[1] = Math.max(s.x, s.y);
};

/**
 * The n×n grid symmetric in x and y, with its own class print and the member print `member`,
 * counting the calls of both.
 */
function hooked(n: number, member: Hook) {
  const calls = { member: 0, klass: 0 };
  const { key: _, ...g } = grid(n);
  const model: Model<Cell, 'IncX' | 'IncY'> = {
    ...g,
    representative: ({ x, y }) => (x <= y ? { x, y } : { x: y, y: x }),
    representativeFingerprint(s, into) {
      calls.klass++;
      classPrint(s, into);
    },
    memberFingerprint(s, into) {
      calls.member++;
      member(s, into);
    },
  };
  return { model, calls };
}

/** The cell itself: finer than its class, as the identity's print among the copies is. */
const cellPrint: Hook = (s, into) => {
  into[0] = s.x;
  into[1] = s.y;
};

describe('Model.memberFingerprint, the print by which the search remembers a state\'s class', () => {
  it('keys the cache of classes: a class print is worked out once per member print met', () => {
    // Every cell of a 50×50 grid, met twice: 2,500 cells in 1,275 classes.
    const cells = Array.from({ length: 2500 }, (_, i) => ({ x: i % 50, y: Math.floor(i / 50) }));
    const classPrints = (member: Hook | null) => {
      const { model, calls } = hooked(50, member ?? cellPrint);
      if (!member) delete model.memberFingerprint;
      const runner = new ModelRunner(model, true);
      const key = new StateKey();
      const prints = [...cells, ...cells].map((s) => (runner.keyInto(key, s, () => []), key.fingerprint.join()));
      return { prints, ...calls };
    };
    // The sampled check of remembered classes works a class out afresh: the first 64 answers from
    // the cache, then one in 1024.
    const sampled = 64 + 4;
    const byClass = classPrints(classPrint);
    expect(byClass.member).toBe(5000);
    expect(byClass.klass).toBeGreaterThanOrEqual(1275);
    expect(byClass.klass).toBeLessThanOrEqual(1275 + sampled);
    const byCell = classPrints(cellPrint);
    expect(byCell.klass).toBeGreaterThanOrEqual(2500);
    expect(byCell.klass).toBeLessThanOrEqual(2500 + sampled);
    // Without the hook, the structural print of the cell keys the cache.
    const bare = classPrints(null);
    expect(bare.member).toBe(0);
    expect(bare.klass).toBe(2500);
    // The same class prints every way: the representative's.
    expect(byCell.prints).toEqual(byClass.prints);
    expect(bare.prints).toEqual(byClass.prints);
    expect(new Set(byClass.prints).size).toBe(1275);
  });

  it('gives the search the classes of the representative', () => {
    const r = check(hooked(20, cellPrint).model, { exploreAll: true, symmetry: true });
    expect(r.stats.states).toBe((21 * 22) / 2);
  });

  it('is used only under symmetry, with the class print, and never with exactKeys', () => {
    const a = hooked(10, cellPrint);
    expect(check(a.model, { exploreAll: true }).stats.states).toBe(11 * 11);
    expect(check(a.model, { exploreAll: true, symmetry: true, exactKeys: true }).stats.states).toBe((11 * 12) / 2);
    expect(a.calls.member).toBe(0);
    const { representativeFingerprint: _, ...without } = hooked(10, cellPrint).model;
    const b = hooked(10, cellPrint);
    const bare = { ...without, memberFingerprint: b.model.memberFingerprint! };
    expect(check(bare, { exploreAll: true, symmetry: true }).stats.states).toBe((11 * 12) / 2);
    expect(b.calls.member).toBe(0);
  });

  // (0, 3) and (1, 2) share a sum; (0, 3) and (0, 4) a smaller coordinate, so their class prints
  // share a first word; (0, 3) and (3, 3) a larger one, so their class prints share a second.
  it.each([
    ['sum', (s: Cell, into: Int32Array): void => void ((into[0] = s.x + s.y), (into[1] = 0))],
    ['smaller coordinate', (s: Cell, into: Int32Array): void => void ((into[0] = Math.min(s.x, s.y)), (into[1] = 0))],
    ['larger coordinate', (s: Cell, into: Int32Array): void => void ((into[0] = Math.max(s.x, s.y)), (into[1] = 0))],
  ] as [string, Hook][])('merging two classes (by the %s) is a ModelError naming the hook and the state, not a verdict', (_, member) => {
    const { model } = hooked(5, member);
    const e = modelErrorOf(() => check(model, { exploreAll: true, symmetry: true }));
    expect(e.code).toBe('member-fingerprint-collision');
    expect(e.message).toMatch(/^model grid-5: memberFingerprint\(state\) gave \{"x":\d,"y":\d\} \(the end of the trace\) the print of a state met before of another class: representativeFingerprint\(state\) gives it [0-9a-f]{16}, the class remembered under its print is [0-9a-f]{16}, so the search would take one class for the other$/);
    expect(e.hint).toMatch(/must differ for states of different representatives/);
    // The trace ends at the state the message names.
    const named = JSON.parse(/gave (\{.*?\}) \(the end/.exec(e.message)![1]!);
    expect(e.trace.at(-1)!.state).toEqual(named);
    expect(e.trace.length).toBeGreaterThan(1);
  });

  it('a hook that throws is a ModelError that names it, not the class print', () => {
    const { model } = hooked(5, (s, into) => {
      if (s.x + s.y === 3) throw new RangeError('jammed');
      cellPrint(s, into);
    });
    const e = modelErrorOf(() => check(model, { exploreAll: true, symmetry: true }));
    expect(e.code).toBe('key-threw');
    expect(e.message).toMatch(/^model grid-5: memberFingerprint\(state\) for the state after "Inc[XY]" threw RangeError: jammed$/);
  });

  it('a class print that throws after a member print is still blamed on the class print', () => {
    const { model } = hooked(5, cellPrint);
    const broken: Model<Cell, 'IncX' | 'IncY'> = {
      ...model,
      representativeFingerprint(s, into) {
        if (s.x + s.y === 3) throw new RangeError('jammed');
        classPrint(s, into);
      },
    };
    const e = modelErrorOf(() => check(broken, { exploreAll: true, symmetry: true }));
    expect(e.message).toMatch(/^model grid-5: representativeFingerprint\(state\) for the state after "Inc[XY]" threw RangeError: jammed$/);
  });
});
