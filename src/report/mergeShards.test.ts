import { describe, expect, it } from 'vitest';
import { mergeShards, ShardMergeError, type NamedShardResult } from './mergeShards.ts';
import { questionHash, SHARD_FORMAT, SHARD_FORMAT_VERSION, type ShardQuestion, type ShardResult, type ShardVerdict } from './ShardResult.ts';

const PROPERTIES = [
  { name: 'no-loss', kind: 'atQuiescence' },
  { name: 'order', kind: 'always' },
  { name: 'sometimes: crash', kind: 'sometimes' },
];

function question(over: Partial<ShardQuestion> = {}): ShardQuestion {
  return {
    cdcCheck: '0.1.0',
    mode: 'exhaustive',
    scope: 'small',
    symmetry: false,
    exactKeys: false,
    count: 4,
    scenarios: [{ id: 's', model: 'm', version: '1', properties: PROPERTIES, expected: { 'no-loss': 'violated', order: 'holds' } }],
    ...over,
  };
}

const settled: ShardVerdict = { verdict: 'settled' };
const violated = (traceLength: number, replay = `cdc1:m@1:0:${traceLength}:00000000`): ShardVerdict => ({ verdict: 'violated', replay, traceLength });

/** Shard `index`'s result file, named `s<index>.json`; verdicts default to settled / witnessed. */
function shard(index: number, verdicts: Record<string, ShardVerdict> = {}, over: { question?: ShardQuestion; reason?: string } = {}): NamedShardResult {
  const q = over.question ?? question();
  const result: ShardResult = {
    format: SHARD_FORMAT,
    formatVersion: SHARD_FORMAT_VERSION,
    shard: { index, count: q.count },
    questionHash: questionHash(q),
    question: q,
    scenarios: [
      {
        id: 's',
        states: 100 + index,
        transitions: 300,
        ms: 10 * (index + 1),
        ...(over.reason ? { reason: over.reason } : {}),
        slice: { depth: 5, frontier: 40, kept: 10, prefixStates: 30 },
        verdicts: { 'no-loss': settled, order: settled, 'sometimes: crash': { verdict: 'witnessed' }, ...verdicts },
      },
    ],
  };
  return { file: `s${index}.json`, result };
}

describe('mergeShards', () => {
  it('holds a property only when every shard is present and settled it; keeps the shortest counterexample', () => {
    const merged = mergeShards([shard(2, { 'no-loss': violated(7) }), shard(0), shard(1, { 'no-loss': violated(5) }), shard(3, { 'no-loss': violated(5, 'cdc1:m@1:0:later:00000000') })]);
    expect(merged.present).toEqual([0, 1, 2, 3]);
    expect(merged.missing).toEqual([]);
    const [s] = merged.scenarios;
    expect(s!.violations).toEqual([{ property: 'no-loss', kind: 'atQuiescence', replay: 'cdc1:m@1:0:5:00000000', traceLength: 5, shard: 1 }]);
    expect(s!.undecided).toEqual([]);
    expect(s!.neverReached).toEqual([]);
    expect(s!.gaps).toEqual([]);
    expect(s!.states).toBe(100 + 101 + 102 + 103);
    expect(s!.ms).toBe(40);
    expect(s!.redundantStates).toBe(3 * 30);
    expect(s!.dealt).toEqual({ depth: 5, frontier: 40 });
  });

  it('leaves undecided, and names, what a missing shard or a shard cut short might hide; a violation still stands', () => {
    const missing = mergeShards([shard(0, { 'no-loss': violated(4) }), shard(1), shard(3)]);
    expect(missing.missing).toEqual([2]);
    expect(missing.scenarios[0]!.violations.map((v) => v.property)).toEqual(['no-loss']);
    expect(missing.scenarios[0]!.undecided).toEqual(['order']);
    expect(missing.scenarios[0]!.gaps).toEqual(['missing shard 2/4']);
    const cut = mergeShards([shard(0), shard(1, { order: { verdict: 'undecided' } }, { reason: 'state bound of 9 distinct states reached at depth 3' }), shard(2), shard(3)]);
    expect(cut.scenarios[0]!.undecided).toEqual(['order']);
    expect(cut.scenarios[0]!.gaps).toEqual(['shard 1/4: state bound of 9 distinct states reached at depth 3']);
  });

  it('reaches a sometimes when any shard reached it, and calls it never reached only when every shard searched its share to the end', () => {
    const none = { 'sometimes: crash': { verdict: 'unwitnessed' } } as const;
    const one = mergeShards([shard(0, none), shard(1, none), shard(2), shard(3, none)]);
    expect(one.scenarios[0]!.neverReached).toEqual([]);
    expect(one.scenarios[0]!.undecided).toEqual([]);
    const nowhere = mergeShards([0, 1, 2, 3].map((i) => shard(i, none)));
    expect(nowhere.scenarios[0]!.neverReached).toEqual(['sometimes: crash']);
    const three = mergeShards([0, 1, 2].map((i) => shard(i, none)));
    expect(three.scenarios[0]!.neverReached).toEqual([]);
    expect(three.scenarios[0]!.undecided).toContain('sometimes: crash');
  });

  it('refuses shards of different checks, naming the files and what differs, and a shard given twice', () => {
    const other = shard(1, {}, { question: question({ mode: 'random', seed: 42, runs: 200, maxSteps: 100 }) });
    expect(() => mergeShards([shard(0), other])).toThrow(new ShardMergeError('s1.json and s0.json are shards of different checks (mode exhaustive vs random, seed undefined vs 42, runs undefined vs 200, maxSteps undefined vs 100)'));
    const moreShards = shard(1, {}, { question: question({ count: 8 }) });
    expect(() => mergeShards([shard(0), moreShards])).toThrow('(shard count 4 vs 8)');
    const newerModel = question();
    newerModel.scenarios = [{ ...newerModel.scenarios[0]!, version: '2' }];
    expect(() => mergeShards([shard(0), shard(1, {}, { question: newerModel })])).toThrow('(scenario s: model m@1 vs m@2, or its properties or expected verdicts)');
    expect(() => mergeShards([shard(0), shard(1), { ...shard(1), file: 'copy.json' }])).toThrow('shard 1/4 is given twice: s1.json and copy.json');
    expect(() => mergeShards([])).toThrow('no shard results to merge');
  });
});
