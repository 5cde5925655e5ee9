import { describe, expect, it } from 'vitest';
import { check } from './check.ts';
import type { Model } from './Model.ts';
import { always, eventually } from './Property.ts';
import type { StateCodec } from './StateCodec.ts';
import { dieHard, type JugAction, type Jugs } from './fixtures/dieHard.ts';
import { twoPhaseCommit, type TwoPhaseAction, type TwoPhaseState } from './fixtures/twoPhaseCommit.ts';
import { modelErrorOf } from './fixtures/modelErrorOf.ts';

/** Two-Phase Commit without its codec: the frontier keeps objects. */
const objects = (n: number): Model<TwoPhaseState, TwoPhaseAction> => ({ ...twoPhaseCommit(n), codec: undefined });


/** `codec` with its calls counted. */
function counted<S>(codec: StateCodec<S>): { codec: StateCodec<S>; packs: () => number; unpacks: () => number } {
  let packs = 0;
  let unpacks = 0;
  return {
    codec: {
      words: codec.words,
      pack: (s, into, at) => {
        packs++;
        codec.pack(s, into, at);
      },
      unpack: (from, at) => {
        unpacks++;
        return codec.unpack(from, at);
      },
    },
    packs: () => packs,
    unpacks: () => unpacks,
  };
}

/** Die Hard's jugs in two words, deliberately wide (3) to test offsets; `drop` loses the big jug. */
const jugCodec = (drop = false): StateCodec<Jugs> => ({
  words: 3,
  pack: (s, into, at) => {
    into[at] = s.small;
    into[at + 1] = -1;
    into[at + 2] = drop ? 0 : s.big;
  },
  unpack: (from, at) => ({ small: from[at]!, big: from[at + 2]! }),
});

describe('Model.codec: a packed frontier', () => {
  it.each([3, 4, 5, 6])('Two-Phase Commit n = %i: the same states, transitions and depth packed as with objects', (n) => {
    const packed = check(twoPhaseCommit(n), { exploreAll: true });
    const plain = check(objects(n), { exploreAll: true });
    expect(packed.status).toBe('ok');
    expect(packed.stats.states).toBe(plain.stats.states);
    expect(packed.stats.transitions).toBe(plain.stats.transitions);
    expect(packed.stats.maxDepth).toBe(plain.stats.maxDepth);
  });

  it('is what the frontier keeps: each state is packed once and unpacked to be expanded', () => {
    const { codec, packs, unpacks } = counted(twoPhaseCommit(4).codec!);
    const r = check({ ...twoPhaseCommit(4), codec }, { exploreAll: true });
    expect(r.stats.states).toBe(1568);
    expect(packs()).toBe(1568);
    // Once each to expand it, plus the sampled round trips (the first 64, then one in 1024).
    expect(unpacks()).toBe(1568 + 64 + 1);
  });

  it('gives the same counterexample as objects, a trace of the model\'s own states', () => {
    const never = always<TwoPhaseState>('never all committed', ({ rm }) => rm !== 0b101010);
    const packed = check({ ...twoPhaseCommit(3), properties: [never] });
    const plain = check({ ...objects(3), properties: [never] });
    expect(packed.status).toBe('violated');
    expect(packed.violations[0]!.trace).toEqual(plain.violations[0]!.trace);
    expect(packed.violations[0]!.replay).toBe(plain.violations[0]!.replay);
  });

  it('gives the same verdicts as objects with an eventually property (the graph kept for liveness)', () => {
    const props = [eventually<TwoPhaseState>('the transaction manager decides', ({ tm }) => tm !== 0), eventually<TwoPhaseState>('rm0 leaves working', ({ rm }) => (rm & 3) !== 0)];
    const packed = check({ ...twoPhaseCommit(3), properties: props });
    const plain = check({ ...objects(3), properties: props });
    expect(packed.status).toBe(plain.status);
    expect(packed.stats.states).toBe(plain.stats.states);
    expect(packed.violations.map((v) => [v.property, v.trace, v.loopsBackTo])).toEqual(plain.violations.map((v) => [v.property, v.trace, v.loopsBackTo]));
    expect(packed.violations.length).toBeGreaterThan(0);
  });

  it('works beside the default structural key (no fingerprint of the model\'s own) and with exact keys', () => {
    const model: Model<Jugs, JugAction> = { ...dieHard(), codec: jugCodec() };
    const plain = check(dieHard(), { exploreAll: true });
    for (const exactKeys of [false, true]) {
      const r = check(model, { exploreAll: true, exactKeys });
      expect(r.stats.states).toBe(plain.stats.states);
      expect(r.stats.transitions).toBe(plain.stats.transitions);
    }
    const violated = check(model);
    expect(violated.status).toBe('violated');
    expect(violated.violations[0]!.trace.length - 1).toBe(6);
  });

  it('is ignored by a sharded search, which deals out objects', () => {
    const { codec, packs } = counted(twoPhaseCommit(5).codec!);
    const r = check({ ...twoPhaseCommit(5), codec }, { exploreAll: true, shard: { index: 0, count: 2 } });
    expect(r.stats.shard?.depth).not.toBeNull();
    expect(packs()).toBe(0);
  });

  it('that loses part of a state is a ModelError, not a smaller state space', () => {
    const e = modelErrorOf(() => check({ ...dieHard(), codec: jugCodec(true) }, { exploreAll: true }));
    expect(e.code).toBe('codec-not-roundtrip');
    expect(e.message).toMatch(/came back as \{"big":0,"small":0\}/);
    expect(e.trace.length).toBeGreaterThan(1);
  });

  it('that throws is a ModelError naming the codec; so is a word count that is not a whole number ≥ 1', () => {
    const throws: StateCodec<Jugs> = {
      ...jugCodec(),
      unpack: () => {
        throw new Error('boom');
      },
    };
    const e = modelErrorOf(() => check({ ...dieHard(), codec: throws }, { exploreAll: true }));
    expect(e.code).toBe('codec-threw');
    expect(e.message).toMatch(/codec\.unpack\(from, at\) threw Error: boom/);
    expect(modelErrorOf(() => check({ ...dieHard(), codec: { ...jugCodec(), words: 0 } })).code).toBe('codec-words');
  });
});
