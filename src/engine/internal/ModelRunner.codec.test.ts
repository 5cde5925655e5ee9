import { describe, expect, it } from 'vitest';
import { check } from '../check.ts';
import type { Model } from '../Model.ts';
import type { StateCodec } from '../StateCodec.ts';
import { dieHard, type Jugs } from '../fixtures/dieHard.ts';
import { modelErrorOf } from '../fixtures/modelErrorOf.ts';
import { twoPhaseCommit } from '../fixtures/twoPhaseCommit.ts';

/** Die Hard's jugs in one word: the small jug's gallons times 8 plus the big jug's. */
const oneWord: StateCodec<Jugs> = {
  words: 1,
  pack: (s, into, at) => {
    into[at] = s.small * 8 + s.big;
  },
  unpack: (from, at) => ({ small: from[at]! >> 3, big: from[at]! & 7 }),
};

/** The codec the runner's `packer` checks: its word count, its throws, its round trip. */
describe('ModelRunner.packer', () => {
  it('takes a codec of one word', () => {
    const r = check({ ...dieHard(), codec: oneWord }, { exploreAll: true });
    expect(r.stats.states).toBe(check(dieHard(), { exploreAll: true }).stats.states);
  });
  it('refuses a word count that is not a whole number ≥ 1, saying what it got and what to set', () => {
    for (const words of [0, 1.5, -2]) {
      const e = modelErrorOf(() => check({ ...dieHard(), codec: { ...oneWord, words } }));
      expect([e.code, e.message, e.hint]).toEqual([
        'codec-words',
        `model die-hard: codec.words must be a whole number ≥ 1, got ${words}`,
        'Set codec.words to the number of 32-bit integers pack() writes for a state.',
      ]);
    }
  });
  it('turns a throw from pack into a ModelError naming it, with the trace to the state being packed', () => {
    const boom = new Error('boom');
    const codec: StateCodec<Jugs> = {
      ...oneWord,
      pack: (s, into, at) => {
        if (s.big === 5) throw boom;
        oneWord.pack(s, into, at);
      },
    };
    const e = modelErrorOf(() => check({ ...dieHard(), codec }, { exploreAll: true }));
    expect([e.code, e.message, e.hint, e.cause]).toEqual([
      'codec-threw',
      'model die-hard: codec.pack(state, into, at) threw Error: boom',
      'Fix codec.pack(state, into, at), or drop the codec.',
      boom,
    ]);
    expect(e.trace.at(-1)!.state).toEqual({ small: 0, big: 5 });
  });
  it('turns a throw from unpack, met when a state is expanded (past the sampled round trips), into a ModelError naming it', () => {
    // Two-Phase Commit, 1568 states: the round trip is sampled for the first 64 packs, so the
    // 500th unpack is one that expands a state.
    const base = twoPhaseCommit(4);
    let unpacks = 0;
    const codec = {
      ...base.codec!,
      unpack: (from: Int32Array, at: number) => {
        if (++unpacks === 500) throw new Error('boom');
        return base.codec!.unpack(from, at);
      },
    };
    const e = modelErrorOf(() => check({ ...base, codec }, { exploreAll: true }));
    expect([e.code, e.message, e.hint]).toEqual([
      'codec-threw',
      'model two-phase-commit-4: codec.unpack(from, at) threw Error: boom',
      'Fix codec.unpack(from, at), or drop the codec.',
    ]);
    expect(e.trace.length).toBeGreaterThan(1);
  });
  it('says what a state was and what came back when the round trip loses part of it', () => {
    const lossy: StateCodec<Jugs> = { ...oneWord, unpack: (from, at) => ({ small: from[at]! >> 3, big: 0 }) };
    const e = modelErrorOf(() => check({ ...dieHard(), codec: lossy }, { exploreAll: true }));
    expect(e.code).toBe('codec-not-roundtrip');
    expect(e.message).toBe('model die-hard: codec.unpack(codec.pack(state)) is not the state: it was {"big":5,"small":0}, and came back as {"big":0,"small":0}');
    expect(e.hint).toBe('pack(state, into, at) must write every field that tells states apart into its words, and unpack(from, at) must rebuild the same state from them; or drop the codec.');
  });
  it('says "(not plain data)" for a side of the round trip that is not plain data', () => {
    const toMap: StateCodec<Jugs> = { ...oneWord, unpack: () => new Map() as unknown as Jugs };
    const e = modelErrorOf(() => check({ ...dieHard(), codec: toMap }, { exploreAll: true }));
    expect(e.message).toBe('model die-hard: codec.unpack(codec.pack(state)) is not the state: it was {"big":0,"small":0}, and came back as (not plain data)');
    // States that are not plain data (a Map), keyed by the model's fingerprint, unpacked as plain objects.
    type Boxed = Map<string, number>;
    const boxed: Model<Boxed, 'x'> = {
      name: 'boxed',
      initial: () => [new Map([['n', 1]])],
      actions: () => [],
      next: (s) => s,
      properties: [],
      fingerprint: (s, into) => {
        into[0] = s.get('n')!;
        into[1] = 0;
      },
      codec: { words: 1, pack: (s, into, at) => void (into[at] = s.get('n')!), unpack: (from, at) => ({ n: from[at]! }) as unknown as Boxed },
    };
    const f = modelErrorOf(() => check(boxed, { exploreAll: true }));
    expect(f.message).toBe('model boxed: codec.unpack(codec.pack(state)) is not the state: it was (not plain data), and came back as {"n":1}');
  });
});
