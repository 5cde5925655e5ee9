import { describe, expect, it } from 'vitest';
import { check } from './check.ts';
import { CollapseCodec } from './CollapseCodec.ts';
import { modelSource } from './ModelSource.ts';
import { replayOutcome } from './replay.ts';
import { stableKey } from './stableKey.ts';
import { twoPhaseParts, type PartsVariant } from './fixtures/collapseModels.ts';

interface Rec {
  a?: unknown;
  b?: unknown;
  c?: unknown;
}

/** `state` packed into fresh words at an offset, and the words. */
function packed(codec: CollapseCodec<Rec>, state: Rec, at = 2): Int32Array {
  const into = new Int32Array(at + codec.words).fill(-7);
  codec.pack(state, into, at);
  return into;
}

describe('CollapseCodec: one number per field, each distinct value kept once', () => {
  it('unpacks a record of the same stable JSON, fields in the order given, an undefined field left out', () => {
    const codec = new CollapseCodec<Rec>(['c', 'a', 'b']);
    const states: Rec[] = [
      { a: { x: [1, 2], y: 'p' }, b: [null, true], c: 'text' },
      { a: 3.5, b: false, c: null },
      { a: -1, b: { nested: { deep: ['q'] } } },
      { a: [], b: {}, c: 0 },
    ];
    for (const s of states) {
      const back = codec.unpack(packed(codec, s), 2);
      expect(stableKey(back)).toBe(stableKey(s));
      expect(Object.keys(back)).toEqual(['c', 'a', 'b'].filter((f) => (s as Record<string, unknown>)[f] !== undefined));
    }
    expect(codec.words).toBe(3);
  });

  it('writes only its own words, at the offset given', () => {
    const codec = new CollapseCodec<Rec>(['a', 'b']);
    const words = new Int32Array(7).fill(-7);
    codec.pack({ a: 'x', b: [1] }, words, 3);
    expect([...words.subarray(0, 3)]).toEqual([-7, -7, -7]);
    expect([...words.subarray(5)]).toEqual([-7, -7]);
    expect(codec.unpack(words, 3)).toEqual({ a: 'x', b: [1] });
  });

  it('keeps thousands of distinct values of one field, each given back whole', () => {
    const codec = new CollapseCodec<Rec>(['a']);
    const values = Array.from({ length: 3000 }, (_, i) => ({ i, list: [i % 7] }));
    const words = new Int32Array(values.length);
    values.forEach((a, i) => codec.pack({ a }, words, i));
    values.forEach((a, i) => expect(codec.unpack(words, i).a).toBe(a));
    expect(codec.sizes()).toEqual({ a: 3000 });
  });

  it('keeps a first value of thousands of parts, numbered past twice the room it started with', () => {
    const codec = new CollapseCodec<Rec>(['a']);
    const big = Array.from({ length: 3000 }, (_, i) => ({ i }));
    const words = packed(codec, { a: big }, 0);
    expect(codec.unpack(words, 0).a).toBe(big);
  });

  it('gives equal values equal numbers, whatever their identity or field order, and different values different numbers', () => {
    const codec = new CollapseCodec<Rec>(['a', 'b']);
    const one = packed(codec, { a: { x: 1, y: [2] }, b: 'same' });
    const equal = packed(codec, { a: { y: [2], x: 1 }, b: 'same' });
    const other = packed(codec, { a: { x: 1, y: [3] }, b: 'same' });
    expect([...equal]).toEqual([...one]);
    expect(other[2]).not.toBe(one[2]);
    expect(other[3]).toBe(one[3]);
    // 1 and '1', null and a missing field, [] and {}: told apart.
    const kinds = [1, '1', null, undefined, [], {}, true, false].map((v) => packed(codec, { a: v, b: 0 })[2]);
    expect(new Set(kinds).size).toBe(kinds.length);
  });

  it('tells a field\'s objects from its other values that share their number but for the kind', () => {
    const codec = new CollapseCodec<Rec>(['a']);
    const values: unknown[] = [{ v: 1 }, 'x', [2], 7.5, 'y', { w: [] }, null, true, 3];
    const words = values.map((a) => packed(codec, { a }, 0));
    words.forEach((w, i) => expect(codec.unpack(w, 0).a).toEqual(values[i]));
  });

  it('gives back the value it kept first, by identity, and keeps each distinct value once', () => {
    const codec = new CollapseCodec<Rec>(['a', 'b']);
    const first = { list: [1, 2] };
    const words = packed(codec, { a: first, b: 1 });
    const again = packed(codec, { a: { list: [1, 2] }, b: 2 });
    expect(codec.unpack(again, 2).a).toBe(first);
    expect(codec.unpack(words, 2).a).toBe(first);
    packed(codec, { a: { list: [3] }, b: 1 });
    expect(codec.sizes()).toEqual({ a: 2, b: 2 });
  });

  it('numbers a value met again among the last two by identity, as when first met', () => {
    const codec = new CollapseCodec<Rec>(['a']);
    const x = { v: 'x' };
    const y = { v: 'y' };
    const z = { v: 'z' };
    const order = [x, y, x, y, z, x, z, y].map((a) => packed(codec, { a })[2]);
    const fresh = new CollapseCodec<Rec>(['a']);
    const byContent = [x, y, x, y, z, x, z, y].map((a) => packed(fresh, { a: { ...a } })[2]);
    expect(order).toEqual(byContent);
    expect(new Set(order).size).toBe(3);
  });

  it('refuses words it never wrote, with what went wrong', () => {
    const codec = new CollapseCodec<Rec>(['a']);
    packed(codec, { a: { v: 1 } });
    expect(() => codec.unpack(Int32Array.of(4 * 1000 + 2), 0)).toThrow(/no value was packed under id 4002: these words were not packed by this codec/);
    expect(() => codec.unpack(Int32Array.of(4 * 7 + 1), 0)).toThrow(/no value was packed under id 29/);
  });

  it('needs fields, each once', () => {
    expect(() => new CollapseCodec([])).toThrow(/at least one field/);
    expect(() => new CollapseCodec(['a', 'b', 'a'])).toThrow(/a field is listed twice in a, b, a/);
  });

  it('is local: its numbers are its own', () => {
    expect(new CollapseCodec(['a']).local).toBe(true);
  });
});

