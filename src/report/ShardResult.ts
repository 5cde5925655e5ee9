import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Shard } from '../engine/Shard.ts';
import { stableKey } from '../engine/stableKey.ts';
import type { ScenarioRun } from './ScenarioRun.ts';

/** The `format` field of a shard result file. */
export const SHARD_FORMAT = 'cdc-check-shard';
/** The newest version of the shard result format this cdc-check writes and reads. */
export const SHARD_FORMAT_VERSION = 1;

/**
 * What one shard learnt about one property, in its share of the search only:
 * - `violated`: a real counterexample (a valid trace from an initial state), whatever the share;
 * - `settled`: not violated anywhere in the share, which was searched to its end;
 * - `witnessed` / `unwitnessed`: a `sometimes` reached in the share, or nowhere in a share
 *   searched to its end;
 * - `undecided`: the share was cut short (a bound), or sampled at random.
 */
export type ShardVerdict =
  | { verdict: 'violated'; replay: string; traceLength: number }
  | { verdict: 'settled' | 'witnessed' | 'unwitnessed' | 'undecided' };

/** One scenario as one shard checked it. */
export interface ShardScenario {
  id: string;
  /** Distinct states this shard explored (those above the dealt frontier included). */
  states: number;
  transitions: number;
  ms: number;
  /** Why the shard's result is incomplete on its own, as the engine says it. */
  reason?: string;
  /** Exhaustive mode: the frontier dealt out; `depth: null` when none was (the shard saw everything). */
  slice: { depth: number | null; frontier: number; kept: number; prefixStates: number } | null;
  verdicts: Record<string, ShardVerdict>;
}

/**
 * The question every shard of one split answers, the same for all of them: what `merge` checks
 * before it combines anything. Resource bounds (time, memory, states, depth) are not part of it:
 * a shard that hits one says so in its verdicts, and the merge reports it incomplete.
 */
export interface ShardQuestion {
  /** cdc-check's version. */
  cdcCheck: string;
  mode: 'exhaustive' | 'random';
  scope: string;
  /** Random mode: the seed the shards derive theirs from, the schedules and steps per shard. */
  seed?: number;
  runs?: number;
  maxSteps?: number;
  symmetry: boolean;
  exactKeys: boolean;
  count: number;
  scenarios: { id: string; model: string; version: string; properties: { name: string; kind: string }[]; expected: Record<string, 'holds' | 'violated'> }[];
}

/** A shard result file: `cdc-check check --shard i/n --out FILE` writes one, `cdc-check merge` reads them. */
export interface ShardResult {
  format: typeof SHARD_FORMAT;
  formatVersion: number;
  shard: Shard;
  /** SHA-256 of the question's stable JSON: shards answer the same question exactly when these agree. */
  questionHash: string;
  question: ShardQuestion;
  scenarios: ShardScenario[];
}

/** Builds the shard result file of `runs`, checked as shard `shard` under `question` (its `count` must be the shard's). Pure. */
export function shardResultOf(runs: readonly ScenarioRun[], shard: Shard, question: Omit<ShardQuestion, 'scenarios' | 'count'>): ShardResult {
  const full: ShardQuestion = {
    ...question,
    count: shard.count,
    scenarios: runs.map((run) => ({
      id: run.scenario.id,
      model: run.model.name,
      version: run.model.version ?? '1',
      properties: run.model.properties.map((p) => ({ name: p.name, kind: p.kind })),
      expected: { ...(run.scenario.expected as Record<string, 'holds' | 'violated'>) },
    })),
  };
  return {
    format: SHARD_FORMAT,
    formatVersion: SHARD_FORMAT_VERSION,
    shard: { index: shard.index, count: shard.count },
    questionHash: questionHash(full),
    question: full,
    scenarios: runs.map(shardScenarioOf),
  };
}

/** SHA-256 (hex) of the question's stable JSON, keys sorted. Pure. */
export function questionHash(question: ShardQuestion): string {
  return createHash('sha256').update(stableKey(question)).digest('hex');
}

