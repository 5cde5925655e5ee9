import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Model } from '../Model.ts';
import { StructuralKeys } from '../StructuralKeys.ts';
import { dieHard, type JugAction, type Jugs } from '../fixtures/dieHard.ts';
import { ModelRunner } from './ModelRunner.ts';

type Setting = { symmetry?: boolean; exactKeys?: boolean; canonical?: boolean; model?: Partial<Model<Jugs, JugAction>> };

/** Which states `discovered` and `expanding` pass on to the default key (`keep`, `parentIs`) under `setting`. */
function hints({ symmetry = false, exactKeys = false, canonical = false, model = {} }: Setting): { kept: unknown[]; parents: unknown[] } {
  const keep = vi.spyOn(StructuralKeys.prototype, 'keep').mockImplementation(() => {});
  const parentIs = vi.spyOn(StructuralKeys.prototype, 'parentIs').mockImplementation(() => {});
  const runner = new ModelRunner({ ...dieHard(), ...model }, symmetry, exactKeys, canonical);
  const s = { small: 1, big: 2 };
  runner.discovered(s);
  runner.expanding(s);
  const seen = { kept: keep.mock.calls.map((c) => c[0]), parents: parentIs.mock.calls.map((c) => c[0]) };
  vi.restoreAllMocks();
  return seen;
}
const told = { kept: [{ small: 1, big: 2 }], parents: [{ small: 1, big: 2 }] };
const notTold = { kept: [], parents: [] };
const representative = (s: Jugs): Jugs => s;
const fingerprint = (s: Jugs, into: Int32Array): void => {
  into[0] = s.small;
  into[1] = s.big;
};

afterEach(() => {
  vi.restoreAllMocks();
});

/** The parent hint reaches the default key exactly when that key keys the states themselves. */
describe('ModelRunner: discovered and expanding', () => {
  it('tell the default key which state is kept and whose successors come next', () => {
    expect(hints({})).toEqual(told);
    expect(hints({ symmetry: true })).toEqual(told);
    expect(hints({ model: { representative } })).toEqual(told);
  });
  it('tell the default key under symmetry, where it prints the states themselves to find their classes again (ClassCache)', () => {
    expect(hints({ symmetry: true, model: { representative } })).toEqual(told);
    expect(hints({ symmetry: true, canonical: true, model: { representative } })).toEqual(told);
  });
  it('tell nothing when the states are keyed by something else: representatives\' exact keys, the content hash, the model\'s fingerprint', () => {
    expect(hints({ symmetry: true, exactKeys: true, model: { representative } })).toEqual(notTold);
    expect(hints({ symmetry: true, model: { representative, fingerprint } })).toEqual(notTold);
    expect(hints({ canonical: true })).toEqual(notTold);
    expect(hints({ model: { fingerprint } })).toEqual(notTold);
  });
  it('tell the default key with exact keys, which it writes even when the model has a fingerprint or the search wants the content hash', () => {
    expect(hints({ exactKeys: true, model: { fingerprint } })).toEqual(told);
    expect(hints({ exactKeys: true, canonical: true })).toEqual(told);
  });
  it('tell nothing, and throw nothing, when the model keys its states itself', () => {
    expect(hints({ model: { key: (s) => `${s.small}/${s.big}` } })).toEqual(notTold);
  });
});
