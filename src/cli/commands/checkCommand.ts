import type { ScopeName } from '../../../models/Scenario.ts';
import type { CheckMode } from '../../engine/CheckResult.ts';
import { reportFiles } from '../../report/reportFiles.ts';
import { renderTextTrace } from '../../report/renderTextTrace.ts';
import { renderVerdictMatrix } from '../../report/renderVerdictMatrix.ts';
import { reportableViolations, traceReportOf, type ScenarioRun } from '../../report/ScenarioRun.ts';
import { createStyle } from '../../report/Style.ts';
import { outcomeOf } from '../../report/VerdictRow.ts';
import { writeReportFiles } from '../../report/writeReportFiles.ts';
import type { CliIo } from '../CliIo.ts';
import { startProgressBar } from '../internal/progressBar.ts';
import { replayOneLiner } from '../internal/replayOneLiner.ts';
import { runScenario } from '../runScenario.ts';
import { selectScenarios, type ScenarioRegistry } from '../ScenarioRegistry.ts';
import { ExitCode } from '../UsageError.ts';

/** Parsed options of `cdc-check check`. */
export interface CheckCommandOptions {
  mode: CheckMode;
  scope: ScopeName;
  seed?: number;
  maxStates?: number;
  timeoutMs?: number;
  maxMemoryMb?: number;
  /** Symmetry reduction over interchangeable aggregates. */
  symmetry?: boolean;
  json: boolean;
  /** Directory for Markdown/HTML/JSON reports, or undefined for none. */
  report?: string;
}

/**
 * `cdc-check check [ids…]`: checks the scenarios, prints each counterexample as a text timeline
 * and then the verdict matrix (or, with `--json`, only the rows), optionally writes reports.
 * Returns the exit code: 1 when any verdict differs from what its scenario expects.
 */
export function checkCommand(registry: ScenarioRegistry, ids: readonly string[], options: CheckCommandOptions, io: CliIo): number {
  const scenarios = selectScenarios(registry, ids);
  const style = createStyle(io.color);
  const runs: ScenarioRun[] = [];
  for (const scenario of scenarios) {
    const bar = io.progress && io.progressStream ? startProgressBar(scenario.id, io.progressStream) : undefined;
    try {
      runs.push(
        runScenario(scenario, {
          mode: options.mode,
          scope: options.scope,
          ...(options.seed !== undefined ? { seed: options.seed } : {}),
          ...(options.maxStates !== undefined ? { maxStates: options.maxStates } : {}),
          ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
          ...(options.maxMemoryMb !== undefined ? { maxMemoryMb: options.maxMemoryMb } : {}),
          ...(options.symmetry ? { symmetry: true } : {}),
          ...(bar ? { onProgress: (p) => bar.update(p) } : {}),
        }),
      );
    } finally {
      bar?.stop();
    }
  }
  const rows = runs.flatMap((r) => r.rows);
  if (options.json) {
    io.out(`${JSON.stringify(rows, null, 2)}\n`);
  } else {
    for (const run of runs) {
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
        io.out(`${style.yellow(`${run.scenario.id}: ${run.result.reason}`)}\n\n`);
      }
    }
    io.out(`${renderVerdictMatrix(rows, style)}\n`);
  }
  if (options.report !== undefined) {
    const written = writeReportFiles(options.report, reportFiles(runs, options.report));
    io.err(`wrote ${written.length} report file${written.length === 1 ? '' : 's'} to ${options.report} (open ${options.report.replace(/\/+$/, '')}/index.md)\n`);
  }
  return rows.some((r) => outcomeOf(r) === 'unexpected') ? ExitCode.mismatch : ExitCode.ok;
}
