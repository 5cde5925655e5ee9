import { getHeapStatistics } from 'node:v8';
import type { CheckMode, CheckOptions, Progress, Reduction } from './CheckResult.ts';
import { InvalidOptionError } from './CheckerError.ts';
import type { Model } from './Model.ts';
import { validateModelSource, type ModelSource } from './ModelSource.ts';
import { shardSeed, type Shard } from './Shard.ts';

/** `CheckOptions` with every default filled in and every value validated. */
export interface ResolvedOptions {
  mode: CheckMode;
  maxStates: number;
  maxDepth: number;
  timeoutMs: number;
  maxMemoryMb: number;
  seed: number;
  runs: number;
  maxSteps: number;
  symmetry: boolean;
  exactKeys: boolean;
  exploreAll: boolean;
  /** Exhaustive: the part of the search this shard explores; undefined for all of it (random mode folds it into `seed`). */
  shard: Shard | undefined;
  onProgress: ((progress: Progress) => void) | undefined;
  /** Exhaustive: worker threads; 1 searches in this thread. */
  workers: number;
  /** Where workers import the model from; set whenever `workers` > 1. */
  source: ModelSource | undefined;
  /** Exhaustive: the state-space reduction asked for. */
  reduction: Reduction;
  /** Exhaustive: subsumption by the model's budgets. */
  subsumption: boolean;
}

const KNOWN = new Set([
  'mode', 'maxStates', 'maxDepth', 'timeoutMs', 'maxMemoryMb', 'seed', 'runs', 'maxSteps', 'symmetry', 'exactKeys', 'exploreAll', 'shard', 'workers', 'source', 'reduction', 'subsumption', 'onProgress',
]);

/** A value as the caller wrote it: numbers as numbers (JSON would turn NaN and Infinity into null). */
function shown(v: unknown): string {
  return typeof v === 'number' || typeof v === 'bigint' ? String(v) : (JSON.stringify(v) ?? String(v));
}

function positiveInt(options: CheckOptions, name: keyof CheckOptions, fallback: number, min = 1): number {
  const v = options[name];
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) {
    throw new InvalidOptionError(
      `option ${name} must be an integer ≥ ${min}, got ${shown(v)}`,
      `Pass ${name} as a whole number, e.g. { ${name}: ${fallback === Infinity ? 1000 : fallback} }, or leave it out for the default.`,
    );
  }
  return v;
}

/**
 * Validates `options` against `model` and fills in defaults.
 *
 * Throws `InvalidOptionError` for an unknown option name, a malformed value, or a request the
 * model cannot honour (symmetry without `model.representative`). Pure.
 */