const url = new URL('./fixtures/collapseModels.ts', import.meta.url);
const parts = (n: number, variant: PartsVariant) => ({ model: twoPhaseParts(n, variant), source: modelSource(url, 'twoPhaseParts', n, variant) });

describe('check with a CollapseCodec', () => {
  it.each([3, 4, 5])('Two-Phase Commit in parts, n = %i: the same states, transitions and depth as with objects and as the numeric fixture', (n) => {
    const collapsed = check(twoPhaseParts(n, 'collapse'), { exploreAll: true });
    const objects = check(twoPhaseParts(n, 'objects'), { exploreAll: true });
    expect(collapsed.status).toBe('ok');
    expect([collapsed.stats.states, collapsed.stats.transitions, collapsed.stats.maxDepth]).toEqual([objects.stats.states, objects.stats.transitions, objects.stats.maxDepth]);
    expect(collapsed.stats.states).toEqual([288, 1568, 8832][n - 3]);
  });

  it('a violation found from packed states: the same trace as with objects, which replays', () => {
    const collapsed = check(twoPhaseParts(3, 'all-committed'));
    const objects = check({ ...twoPhaseParts(3, 'all-committed'), codec: undefined });
    expect(collapsed.status).toBe('violated');
    const [v] = collapsed.violations;
    expect(v!.trace.length).toBe(3 * 3 + 2);
    expect(v!.trace.map((s) => s.action)).toEqual(objects.violations[0]!.trace.map((s) => s.action));
    const replayed = replayOutcome(twoPhaseParts(3, 'all-committed'), v!.replay);
    expect(replayed.trace).toEqual(v!.trace);
    expect(replayed.violated.map((x) => x.property)).toEqual(['never all committed']);
  });

  it('on 2 workers: nothing copied between them, the same counts as on one', () => {
    const { model, source } = parts(5, 'collapse');
    const many = check(model, { workers: 2, source, exploreAll: true });
    const one = check(twoPhaseParts(5, 'collapse'), { exploreAll: true });
    expect(many.status).toBe('ok');
    expect(many.stats.workers).toBe(2);
    expect([many.stats.states, many.stats.transitions, many.stats.maxDepth]).toEqual([one.stats.states, one.stats.transitions, one.stats.maxDepth]);
  }, 60_000);

  it('on 2 workers, the same codec claimed not local: a worker unpacks words another packed, and the search fails', () => {
    const { model, source } = parts(5, 'copied');
    expect(() => check(model, { workers: 2, source, exploreAll: true })).toThrow(/codec\.unpack\(from, at\) threw RangeError: no value was packed under id/);
  }, 60_000);
});