function shardScenarioOf(run: ScenarioRun): ShardScenario {
  const { result } = run;
  const undecided = new Set(result.undecided);
  const shareComplete = result.stats.shard?.complete === true;
  const verdicts: Record<string, ShardVerdict> = {};
  const names = [...new Set([...Object.keys(run.scenario.expected), ...run.model.properties.map((p) => p.name)])];
  for (const name of names) {
    const property = run.model.properties.find((p) => p.name === name);
    const violation = result.violations.find((v) => v.property === name);
    const sometimes = property?.kind === 'sometimes';
    if (!property) verdicts[name] = { verdict: 'undecided' };
    else if (violation) verdicts[name] = sometimes ? { verdict: 'unwitnessed' } : { verdict: 'violated', replay: violation.replay, traceLength: violation.trace.length - 1 };
    else if (undecided.has(name)) verdicts[name] = { verdict: shareComplete ? (sometimes ? 'unwitnessed' : 'settled') : 'undecided' };
    else verdicts[name] = { verdict: sometimes ? 'witnessed' : 'settled' };
  }
  const s = result.stats.shard;
  return {
    id: run.scenario.id,
    states: result.stats.states,
    transitions: result.stats.transitions,
    ms: Math.round(result.stats.ms),
    ...(result.reason === undefined ? {} : { reason: result.reason }),
    slice: s ? { depth: s.depth, frontier: s.frontier, kept: s.kept, prefixStates: s.prefixStates } : null,
    verdicts,
  };
}

/** A shard result file that cannot be read: the message names the first problem and where it is. */
export class ShardFileError extends Error {
  override name = 'ShardFileError';
}

const count = z.number().int().min(0);
const verdictSchema = z.discriminatedUnion('verdict', [
  z.strictObject({ verdict: z.literal('violated'), replay: z.string().min(1), traceLength: count }),
  z.strictObject({ verdict: z.enum(['settled', 'witnessed', 'unwitnessed', 'undecided']) }),
]);
const shardResultSchema = z.strictObject({
  format: z.literal(SHARD_FORMAT),
  formatVersion: z.number().int().min(1).max(SHARD_FORMAT_VERSION),
  shard: z.strictObject({ index: count, count: z.number().int().min(1) }),
  questionHash: z.string().regex(/^[0-9a-f]{64}$/),
  question: z.strictObject({
    cdcCheck: z.string(),
    mode: z.enum(['exhaustive', 'random']),
    scope: z.string(),
    seed: z.number().int().optional(),
    runs: z.number().int().min(1).optional(),
    maxSteps: z.number().int().min(1).optional(),
    symmetry: z.boolean(),
    exactKeys: z.boolean(),
    count: z.number().int().min(1),
    scenarios: z.array(
      z.strictObject({
        id: z.string(),
        model: z.string(),
        version: z.string(),
        properties: z.array(z.strictObject({ name: z.string(), kind: z.enum(['always', 'eventually', 'atQuiescence', 'sometimes']) })),
        expected: z.record(z.string(), z.enum(['holds', 'violated'])),
      }),
    ),
  }),
  scenarios: z.array(
    z.strictObject({
      id: z.string(),
      states: count,
      transitions: count,
      ms: count,
      reason: z.string().optional(),
      slice: z.strictObject({ depth: count.nullable(), frontier: count, kept: count, prefixStates: count }).nullable(),
      verdicts: z.record(z.string(), verdictSchema),
    }),
  ),
});

/**
 * Reads a shard result file's text. Throws `ShardFileError` naming the first problem: not JSON,
 * another format or a newer version, a missing or mistyped field (`scenarios[0].states: expected
 * number, got the string "9"`), a shard index outside its count, a question that does not match
 * its hash (the file was edited), or scenarios that are not the question's.
 */
export function parseShardResult(text: string): ShardResult {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new ShardFileError(`not JSON (${(e as Error).message})`);
  }
  const record = typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as Record<string, unknown>) : undefined;
  if (record?.format !== SHARD_FORMAT) throw new ShardFileError(`not a cdc-check shard result (its "format" is not "${SHARD_FORMAT}")`);
  if (typeof record.formatVersion === 'number' && record.formatVersion > SHARD_FORMAT_VERSION) {
    throw new ShardFileError(`format version ${record.formatVersion} is newer than this cdc-check reads (${SHARD_FORMAT_VERSION})`);
  }
  const parsed = shardResultSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('') || '(the file)';
    throw new ShardFileError(`${where}: ${issue.message.replace(/^Invalid input: /, '')}`);
  }
  const file = parsed.data as ShardResult;
  if (file.shard.count !== file.question.count) throw new ShardFileError(`shard.count is ${file.shard.count}, but the question's count is ${file.question.count}`);
  if (file.shard.index >= file.shard.count) throw new ShardFileError(`shard.index is ${file.shard.index}, outside 0 to ${file.shard.count - 1}`);
  if (questionHash(file.question) !== file.questionHash) throw new ShardFileError('questionHash does not match its question: the file was edited or damaged');
  const asked = file.question.scenarios.map((s) => s.id).join('\u0000');
  if (file.scenarios.map((s) => s.id).join('\u0000') !== asked) throw new ShardFileError("its scenarios are not the ones its question lists");
  return file;
}
