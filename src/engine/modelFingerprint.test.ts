import { describe, expect, it } from 'vitest';
import { check } from './check.ts';
import type { Model } from './Model.ts';
import { grid, type Cell } from './fixtures/grid.ts';
import { twoPhaseCommit } from './fixtures/twoPhaseCommit.ts';
import { modelErrorOf } from './fixtures/modelErrorOf.ts';

/** The grid with its own fingerprint (`hook`), counting the hook's calls. */
function hooked(n: number, hook: (s: Cell, into: Int32Array) => void): { model: Model<Cell, 'IncX' | 'IncY'>; calls: () => number } {
  let calls = 0;
  const model = {
    ...grid(n),
    fingerprint(s: Cell, into: Int32Array) {
      calls++;
      hook(s, into);
    },
  };
  return { model, calls: () => calls };
}


describe('Model.fingerprint, a model\'s own 64-bit fingerprint', () => {
  it('is what the visited set keys by: an exact packing explores the states the key explores', () => {
    const { model, calls } = hooked(30, (s, into) => {
      into[0] = s.x;
      into[1] = s.y;
    });
    const r = check(model, { exploreAll: true });
    expect(r.stats.states).toBe(31 * 31);
    expect(calls()).toBeGreaterThanOrEqual(r.stats.transitions);
  });

  it('is bypassed by exactKeys, which keeps exact keys, so the two can be compared', () => {
    const { model, calls } = hooked(30, (s, into) => {
      into[0] = s.x;
      into[1] = s.y;
    });
    const r = check(model, { exploreAll: true, exactKeys: true });
    expect(calls()).toBe(0);
    expect(r.stats.states).toBe(31 * 31);
    expect(r.stats.collisionProbability).toBe(0);
  });

  it('merging two states is a ModelError naming both, not a verdict: a packing that leaves y out', () => {
    const { model } = hooked(5, (s, into) => {
      into[0] = s.x;
      into[1] = 0;
    });
    const e = modelErrorOf(() => check(model, { exploreAll: true }));
    expect(e.code).toBe('fingerprint-collision');
    expect(e.message).toMatch(/^model grid-5: fingerprint\(state\) gave the same fingerprint to two different states: \{"x":\d,"y":\d\} \(the end of the trace\) and \{"x":\d,"y":\d\}/);
  });

  it('a hook that writes nothing is caught too, not taken as one state', () => {
    const { model } = hooked(5, () => {});
    expect(modelErrorOf(() => check(model, { exploreAll: true })).code).toBe('fingerprint-collision');
  });

  it('a hook that throws is a ModelError that names it', () => {
    const { model } = hooked(5, (s, into) => {
      if (s.x === 2) throw new RangeError('jammed');
      into[0] = s.x;
      into[1] = s.y;
    });
    const e = modelErrorOf(() => check(model, { exploreAll: true }));
    expect(e.code).toBe('key-threw');
    expect(e.message).toBe('model grid-5: fingerprint(state) for the state after "IncX" threw RangeError: jammed');
  });

  it('Two-Phase Commit\'s packing gives the counts its exact key gives', () => {
    for (const n of [3, 4]) {
      const own = check(twoPhaseCommit(n), { exploreAll: true });
      const exact = check(twoPhaseCommit(n), { exploreAll: true, exactKeys: true });
      expect([own.stats.states, own.stats.transitions]).toEqual([exact.stats.states, exact.stats.transitions]);
    }
    expect(() => twoPhaseCommit(16)).toThrow('twoPhaseCommit: n must be a whole number from 1 to 15');
  });
});
