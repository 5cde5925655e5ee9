import { join } from 'node:path';
import type { Scenario, ScopeName } from '../../../models/Scenario.ts';
import type { CheckMode, Progress } from '../../engine/CheckResult.ts';
import { reportFiles } from '../../report/reportFiles.ts';
import { renderTextTrace } from '../../report/renderTextTrace.ts';
import { matrixWidths, renderMatrixHeading, renderMatrixSummary, renderScenarioVerdicts } from '../../report/renderVerdictMatrix.ts';
import { reportableViolations, traceReportOf, type ScenarioRun } from '../../report/ScenarioRun.ts';
import { createStyle, type Style } from '../../report/Style.ts';
import { outcomeOf } from '../../report/VerdictRow.ts';
import { prepareReportDir, ReportPathError, type ReportTarget } from '../../report/writeReportFiles.ts';
import type { CliIo } from '../CliIo.ts';
import { startProgressBar } from '../internal/progressBar.ts';
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
      const bar = io.progress && io.progressStream ? startProgressBar(scenario.id, io.progressStream) : undefined;
      let run: ScenarioRun;
      try {
        const { json: _j, report: _r, ...runOptions } = options;
        run = runScenario(scenario, {
          ...runOptions,
          onProgress: (p) => {
            bar?.update(p);
            const signal = interrupted();
            if (signal) throw new Interrupted(signal, p);
          },
        });
      } finally {
        bar?.stop();
      }
      runs.push(run);
      current = undefined;
      printRun(run, runs.length === 1, options, widths, io, style);
    }
    const late = interrupted();
    if (late) throw new Interrupted(late, undefined);
  } catch (e) {
    if (!(e instanceof Interrupted)) throw e;
    printInterrupted(e, current, scenarios.slice(runs.length + (current ? 1 : 0)), runs, options.json, io, style);
    return INTERRUPT_EXIT[e.signal];
  }
  const rows = runs.flatMap((r) => r.rows);
  if (!options.json) io.out(`\n${renderMatrixSummary(rows, style)}\n`);
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
  return rows.some((r) => outcomeOf(r) === 'unexpected') ? ExitCode.mismatch : ExitCode.ok;
}

/** One finished scenario: its traces and verdicts (text), or its rows, one JSON object a line. */
function printRun(run: ScenarioRun, first: boolean, options: CheckCommandOptions, widths: ReturnType<typeof matrixWidths>, io: CliIo, style: Style): void {
  if (options.json) {
    io.out(run.rows.map((r) => `${JSON.stringify(r)}\n`).join(''));
    return;
  }
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
  if (run.result.reason && run.result.mode === 'exhaustive' && run.result.status !== 'ok') {
    io.out(`${style.yellow(`${run.scenario.id}: ${ownBound(run.result.reason, options)}`)}\n\n`);
  }
  io.out(`${first ? `${renderMatrixHeading(widths, style)}\n` : ''}${renderScenarioVerdicts(run.rows, widths, style)}\n`);
}

/** The engine's reason, where a bound the user set themselves is named as theirs, not as the heap's. */
function ownBound(reason: string, options: CheckCommandOptions): string {
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
