import { describe, expect, it } from 'vitest';
import { check, decodeReplay, replay, ReplayError } from '../index.ts';
import type { Jugs, JugAction } from './fixtures/dieHard.ts';
import { dieHard } from './fixtures/dieHard.ts';
import type { Model } from './Model.ts';

const violation = () => check(dieHard()).violations[0]!;

describe('replay', () => {
  it('re-runs a counterexample exactly', () => {
    const v = violation();
    expect(replay(dieHard(), v.replay)).toEqual(v.trace);
    expect(decodeReplay(v.replay)).toMatchObject({ model: 'die-hard', version: '1', init: 0 });
  });

  it('refuses a string from another model, naming both', () => {
    expect(() => replay({ ...dieHard(), name: 'other' }, violation().replay)).toThrow(/made by model "die-hard", not "other"/);
  });

  it('refuses a string from another version of the model', () => {
    expect(() => replay({ ...dieHard(), version: '2' }, violation().replay)).toThrow(/version 1 of model "die-hard", but the model is now version 2/);
  });

  it('says at which step a changed model stops fitting', () => {
    const fewer: Model<Jugs, JugAction> = { ...dieHard(), actions: () => ['FillSmall', 'FillBig'] };
    let error: ReplayError | undefined;
    try {
      replay(fewer, violation().replay);
    } catch (e) {
      error = e as ReplayError;
    }
    expect(error).toBeInstanceOf(ReplayError);
    expect(error!.step).toBe(2);
    expect(error!.message).toMatch(/no longer applies at step 2: it takes action #5, but only actions #0 to #1 are enabled there/);
  });

  it('notices a model whose semantics changed under the same actions', () => {
    expect(() => replay(dieHard(3, 6), violation().replay)).toThrow(/ends in a state whose hash is [0-9a-f]{8}, not the [0-9a-f]{8} the string records/);
  });

  it('rejects strings that are not replay strings', () => {
    for (const bad of ['', 'hello', 'cdc1:x@1:0:1.2', 'cdc1:x@1:a:1:0000000g', 'cdc1:@1:0::00000000']) {
      expect(() => replay(dieHard(), bad)).toThrow(/not a cdc-check replay string/);
    }
  });
});