export function resolveOptions<S, A>(model: Model<S, A>, options: CheckOptions = {}): ResolvedOptions {
  if (options === null || typeof options !== 'object') {
    throw new InvalidOptionError(`options must be an object, got ${JSON.stringify(options)}`, 'Pass e.g. { mode: "exhaustive" }.');
  }
  for (const name of Object.keys(options)) {
    if (!KNOWN.has(name)) {
      throw new InvalidOptionError(`unknown option ${JSON.stringify(name)}`, `Known options: ${[...KNOWN].join(', ')}.`);
    }
  }
  const mode = options.mode ?? 'exhaustive';
  if (mode !== 'exhaustive' && mode !== 'random') {
    throw new InvalidOptionError(`option mode must be "exhaustive" or "random", got ${JSON.stringify(mode)}`, 'Use mode: "exhaustive" (the default) or mode: "random".');
  }
  const seed = options.seed ?? 42;
  if (typeof seed !== 'number' || !Number.isInteger(seed)) {
    throw new InvalidOptionError(`option seed must be an integer, got ${shown(seed)}`, 'Pass a whole number such as { seed: 42 }.');
  }
  const symmetry = options.symmetry ?? false;
  if (typeof symmetry !== 'boolean') {
    throw new InvalidOptionError(`option symmetry must be true or false, got ${JSON.stringify(symmetry)}`, 'Pass { symmetry: true } to enable symmetry reduction.');
  }
  if (symmetry && !model.representative) {
    throw new InvalidOptionError(
      `model ${model.name} has no representative(state), so symmetry reduction cannot be applied`,
      'Implement representative(state) in the model, or drop the symmetry option.',
    );
  }
  const exactKeys = options.exactKeys ?? false;
  if (typeof exactKeys !== 'boolean') {
    throw new InvalidOptionError(`option exactKeys must be true or false, got ${JSON.stringify(exactKeys)}`, 'Pass { exactKeys: true } to keep full keys instead of 64-bit fingerprints.');
  }
  const exploreAll = options.exploreAll ?? false;
  if (typeof exploreAll !== 'boolean') {
    throw new InvalidOptionError(`option exploreAll must be true or false, got ${JSON.stringify(exploreAll)}`, 'Pass { exploreAll: true } to keep exploring after every property is decided.');
  }
  if (options.onProgress !== undefined && typeof options.onProgress !== 'function') {
    throw new InvalidOptionError('option onProgress must be a function', 'Pass a callback (progress) => void, or leave it out.');
  }
  const shard = resolveShard(model, mode, options.shard);
  const source = options.source === undefined ? undefined : validateModelSource(options.source);
  const workers = options.workers === undefined ? workersByEnvironment({ exhaustive: mode === 'exhaustive', shard: shard !== undefined, exactKeys, source: source !== undefined }) : positiveInt(options, 'workers', 1);
  if (workers > 1) {
    const why = mode !== 'exhaustive' ? 'random mode' : shard ? 'shard' : exactKeys ? 'exactKeys' : !source ? 'no source' : undefined;
    if (why === 'no source') {
      throw new InvalidOptionError(
        `option workers is ${workers}, but no source says where a worker can import model ${model.name} from`,
        'A worker thread cannot receive the model object: pass { source: modelSource(moduleUrl, exportName, ...args) } naming the export that builds it, or leave workers out.',
      );
    }
    if (why !== undefined) {
      throw new InvalidOptionError(`option workers > 1 cannot be combined with ${why}`, 'The parallel search is exhaustive, keeps fingerprints and searches the whole space: drop workers, or the other option.');
    }
  }
  const others = { shard: shard !== undefined && shard.count > 1, random: mode === 'random' };
  const reduction = options.reduction === undefined ? reductionByEnvironment(model, others) : resolveReduction(model, options.reduction, others);
  return {
    mode,
    maxStates: positiveInt(options, 'maxStates', 5_000_000),
    maxDepth: positiveInt(options, 'maxDepth', Infinity, 0),
    timeoutMs: positiveInt(options, 'timeoutMs', Infinity),
    maxMemoryMb: positiveInt(options, 'maxMemoryMb', Math.floor((0.7 * getHeapStatistics().heap_size_limit) / 2 ** 20)),
    seed: shard && mode === 'random' ? shardSeed(seed, shard) : seed,
    runs: positiveInt(options, 'runs', 200),
    maxSteps: positiveInt(options, 'maxSteps', 100),
    symmetry,
    exactKeys,
    exploreAll,
    shard: mode === 'exhaustive' ? shard : undefined,
    onProgress: options.onProgress,
    workers,
    source,
    reduction,
    subsumption: resolveSubsumption(model, options.subsumption, others),
  };
}

/**
 * Validates the `subsumption` option: it needs the model's `budgets`, and is refused with shards
 * and in random mode, where it has not been shown sound. Default false.
 */
function resolveSubsumption<S, A>(model: Model<S, A>, value: unknown, others: { shard: boolean; random: boolean }): boolean {
  if (value === undefined) return false;
  if (typeof value !== 'boolean') throw new InvalidOptionError(`option subsumption must be true or false, got ${shown(value)}`, 'Pass { subsumption: true } to skip states covered by one with more budget left, or leave it out.');
  if (!value) return false;
  if (!model.budgets) {
    throw new InvalidOptionError(
      `model ${model.name} declares no budgets, so subsumption cannot be applied`,
      'Give the model a budgets declaration (most, left and withLeft; see src/engine/Budgets.ts), or drop the subsumption option.',
    );
  }
  const clash = others.random ? 'random mode' : others.shard ? 'shard' : undefined;
  if (clash) throw new InvalidOptionError(`option subsumption cannot be combined with ${clash}`, 'Subsumption runs in a whole exhaustive search, not in random mode or a shard: drop one of the two options.');
  return true;
}

/** The environment variable that `cdc-check run --workers N` sets for the script it runs. */
export const WORKERS_ENV = 'CDC_CHECK_WORKERS';

