import { afterEach, describe, expect, it } from 'vitest';
import { InvalidOptionError } from './CheckerError.ts';
import type { CheckOptions } from './CheckResult.ts';
import type { Model } from './Model.ts';
import { modelSource } from './ModelSource.ts';
import { eventually } from './Property.ts';
import { REDUCTION_ENV, resolveOptions, WORKERS_ENV } from './resolveOptions.ts';
import { shardSeed } from './Shard.ts';
import { dieHard, type JugAction, type Jugs } from './fixtures/dieHard.ts';
import { independentCounters } from './fixtures/porModels.ts';

/** The `InvalidOptionError` that resolving `options` for `model` throws, as [message, hint]. */
function refusal<S, A>(model: Model<S, A>, options: CheckOptions): [string, string] {
  try {
    resolveOptions(model, options);
  } catch (e) {
    if (e instanceof InvalidOptionError) return [e.message, e.hint];
    throw e;
  }
  throw new Error('expected an InvalidOptionError');
}

const source = modelSource('file:///models/counters.ts', 'counters');
/** A model that declares independence and has a representative: every option combination applies. */
const counters = (): Model<number[], number> => ({ ...independentCounters(2, 2), representative: (s) => s });
const example = 'Pass e.g. { shard: { index: 0, count: 4 } }: index from 0 to count - 1.';

afterEach(() => {
  delete process.env[WORKERS_ENV];
  delete process.env[REDUCTION_ENV];
});

describe('resolveOptions: shard', () => {
  it('refuses what is not an object { index, count }, null too', () => {
    expect(refusal(dieHard(), { shard: null as never })).toEqual(['option shard must be an object { index, count }, got null', example]);
    expect(refusal(dieHard(), { shard: 3 as never })).toEqual(['option shard must be an object { index, count }, got 3', example]);
  });
  it('takes a count from 1 to 2³¹ and an index from 0 to count - 1, whole numbers only', () => {
    for (const count of [0, 1.5, 2 ** 31 + 1, '2']) {
      expect(refusal(dieHard(), { shard: { index: 0, count } as never })).toEqual([`option shard.count must be an integer from 1 to 2³¹, got ${JSON.stringify(count)}`, example]);
    }
    for (const index of [-1, 0.5, 3, '0']) {
      expect(refusal(dieHard(), { shard: { index, count: 3 } as never })).toEqual([`option shard.index must be an integer from 0 to 2, got ${JSON.stringify(index)}`, example]);
    }
    expect(refusal(dieHard(), { shard: { index: 0, count: 10n } as never })).toEqual(['option shard.count must be an integer from 1 to 2³¹, got 10', example]);
    expect(resolveOptions(dieHard(), { shard: { index: 2 ** 31 - 1, count: 2 ** 31 } }).shard).toEqual({ index: 2 ** 31 - 1, count: 2 ** 31 });
  });
  it('with eventually properties: refused in exhaustive shards, taken in random mode and by a single shard', () => {
    const model: Model<Jugs, JugAction> = { ...dieHard(), properties: [eventually<Jugs>('big holds 4', (s) => s.big === 4), eventually<Jugs>('small holds 2', (s) => s.small === 2)] };
    expect(refusal(model, { shard: { index: 0, count: 2 } })).toEqual([
      'model die-hard has eventually properties (big holds 4, small holds 2), and an exhaustive search split into shards cannot check them',
      'A lasso can run through several shards\' subtrees, so no shard sees it: check this model unsharded, or with mode: "random", where shards are sound.',
    ]);
    expect(resolveOptions(model, { shard: { index: 1, count: 2 }, mode: 'random' }).shard).toBeUndefined();
    expect(resolveOptions(model, { shard: { index: 0, count: 1 } }).shard).toEqual({ index: 0, count: 1 });
  });
  it('is kept for an exhaustive search, and folded into the seed in random mode', () => {
    const exhaustive = resolveOptions(dieHard(), { shard: { index: 1, count: 2 }, seed: 7 });
    expect([exhaustive.shard, exhaustive.seed]).toEqual([{ index: 1, count: 2 }, 7]);
    const random = resolveOptions(dieHard(), { shard: { index: 1, count: 2 }, seed: 7, mode: 'random' });
    expect([random.shard, random.seed]).toEqual([undefined, shardSeed(7, { index: 1, count: 2 })]);
    expect(random.seed).not.toBe(7);
  });
});

