import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { Scenario, ScopeName } from '../../../models/Scenario.ts';
import type { CheckMode, Progress } from '../../engine/CheckResult.ts';
import type { Shard } from '../../engine/Shard.ts';
import { reportFiles } from '../../report/reportFiles.ts';
import { renderShardVerdicts } from '../../report/renderShardVerdicts.ts';
import { renderTextTrace } from '../../report/renderTextTrace.ts';
import { shardResultOf } from '../../report/ShardResult.ts';
import { matrixWidths, renderMatrixHeading, renderMatrixSummary, renderScenarioVerdicts } from '../../report/renderVerdictMatrix.ts';
import { reportableViolations, traceReportOf, type ScenarioRun } from '../../report/ScenarioRun.ts';
import { createStyle, type Style } from '../../report/Style.ts';
import { outcomeOf } from '../../report/VerdictRow.ts';
import { prepareReportDir, ReportPathError, type ReportTarget } from '../../report/writeReportFiles.ts';
import type { CliIo } from '../CliIo.ts';
import { cdcCheckVersion } from '../internal/cdcCheckVersion.ts';
import { startProgressBar, startProgressLines } from '../internal/progressBar.ts';
import { replayOneLiner } from '../internal/replayOneLiner.ts';
import { INTERRUPT_EXIT, type InterruptSignal } from '../internal/watchInterrupts.ts';
import { runScenario, type RunOptions } from '../runScenario.ts';
import { selectScenarios, type ScenarioRegistry } from '../ScenarioRegistry.ts';
import { ExitCode, UsageError } from '../UsageError.ts';

/** Parsed options of `cdc-check check`. */
export interface CheckCommandOptions extends Omit<RunOptions, 'onProgress'> {
  mode: CheckMode;
  scope: ScopeName;
  json: boolean;
  /** Directory for Markdown/HTML/JSON reports, or undefined for none. */
  report?: string;
  /** File to write the shard result into, for `cdc-check merge`. */
  out?: string;
}

/** Thrown out of the search by the progress callback when a signal asks the CLI to stop. */
class Interrupted extends Error {
  constructor(
    readonly signal: InterruptSignal,
    readonly progress: Progress | undefined,
  ) {
    super(`interrupted by ${signal}`);
  }
}

/**
 * `cdc-check check [ids…]`: checks the scenarios one by one and prints each one's
 * counterexamples (as text timelines) and verdicts as soon as it finishes, then a summary; with
 * `--json`, one verdict row per line (JSON Lines). Optionally writes reports, atomically.
 *
 * The report directory is checked before the search, so a bad path costs nothing. On SIGINT or
 * SIGTERM (`io.interrupted`) it stops, prints the verdicts so far and the states explored in the
 * scenario it was checking (incomplete), writes no report, and returns 130 or 143. Otherwise it
 * returns 1 when any verdict differs from what its scenario expects, else 0.
 */
export function checkCommand(registry: ScenarioRegistry, ids: readonly string[], options: CheckCommandOptions, io: CliIo): number {
  const scenarios = selectScenarios(registry, ids);
  const style = createStyle(io.color);
  let target: ReportTarget | undefined;
  if (options.report !== undefined) {
    try {
      target = prepareReportDir(options.report);
    } catch (e) {
      if (!(e instanceof ReportPathError)) throw e;
      throw new UsageError(e.message, 'give --report a directory that is new, empty, or an earlier cdc-check report');
    }
  }
  try {
    return checkAll(scenarios, options, io, style, target);
  } finally {
    target?.discard();
  }
}

