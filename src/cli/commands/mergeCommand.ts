import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CheckResult, Violation } from '../../engine/CheckResult.ts';
import { CheckerError } from '../../engine/CheckerError.ts';
import type { Model } from '../../engine/Model.ts';
import { replayOutcome } from '../../engine/replay.ts';
import { mergeShards, ShardMergeError, type MergedScenario, type MergedShards, type NamedShardResult } from '../../report/mergeShards.ts';
import { reportFiles } from '../../report/reportFiles.ts';
import { matrixWidths, renderMatrixSummary } from '../../report/renderVerdictMatrix.ts';
import { prepareReportDir, ReportPathError, type ReportTarget } from '../../report/writeReportFiles.ts';
import type { ScenarioRun } from '../../report/ScenarioRun.ts';
import { parseShardResult, ShardFileError } from '../../report/ShardResult.ts';
import { createStyle } from '../../report/Style.ts';
import { outcomeOf, verdictRows } from '../../report/VerdictRow.ts';
import type { CliIo } from '../CliIo.ts';
import { cdcCheckVersion } from '../internal/cdcCheckVersion.ts';
import type { ScenarioRegistry } from '../ScenarioRegistry.ts';
import { ExitCode, UsageError } from '../UsageError.ts';
import { printRun } from './checkCommand.ts';

/** Options of `cdc-check merge`. */
export interface MergeCommandOptions {
  json: boolean;
  /** Directory for Markdown/HTML/JSON reports of the merged verdicts, or undefined for none. */
  report?: string;
}

/** A shard's counterexample that the current model no longer reproduces: the merge cannot stand on it. */
class StaleCounterexample extends CheckerError {
  override name = 'StaleCounterexample';
}

/**
 * `cdc-check merge FILE…`: reads shard result files (`check --shard i/n --out FILE`), combines
 * them (`mergeShards`), replays every counterexample it keeps against the current model, and prints
 * the verdict matrix as `check` does, with each scenario's shards, dealt frontier and redundant
 * work; `--json` prints the rows. Exits 1 when a verdict differs from what its scenario expects
 * (an incomplete one included: a missing shard, a shard cut short), else 0.
 *
 * Before printing anything it refuses, with one line and exit 2: an unreadable or malformed file,
 * shards of different checks or a shard given twice, and results made by another cdc-check version
 * or another version of a scenario's model. A kept counterexample that no longer replays is exit 1.
 */
export function mergeCommand(registry: ScenarioRegistry, files: readonly string[], options: MergeCommandOptions, io: CliIo): number {
  const style = createStyle(io.color);
  const merged = mergeFiles(files);
  const runs = merged.scenarios.map((s) => scenarioRun(registry, merged, s));
  const widths = matrixWidths(
    runs.map((r) => r.scenario.id),
    runs.flatMap((r) => r.rows.map((row) => row.property)),
  );
  const count = merged.question.count;
  if (!options.json) io.out(`${style.bold(`merged ${merged.present.length} of ${count} shard${count === 1 ? '' : 's'}`)}${merged.missing.length > 0 ? style.red(` (missing ${merged.missing.map((i) => `${i}/${count}`).join(', ')})`) : ''}\n\n`);
  runs.forEach((run, i) => {
    printRun(run, i === 0, { json: options.json }, widths, io, style);
    if (!options.json) io.out(`${style.dim(shardNote(merged.scenarios[i]!, merged))}\n`);
  });
  const rows = runs.flatMap((r) => r.rows);
  if (!options.json) io.out(`\n${renderMatrixSummary(rows, style)}\n`);
  if (options.report !== undefined) writeReports(options.report, runs, io);
  return rows.some((r) => outcomeOf(r) === 'unexpected') ? ExitCode.mismatch : ExitCode.ok;
}

/** Writes the merged runs' reports into `dir`, replacing it as a whole, as `check --report` does. */
function writeReports(dir: string, runs: readonly ScenarioRun[], io: CliIo): void {
  const hint = 'give --report a directory that is new, empty, or an earlier cdc-check report';
  let target: ReportTarget;
  try {
    target = prepareReportDir(dir);
  } catch (e) {
    if (!(e instanceof ReportPathError)) throw e;
    throw new UsageError(e.message, hint);
  }
  try {
    const written = target.commit(reportFiles(runs, dir));
    io.err(`wrote ${written.length} report file${written.length === 1 ? '' : 's'} to ${dir} (open ${join(dir, 'index.md')})\n`);
  } catch (e) {
    if (!(e instanceof ReportPathError)) throw e;
    throw new UsageError(e.message, hint);
  } finally {
    target.discard();
  }
}