/**
 * The worker count when the caller gave none: N when `CDC_CHECK_WORKERS=N` asks for it
 * (`cdc-check run --workers N`) and the check can take it (an exhaustive search of the whole
 * space with fingerprints, whose caller said where workers import the model from: `source`);
 * otherwise 1, as without the variable.
 */
function workersByEnvironment(check: { exhaustive: boolean; shard: boolean; exactKeys: boolean; source: boolean }): number {
  const text = process.env[WORKERS_ENV];
  if (text === undefined || text === '') return 1;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) {
    throw new InvalidOptionError(`environment variable ${WORKERS_ENV} must be a whole number ≥ 1, got ${JSON.stringify(text)}`, `Set ${WORKERS_ENV}=2 (as cdc-check run --workers 2 does), or unset it.`);
  }
  return check.exhaustive && !check.shard && !check.exactKeys && check.source ? n : 1;
}

/** The environment variable that `cdc-check run --por` sets for the script it runs. */
export const REDUCTION_ENV = 'CDC_CHECK_REDUCTION';

/**
 * The reduction when the caller gave none: `'por'` when `CDC_CHECK_REDUCTION=por` asks for it
 * (`cdc-check run --por`) and the check can take it (an exhaustive search without a shard, of a
 * model that declares independence); otherwise `'none'`, as without the variable.
 */
function reductionByEnvironment<S, A>(model: Model<S, A>, others: { shard: boolean; random: boolean }): Reduction {
  if (process.env[REDUCTION_ENV] !== 'por' || !model.independence) return 'none';
  return others.shard || others.random ? 'none' : 'por';
}

/**
 * Validates the `reduction` option: `'por'` needs the model's `independence` declaration, and is
 * refused with shards, whose soundness together with the reduction is not established (so no
 * verdict rests on it). Several workers reduce as one does; with symmetry, the ample sets are
 * chosen in the states the search keeps (docs/partial-order-reduction.md, "With symmetry").
 */
function resolveReduction<S, A>(model: Model<S, A>, value: unknown, others: { shard: boolean; random: boolean }): Reduction {
  if (value === undefined || value === 'none') return 'none';
  if (value !== 'por') throw new InvalidOptionError(`option reduction must be "none" or "por", got ${shown(value)}`, 'Use reduction: "por" for partial-order reduction, or leave it out.');
  if (!model.independence) {
    throw new InvalidOptionError(
      `model ${model.name} declares no independence, so partial-order reduction cannot be applied`,
      'Give the model an independence declaration (footprint and reach; see src/engine/Independence.ts), or drop the reduction option.',
    );
  }
  const clash = others.random ? 'random mode' : others.shard ? 'shard' : undefined;
  if (clash) {
    throw new InvalidOptionError(`option reduction "por" cannot be combined with ${clash}`, 'Partial-order reduction runs in a whole exhaustive search, not in random mode or a shard: drop one of the two options.');
  }
  return 'por';
}

/**
 * Validates the `shard` option. Throws `InvalidOptionError` for a malformed one, and for an
 * exhaustive shard of a model with `eventually` properties: a lasso can run through several
 * shards' subtrees, so no shard could refute the property and their merge would be unsound.
 */
function resolveShard<S, A>(model: Model<S, A>, mode: CheckMode, shard: unknown): Shard | undefined {
  if (shard === undefined) return undefined;
  const example = 'Pass e.g. { shard: { index: 0, count: 4 } }: index from 0 to count - 1.';
  if (shard === null || typeof shard !== 'object') throw new InvalidOptionError(`option shard must be an object { index, count }, got ${shown(shard)}`, example);
  const { index, count } = shard as Record<string, unknown>;
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > 2 ** 31) {
    throw new InvalidOptionError(`option shard.count must be an integer from 1 to 2³¹, got ${shown(count)}`, example);
  }
  if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index >= count) {
    throw new InvalidOptionError(`option shard.index must be an integer from 0 to ${count - 1}, got ${shown(index)}`, example);
  }
  const eventually = model.properties.filter((p) => p.kind === 'eventually').map((p) => p.name);
  if (mode === 'exhaustive' && count > 1 && eventually.length > 0) {
    throw new InvalidOptionError(
      `model ${model.name} has eventually properties (${eventually.join(', ')}), and an exhaustive search split into shards cannot check them`,
      'A lasso can run through several shards\' subtrees, so no shard sees it: check this model unsharded, or with mode: "random", where shards are sound.',
    );
  }
  return { index, count };
}