function checkAll(scenarios: readonly Scenario[], options: CheckCommandOptions, io: CliIo, style: Style, target: ReportTarget | undefined): number {
  const interrupted = io.interrupted ?? (() => undefined);
  const widths = matrixWidths(
    scenarios.map((s) => s.id),
    scenarios.flatMap((s) => Object.keys(s.expected)),
  );
  const runs: ScenarioRun[] = [];
  let current: Scenario | undefined;
  try {
    for (const scenario of scenarios) {
      const early = interrupted();
      if (early) throw new Interrupted(early, undefined);
      current = scenario;
      const bar =
        io.progress && io.progressStream
          ? startProgressBar(scenario.id, io.progressStream)
          : io.progressLinesEveryMs !== undefined
            ? startProgressLines(scenario.id, io.err, io.progressLinesEveryMs)
            : undefined;
      let run: ScenarioRun;
      // With a time limit, a search that cannot reach its next check of the clock still ends.
      const watchdog = options.timeoutMs !== undefined ? io.deadlineWatchdog?.() : undefined;
      watchdog?.arm(scenario.id, Date.now() + options.timeoutMs!);
      try {
        const { json: _j, report: _r, out: _o, ...runOptions } = options;
        run = runScenario(scenario, {
          ...runOptions,
          onProgress: (p) => {
            bar?.update(p);
            const signal = interrupted();
            if (signal) throw new Interrupted(signal, p);
          },
        });
      } finally {
        watchdog?.disarm();
        bar?.stop();
      }
      runs.push(run);
      current = undefined;
      if (options.shard && options.shard.count > 1 && !options.json) printShardRun(run, options.shard, io, style);
      else printRun(run, runs.length === 1, options, widths, io, style);
    }
    const late = interrupted();
    if (late) throw new Interrupted(late, undefined);
  } catch (e) {
    if (!(e instanceof Interrupted)) throw e;
    printInterrupted(e, current, scenarios.slice(runs.length + (current ? 1 : 0)), runs, options.json, io, style);
    return INTERRUPT_EXIT[e.signal];
  }
  const rows = runs.flatMap((r) => r.rows);
  const shard = options.shard && options.shard.count > 1 ? options.shard : undefined;
  if (options.out !== undefined) writeShardResult(options.out, runs, options, io);
  if (shard) {
    if (!options.json) io.out(`\n${style.bold(`shard ${shard.index}/${shard.count}: a share of the check proves nothing holds; merge the ${shard.count} shards' results with \`cdc-check merge\``)}\n`);
  } else if (!options.json) io.out(`\n${renderMatrixSummary(rows, style)}\n`);
  if (target && options.report !== undefined) {
    let written: string[];
    try {
      written = target.commit(reportFiles(runs, options.report));
    } catch (e) {
      if (!(e instanceof ReportPathError)) throw e;
      throw new UsageError(e.message, 'give --report a directory that is new, empty, or an earlier cdc-check report');
    }
    io.err(`wrote ${written.length} report file${written.length === 1 ? '' : 's'} to ${options.report} (open ${join(options.report, 'index.md')})\n`);
  }
  // A shard leaves what it did not refute to the merge: only a verdict it settled can be unexpected.
  const unexpected = rows.filter((r) => outcomeOf(r) === 'unexpected' && !(shard && r.status === 'incomplete'));
  return unexpected.length > 0 ? ExitCode.mismatch : ExitCode.ok;
}

/** A shard's scenario: its counterexamples as timelines, then what it found and which share it searched. */
function printShardRun(run: ScenarioRun, shard: Shard, io: CliIo, style: Style): void {
  printTraces(run, io, style);
  io.out(`${renderShardVerdicts(run.rows, shard, run.result.stats.shard, style)}\n`);
}

/**
 * Writes the shard result file of `runs` (shard 0/1 when the check was not sharded): written
 * beside FILE, then renamed onto it, so a reader never sees half a file.
 */
function writeShardResult(file: string, runs: readonly ScenarioRun[], options: CheckCommandOptions, io: CliIo): void {
  const random = options.mode === 'random';
  const result = shardResultOf(runs, options.shard ?? { index: 0, count: 1 }, {
    cdcCheck: cdcCheckVersion(),
    mode: options.mode,
    scope: options.scope,
    ...(random ? { seed: options.seed ?? 42, runs: options.runs ?? 200, maxSteps: options.maxSteps ?? 100 } : {}),
    symmetry: options.symmetry === true,
    exactKeys: options.exactKeys === true,
  });
  const temporary = join(dirname(resolve(file)), `.${basename(file)}.${process.pid}.tmp`);
  try {
    writeFileSync(temporary, `${JSON.stringify(result, null, 1)}\n`);
    renameSync(temporary, file);
  } catch (e) {
    rmSync(temporary, { force: true });
    throw new UsageError(`--out ${file}: cannot write it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, 'give --out a file in a directory you can write');
  }
  io.err(`wrote the result of shard ${result.shard.index}/${result.shard.count} to ${file}\n`);
}

/** One finished scenario: its traces and verdicts (text), or its rows, one JSON object a line. */
export function printRun(run: ScenarioRun, first: boolean, options: Pick<CheckCommandOptions, 'json' | 'maxMemoryMb'>, widths: ReturnType<typeof matrixWidths>, io: CliIo, style: Style): void {
  if (options.json) {
    io.out(run.rows.map((r) => `${JSON.stringify(r)}\n`).join(''));
    return;
  }
  printTraces(run, io, style);
  if (run.result.reason && run.result.mode === 'exhaustive' && run.result.status !== 'ok') {
    io.out(`${style.yellow(`${run.scenario.id}: ${ownBound(run.result.reason, options)}`)}\n\n`);
  }
  io.out(`${first ? `${renderMatrixHeading(widths, style)}\n` : ''}${renderScenarioVerdicts(run.rows, widths, style)}\n`);
  const reduction = run.result.stats.reduction;
  if (reduction) {
    const what = reduction.applied
      ? `${reduction.reducedStates} of ${run.result.stats.states} states expanded by an ample set, ${reduction.skippedTransitions} transitions skipped`
      : reduction.note ?? 'not applied';
    io.out(`${style.dim(`${run.scenario.id}: partial-order reduction: ${what}`)}\n`);
  }
  const subsumption = run.result.stats.subsumption;
  if (subsumption) {
    const what = subsumption.applied ? `${subsumption.subsumed} new states skipped, covered by one with more fault budget left` : subsumption.note ?? 'not applied';
    io.out(`${style.dim(`${run.scenario.id}: subsumption: ${what}`)}\n`);
  }
}

/** Each counterexample of the run as a text timeline, with its replay command. */
export function printTraces(run: ScenarioRun, io: CliIo, style: Style): void {
  // Several invariants often fail on one trace (T1 breaks no-lost-events and at-least-once
  // alike); print it once and point back to it.
  const shown = new Map<string, string>();
  for (const violation of reportableViolations(run)) {
    const same = shown.get(violation.replay);
    if (same !== undefined) {
      io.out(`${style.bold(`${run.scenario.id} · ${violation.property}`)} (${violation.kind}) ${style.red('violated')} by the same trace as ${same}\n\n`);
      continue;
    }
    shown.set(violation.replay, violation.property);
    const report = traceReportOf(run, violation);
    io.out(`${renderTextTrace(report, { style, replayCommand: replayOneLiner(run.scenario.id, run.scope, violation.replay) })}\n\n`);
  }
}

/** The engine's reason, where a bound the user set themselves is named as theirs, not as the heap's. */
function ownBound(reason: string, options: Pick<CheckCommandOptions, 'maxMemoryMb'>): string {
  if (options.maxMemoryMb === undefined) return reason;
  return reason.replace(/ \(raise the heap with NODE_OPTIONS[^)]*\)/, ` (the bound set by --max-memory ${options.maxMemoryMb}; raise it, or leave it out for 70% of the heap limit)`);
}

/** What is known when a signal stops the run: the scenario cut short, those never started, the summary so far. */
function printInterrupted(e: Interrupted, current: Scenario | undefined, notStarted: readonly Scenario[], runs: readonly ScenarioRun[], json: boolean, io: CliIo, style: Style): void {
  const states = e.progress ? `${e.progress.states} states explored (depth ${e.progress.depth})` : 'no progress reported yet';
  if (json) {
    const line = { interrupted: e.signal, scenario: current?.id ?? null, status: 'incomplete', states: e.progress?.states ?? null, depth: e.progress?.depth ?? null, notStarted: notStarted.map((s) => s.id) };
    io.out(`${JSON.stringify(line)}\n`);
  } else {
    const cut = current ? `${current.id} incomplete: ${states}` : 'between scenarios';
    const rest = notStarted.length > 0 ? `; not started: ${notStarted.map((s) => s.id).join(', ')}` : '';
    io.out(`\n${style.yellow(`interrupted by ${e.signal}: ${cut}${rest}`)}\n${renderMatrixSummary(runs.flatMap((r) => r.rows), style)} (finished scenarios only; no report written)\n`);
  }
}