/** Reads, parses and merges the files; every problem is a `UsageError` naming its file. */
function mergeFiles(files: readonly string[]): MergedShards {
  const hint = 'give the files written by `cdc-check check --shard i/n --out FILE`, one per shard';
  const results: NamedShardResult[] = files.map((file) => {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      const code = (e as { code?: string }).code;
      throw new UsageError(`cannot read shard result '${file}'${code === 'ENOENT' ? ': no such file' : code === 'EISDIR' ? ': it is a directory' : code ? ` (${code})` : ''}`, hint);
    }
    try {
      return { file, result: parseShardResult(text) };
    } catch (e) {
      if (!(e instanceof ShardFileError)) throw e;
      throw new UsageError(`'${file}' is not a usable shard result: ${e.message}`, hint);
    }
  });
  let merged: MergedShards;
  try {
    merged = mergeShards(results);
  } catch (e) {
    if (!(e instanceof ShardMergeError)) throw e;
    throw new UsageError(e.message, 'merge the results of one split: the same options, the same cdc-check, each shard once');
  }
  const version = cdcCheckVersion();
  if (merged.question.cdcCheck !== version) {
    throw new UsageError(`the shard results were made by cdc-check ${merged.question.cdcCheck}, and this is ${version}`, 'run the shards again with this cdc-check, or merge with the one that made them');
  }
  return merged;
}

/** The merged scenario as a checked run: its model at the shards' scope, its replayed counterexamples, its rows. */
function scenarioRun(registry: ScenarioRegistry, merged: MergedShards, s: MergedScenario): ScenarioRun {
  const { question } = merged;
  const scenario = registry.scenarios.find((x) => x.id === s.id);
  if (!scenario) throw new UsageError(`the shard results check scenario '${s.id}', which cdc-check does not know`, 'merge with the cdc-check and models that made the shards');
  const model = scenario.model(question.scope as never) as Model<unknown, unknown>;
  const asked = question.scenarios.find((x) => x.id === s.id)!;
  if (model.name !== asked.model || (model.version ?? '1') !== asked.version) {
    throw new UsageError(
      `the shard results of '${s.id}' were made by model ${asked.model}@${asked.version}, and it is now ${model.name}@${model.version ?? '1'}`,
      'run the shards again: their counterexamples belong to the model that made them',
    );
  }
  const violations: Violation<unknown, unknown>[] = s.violations.map((v) => {
    let outcome;
    try {
      outcome = replayOutcome(model, v.replay);
    } catch (e) {
      if (!(e instanceof CheckerError)) throw e;
      throw stale(s.id, v.property, v.shard, question.count, e.message);
    }
    const found = outcome.violated.find((x) => x.property === v.property);
    if (!found || outcome.trace.length - 1 !== v.traceLength) {
      throw stale(s.id, v.property, v.shard, question.count, found ? `it replays in ${outcome.trace.length - 1} steps, not ${v.traceLength}` : 'its end does not violate the property');
    }
    return {
      property: v.property,
      kind: v.kind,
      trace: outcome.trace,
      replay: v.replay,
      ...(outcome.loopsBackTo === undefined ? {} : { loopsBackTo: outcome.loopsBackTo }),
      ...(found.reason === undefined ? {} : { reason: found.reason }),
    };
  });
  for (const name of s.neverReached) violations.push({ property: name, kind: 'sometimes', trace: [], replay: '' });
  const complete = s.undecided.length === 0 && s.gaps.length === 0;
  const result: CheckResult<unknown, unknown> = {
    status: violations.length > 0 ? 'violated' : complete ? 'ok' : 'incomplete',
    stats: { states: s.states, transitions: s.transitions, maxDepth: 0, ms: s.ms },
    violations,
    undecided: s.undecided,
    mode: question.mode,
    ...(s.gaps.length > 0 ? { reason: s.gaps.join('; ') } : {}),
  };
  return {
    scenario: { id: scenario.id, title: scenario.title, explanation: scenario.explanation, expected: scenario.expected },
    scope: question.scope,
    options: { mode: question.mode, ...(question.mode === 'random' ? { seed: question.seed, runs: question.runs, maxSteps: question.maxSteps } : {}), shards: question.count },
    model,
    result,
    rows: verdictRows(s.id, s.expected, s.properties, result),
  };
}

function stale(scenario: string, property: string, shard: number, count: number, why: string): StaleCounterexample {
  return new StaleCounterexample(
    'stale-counterexample',
    `shard ${shard}/${count}'s counterexample to ${property} in ${scenario} does not replay on the current model: ${why}`,
    'the model changed since the shards ran without a version bump: run the shards again',
  );
}

/**
 * "4 shards: the 36 states at depth 8 dealt out; 2450 states summed over the shards, 276 of them
 * above that depth (every shard explores those)". Subtrees of different frontier states overlap
 * too where they converge; only the levels above the frontier are counted, as no shard knows the rest.
 */
function shardNote(s: MergedScenario, merged: MergedShards): string {
  const n = merged.present.length;
  const dealt = s.dealt ? `the ${s.dealt.frontier} states at depth ${s.dealt.depth} dealt out` : merged.question.mode === 'random' ? 'a seed each' : 'no frontier large enough to deal out, so each shard searched everything';
  const redundant = s.dealt ? `, ${s.redundantStates} of them the levels above that depth again (every shard explores those)` : n > 1 && merged.question.mode === 'exhaustive' ? `, ${s.redundantStates} of them again` : '';
  return `  ${n} shard${n === 1 ? '' : 's'}: ${dealt}; ${s.states} states summed over the shards${redundant}`;
}
