import { describe, expect, it } from 'vitest';
import { check } from './check.ts';
import { modelSource } from './ModelSource.ts';
import { replayOutcome } from './replay.ts';
import { dieHardPacked, fanFingerprint, fanOut, twoPhaseCommitCodec, type CodecVariant } from './fixtures/codecModels.ts';
import { modelErrorOf } from './fixtures/modelErrorOf.ts';

/**
 * The parallel search's workers keep their frontier packed with the model's codec
 * (`Model.codec`), as one worker does: the same counts and verdicts as without it, the codec's
 * contract checked in the workers, and counterexamples that replay.
 */
const url = new URL('./fixtures/codecModels.ts', import.meta.url);
const tpc = (n: number, variant: CodecVariant) => ({ model: twoPhaseCommitCodec(n, variant), source: modelSource(url, 'twoPhaseCommitCodec', n, variant) });

describe('check with workers and a codec', () => {
  // From n = 4 on, the first worker finds every state of the first levels and hands some over
  // (planRebalance): the taker packs what it rebuilds, the giver drops its newest packed states.
  it.each([3, 4, 5, 6])('Two-Phase Commit n = %i on 2 workers: the same states, transitions and depth packed as with objects, and as on one worker', (n) => {
    const packed = tpc(n, 'packed');
    const objects = tpc(n, 'objects');
    const withCodec = check(packed.model, { workers: 2, source: packed.source, exploreAll: true });
    const without = check(objects.model, { workers: 2, source: objects.source, exploreAll: true });
    const one = check(packed.model, { exploreAll: true });
    for (const r of [withCodec, without]) {
      expect(r.status).toBe('ok');
      expect(r.stats.workers).toBe(2);
      expect([r.stats.states, r.stats.transitions, r.stats.maxDepth]).toEqual([one.stats.states, one.stats.transitions, one.stats.maxDepth]);
    }
  }, 60_000);

  it('Two-Phase Commit n = 5 on 3 workers: the same counts as on one', () => {
    const { model, source } = tpc(5, 'packed');
    const many = check(model, { workers: 3, source, exploreAll: true });
    const one = check(model, { exploreAll: true });
    expect([many.stats.states, many.stats.transitions, many.stats.maxDepth]).toEqual([one.stats.states, one.stats.transitions, one.stats.maxDepth]);
  }, 60_000);

  it('a codec that loses part of a state: ModelError codec-not-roundtrip from a worker, with a trace', () => {
    const { model, source } = tpc(4, 'lossy');
    const e = modelErrorOf(() => check(model, { workers: 2, source, exploreAll: true }));
    expect(e.code).toBe('codec-not-roundtrip');
    expect(e.message).toMatch(/codec\.unpack\(codec\.pack\(state\)\) is not the state/);
    expect(e.trace.length).toBeGreaterThan(1);
  }, 60_000);

  it('a codec that throws: ModelError codec-threw from a worker', () => {
    const { model, source } = tpc(4, 'throws');
    const e = modelErrorOf(() => check(model, { workers: 2, source, exploreAll: true }));
    expect(e.code).toBe('codec-threw');
    expect(e.message).toMatch(/codec\.unpack\(from, at\) threw Error: boom/);
  }, 60_000);

  it('a violation found by workers from packed states: as short as one worker\'s, and its replay reproduces it', () => {
    const { model, source } = tpc(4, 'all-committed');
    const one = check(model);
    const many = check(model, { workers: 2, source });
    expect(many.status).toBe('violated');
    const v = many.violations[0]!;
    expect(v.trace.length).toBe(one.violations[0]!.trace.length);
    expect(v.trace.length - 1).toBe(3 * 4 + 1);
    const replayed = replayOutcome(model, v.replay);
    expect(replayed.trace).toEqual(v.trace);
    expect(replayed.violated.map((x) => x.property)).toEqual(['never all committed']);
  }, 60_000);

  it('Die Hard with a three-word codec on 2 workers: violated in 6 steps, every state found', () => {
    const model = dieHardPacked();
    const source = modelSource(url, 'dieHardPacked');
    const many = check(model, { workers: 2, source, exploreAll: true });
    expect(many.status).toBe('violated');
    expect(many.stats.states).toBe(16);
    expect(many.violations[0]!.trace.length - 1).toBe(6);
    expect(replayOutcome(model, many.violations[0]!.replay).trace).toEqual(many.violations[0]!.trace);
  }, 60_000);

  // The fingerprint a worker offers for a terminal state is the one it keeps beside the state
  // (found, copied from another worker, or rebuilt by replay): a wrong one would show another.
  // With the leaf in the low half, every leaf shares its high half: the low halves copied with a
  // packed state handed over decide.
  it.each([
    [true, 2, 'high'],
    [true, 3, 'high'],
    [false, 2, 'high'],
    [true, 2, 'low'],
    [false, 2, 'low'],
  ] as const)('among 400 violating leaves, half of them handed over (packed: %s, %i workers, leaves told apart in the %s half), shows the one of least fingerprint', (packed, workers, leafIn) => {
    const width = 401;
    const print = new Int32Array(2);
    const key = (leaf: number) => {
      fanFingerprint({ stage: 2, leaf }, print, leafIn);
      return [print[0]! >>> 0, print[1]! >>> 0] as const;
    };
    const least = Array.from({ length: width - 1 }, (_, i) => i + 1).reduce((x, y) => {
      const [p, q] = [key(x), key(y)];
      return p[0] < q[0] || (p[0] === q[0] && p[1] < q[1]) ? x : y;
    });
    const r = check(fanOut(width, packed, leafIn), { workers, source: modelSource(url, 'fanOut', width, packed, leafIn) });
    expect(r.status).toBe('violated');
    expect(r.violations[0]!.trace.at(-1)!.state).toEqual({ stage: 2, leaf: least });
  }, 60_000);
});