describe('resolveOptions: workers from the environment', () => {
  it('takes CDC_CHECK_WORKERS only for an exhaustive, unsharded search with a source; empty means 1', () => {
    process.env[WORKERS_ENV] = '3';
    expect(resolveOptions(counters(), { source }).workers).toBe(3);
    expect(resolveOptions(counters(), { source, mode: 'random' }).workers).toBe(1);
    expect(resolveOptions(counters(), { source, shard: { index: 0, count: 2 } }).workers).toBe(1);
    // Any shard, even the whole space as 0/1: workers and a shard are refused together, so a
    // default from the environment must not turn a valid sharded check into a refused one.
    expect(resolveOptions(counters(), { source, shard: { index: 0, count: 1 } }).workers).toBe(1);
    // Without a source, or with exact keys, one worker, never the error of workers without them.
    expect(resolveOptions(counters(), {}).workers).toBe(1);
    expect(resolveOptions(counters(), { source, exactKeys: true }).workers).toBe(1);
    process.env[WORKERS_ENV] = '1';
    expect(resolveOptions(counters(), { source }).workers).toBe(1);
    process.env[WORKERS_ENV] = '';
    expect(resolveOptions(counters(), { source }).workers).toBe(1);
  });
  it('refuses a CDC_CHECK_WORKERS that is not a whole number ≥ 1, and says how to set it', () => {
    for (const text of ['0', '1.5', '-2']) {
      process.env[WORKERS_ENV] = text;
      expect(refusal(counters(), { source })).toEqual([
        `environment variable CDC_CHECK_WORKERS must be a whole number ≥ 1, got ${JSON.stringify(text)}`,
        'Set CDC_CHECK_WORKERS=2 (as cdc-check run --workers 2 does), or unset it.',
      ]);
    }
  });
  it('refuses workers it cannot honour, each with its reason and hint', () => {
    expect(refusal(dieHard(), { workers: 2 })).toEqual([
      'option workers is 2, but no source says where a worker can import model die-hard from',
      'A worker thread cannot receive the model object: pass { source: modelSource(moduleUrl, exportName, ...args) } naming the export that builds it, or leave workers out.',
    ]);
    const hint = 'The parallel search is exhaustive, keeps fingerprints and searches the whole space: drop workers, or the other option.';
    expect(refusal(dieHard(), { workers: 2, source, mode: 'random' })).toEqual(['option workers > 1 cannot be combined with random mode', hint]);
    expect(refusal(dieHard(), { workers: 2, source, shard: { index: 0, count: 1 } })).toEqual(['option workers > 1 cannot be combined with shard', hint]);
    expect(refusal(dieHard(), { workers: 2, source, exactKeys: true })).toEqual(['option workers > 1 cannot be combined with exactKeys', hint]);
    expect(resolveOptions(dieHard(), { workers: 2, source })).toMatchObject({ workers: 2, source });
  });
});

describe('resolveOptions: reduction', () => {
  it('refuses anything but "none" and "por", and "por" for a model without independence', () => {
    expect(refusal(dieHard(), { reduction: 'all' as never })).toEqual(['option reduction must be "none" or "por", got "all"', 'Use reduction: "por" for partial-order reduction, or leave it out.']);
    expect(refusal(dieHard(), { reduction: 'por' })).toEqual([
      'model die-hard declares no independence, so partial-order reduction cannot be applied',
      'Give the model an independence declaration (footprint and reach; see src/engine/Independence.ts), or drop the reduction option.',
    ]);
    expect(resolveOptions(counters(), { reduction: 'none' }).reduction).toBe('none');
    expect(resolveOptions(counters(), { reduction: 'por' }).reduction).toBe('por');
  });
  it('refuses "por" with random mode or a shard, naming which, and takes it with workers and symmetry', () => {
    const hint = 'Partial-order reduction runs in a whole exhaustive search, not in random mode or a shard: drop one of the two options.';
    const clash = (options: CheckOptions) => refusal(counters(), { reduction: 'por', ...options });
    expect(clash({ mode: 'random' })).toEqual(['option reduction "por" cannot be combined with random mode', hint]);
    expect(clash({ shard: { index: 0, count: 2 } })).toEqual(['option reduction "por" cannot be combined with shard', hint]);
    expect(resolveOptions(counters(), { reduction: 'por', workers: 2, source }).reduction).toBe('por');
    expect(resolveOptions(counters(), { reduction: 'por', symmetry: true }).reduction).toBe('por');
    expect(resolveOptions(counters(), { reduction: 'por', shard: { index: 0, count: 1 } }).reduction).toBe('por');
  });
  it('takes CDC_CHECK_REDUCTION=por as the default only where the reduction can run', () => {
    process.env[REDUCTION_ENV] = 'por';
    expect(resolveOptions(counters()).reduction).toBe('por');
    expect(resolveOptions(dieHard()).reduction).toBe('none');
    for (const options of [{ mode: 'random' }, { shard: { index: 0, count: 2 } }] as CheckOptions[]) {
      expect(resolveOptions(counters(), options).reduction).toBe('none');
    }
    expect(resolveOptions(counters(), { workers: 2, source }).reduction).toBe('por');
    expect(resolveOptions(counters(), { symmetry: true }).reduction).toBe('por');
    expect(resolveOptions(counters(), { shard: { index: 0, count: 1 } }).reduction).toBe('por');
    process.env[REDUCTION_ENV] = 'none';
    expect(resolveOptions(counters()).reduction).toBe('none');
  });
});

describe('resolveOptions: onProgress', () => {
  it('takes a function, and refuses anything else', () => {
    const onProgress = () => {};
    expect(resolveOptions(dieHard(), { onProgress }).onProgress).toBe(onProgress);
    expect(() => resolveOptions(dieHard(), { onProgress: 5 as never })).toThrow(InvalidOptionError);
  });
});
