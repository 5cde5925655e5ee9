import type { PropertyKind } from '../engine/Property.ts';
import type { ShardQuestion, ShardResult } from './ShardResult.ts';

/** A shard result file as `merge` got it: its name (for messages) and its content. */
export interface NamedShardResult {
  file: string;
  result: ShardResult;
}

/** A counterexample kept by the merge: the shortest any shard found, and which shard found it. */
export interface MergedViolation {
  property: string;
  kind: PropertyKind;
  replay: string;
  traceLength: number;
  shard: number;
}

/** One scenario's verdicts over every shard. */
export interface MergedScenario {
  id: string;
  properties: { name: string; kind: PropertyKind }[];
  expected: Record<string, 'holds' | 'violated'>;
  violations: MergedViolation[];
  /** `sometimes` properties no shard reached, every shard present and searched to its end. */
  neverReached: string[];
  /** Properties the merge cannot settle: a shard is missing, was cut short, or sampled at random. */
  undecided: string[];
  /** Distinct states summed over the shards (states above the dealt frontier once per shard). */
  states: number;
  transitions: number;
  /** The slowest shard's time: the shards ran side by side. */
  ms: number;
  /**
   * Known redundant work: the states down to the dealt frontier's depth, explored by every shard,
   * counted once per shard but one (every shard's whole search when nothing was dealt out).
   * Subtrees under different frontier states can overlap too; no shard can count that.
   */
  redundantStates: number;
  /** The depth the frontier was dealt out at, and its size; undefined when it never was (or in random mode). */
  dealt?: { depth: number; frontier: number };
  /** Why the merge is incomplete: the shards missing, the shards cut short and how. Empty when nothing is missing. */
  gaps: string[];
}

/** The shards' combined verdicts. */
export interface MergedShards {
  question: ShardQuestion;
  /** Shard indices present and missing, in order. */
  present: number[];
  missing: number[];
  scenarios: MergedScenario[];
}

/** Shard results that cannot be merged: they answer different questions, or one shard comes twice. */
export class ShardMergeError extends Error {
  override name = 'ShardMergeError';
}

/**
 * Combines shard results into one verdict per scenario and property. A property violated in any
 * shard is violated (the shortest counterexample is kept; on a tie, the lowest shard's). It holds
 * only when every shard is present and searched its share to the end without finding it violated;
 * a `sometimes` is reached when any shard reached it. Everything else is undecided, with the gap
 * named (a missing shard, a shard cut short, random sampling).
 *
 * Throws `ShardMergeError` when the results answer different questions (options, scenarios, model
 * or cdc-check versions, shard counts: their question hashes differ) or a shard comes twice. Pure.
 */
export function mergeShards(results: readonly NamedShardResult[]): MergedShards {
  const first = results[0];
  if (!first) throw new ShardMergeError('no shard results to merge');
  const byIndex = new Map<number, NamedShardResult>();
  for (const r of results) {
    if (r.result.questionHash !== first.result.questionHash) {
      throw new ShardMergeError(`${r.file} and ${first.file} are shards of different checks (${differences(first.result.question, r.result.question)})`);
    }
    const twin = byIndex.get(r.result.shard.index);
    if (twin) throw new ShardMergeError(`shard ${r.result.shard.index}/${r.result.shard.count} is given twice: ${twin.file} and ${r.file}`);
    byIndex.set(r.result.shard.index, r);
  }
  const { question } = first.result;
  const present = [...byIndex.keys()].sort((a, b) => a - b);
  const missing = Array.from({ length: question.count }, (_, i) => i).filter((i) => !byIndex.has(i));
  const shards = present.map((i) => byIndex.get(i)!.result);
  const scenarios = question.scenarios.map((asked, s): MergedScenario => {
    const mine = shards.map((r) => ({ index: r.shard.index, scenario: r.scenarios[s]! }));
    const kindOf = new Map(asked.properties.map((p) => [p.name, p.kind as PropertyKind]));
    const names = [...new Set([...Object.keys(asked.expected), ...asked.properties.map((p) => p.name)])];
    const violations: MergedViolation[] = [];
    const neverReached: string[] = [];
    const undecided: string[] = [];
    for (const name of names) {
      const verdicts = mine.map(({ index, scenario }) => ({ index, v: scenario.verdicts[name] ?? { verdict: 'undecided' as const } }));
      let best: MergedViolation | undefined;
      for (const { index, v } of verdicts) {
        if (v.verdict === 'violated' && (!best || v.traceLength < best.traceLength)) {
          best = { property: name, kind: kindOf.get(name) ?? 'always', replay: v.replay, traceLength: v.traceLength, shard: index };
        }
      }
      const all = (verdict: string) => missing.length === 0 && verdicts.every(({ v }) => v.verdict === verdict);
      if (best) violations.push(best);
      else if (kindOf.get(name) === 'sometimes') {
        if (verdicts.some(({ v }) => v.verdict === 'witnessed')) continue;
        if (all('unwitnessed')) neverReached.push(name);
        else undecided.push(name);
      } else if (!all('settled')) undecided.push(name);
    }
    const sliced = mine.find(({ scenario }) => scenario.slice?.depth != null)?.scenario.slice;
    const prefix = mine[0]?.scenario.slice?.prefixStates ?? 0;
    const gaps = [
      ...(missing.length > 0 ? [`missing shard${missing.length === 1 ? '' : 's'} ${missing.map((i) => `${i}/${question.count}`).join(', ')}`] : []),
      ...mine.filter(({ scenario }) => Object.values(scenario.verdicts).some((v) => v.verdict === 'undecided')).map(({ index, scenario }) => `shard ${index}/${question.count}: ${scenario.reason ?? 'undecided'}`),
    ];
    return {
      id: asked.id,
      properties: asked.properties.map((p) => ({ name: p.name, kind: p.kind as PropertyKind })),
      expected: asked.expected,
      violations,
      neverReached,
      undecided,
      states: mine.reduce((n, { scenario }) => n + scenario.states, 0),
      transitions: mine.reduce((n, { scenario }) => n + scenario.transitions, 0),
      ms: Math.max(0, ...mine.map(({ scenario }) => scenario.ms)),
      redundantStates: Math.max(0, mine.length - 1) * prefix,
      ...(sliced && sliced.depth !== null ? { dealt: { depth: sliced.depth, frontier: sliced.frontier } } : {}),
      gaps,
    };
  });
  return { question, present, missing, scenarios };
}

/** The first fields two questions differ in, as "mode exhaustive vs random". */
function differences(a: ShardQuestion, b: ShardQuestion): string {
  const fields = ['cdcCheck', 'mode', 'scope', 'seed', 'runs', 'maxSteps', 'symmetry', 'exactKeys', 'count'] as const;
  const differ = fields.filter((f) => a[f] !== b[f]).map((f) => `${f === 'count' ? 'shard count' : f} ${String(a[f])} vs ${String(b[f])}`);
  if (differ.length > 0) return differ.join(', ');
  const ids = (q: ShardQuestion) => q.scenarios.map((s) => s.id).join(' ');
  if (ids(a) !== ids(b)) return `scenarios ${ids(a)} vs ${ids(b)}`;
  const i = a.scenarios.findIndex((s, k) => JSON.stringify(s) !== JSON.stringify(b.scenarios[k]));
  return `scenario ${a.scenarios[i]?.id}: model ${a.scenarios[i]?.model}@${a.scenarios[i]?.version} vs ${b.scenarios[i]?.model}@${b.scenarios[i]?.version}, or its properties or expected verdicts`;
}
