import { renderHtmlReport } from './renderHtmlReport.ts';
import { renderIndex } from './renderIndex.ts';
import { renderMarkdownReport } from './renderMarkdownReport.ts';
import { reportableViolations, traceReportOf, type ScenarioRun } from './ScenarioRun.ts';
import { toTraceFile } from './TraceFile.ts';
import type { VerdictRow } from './VerdictRow.ts';

/** The relative path (without extension) of a property's report files. */
export function reportStem(scenario: string, property: string): string {
  return `${scenario}/${property}`;
}

/**
 * Every report file for a set of runs, as relative path → content: for each violation with a
 * trace, `<scenario>/<property>.md`, `.html` and `.json`; and `index.md`, the verdict matrix.
 *
 * Pure: writing is `writeReportFiles`' job, so a test can compare the committed `reports/` with
 * what the code generates now. `displayDir` is how the directory is named in replay commands
 * (as the user typed it, e.g. `reports`), never an absolute machine path unless the user gave one.
 */
export function reportFiles(runs: readonly ScenarioRun[], displayDir: string): Map<string, string> {
  const files = new Map<string, string>();
  const written = new Set<string>();
  const dir = displayDir.replace(/\\/g, '/').replace(/\/+$/, '') || '.';
  for (const run of runs) {
    for (const violation of reportableViolations(run)) {
      const stem = reportStem(run.scenario.id, violation.property);
      const base = violation.property;
      const report = traceReportOf(run, violation);
      const replayCommand = `npx cdc-check replay ${shellWord(`${dir}/${stem}.json`)}`;
      files.set(`${stem}.md`, renderMarkdownReport(report, { html: `${base}.html`, json: `${base}.json`, replayCommand }));
      files.set(`${stem}.html`, renderHtmlReport(report, { replayCommand }));
      files.set(`${stem}.json`, `${JSON.stringify(toTraceFile(report), null, 2)}\n`);
      written.add(stem);
    }
  }
  const rows: VerdictRow[] = runs.flatMap((r) => [...r.rows]);
  const link = (row: VerdictRow): string | undefined => {
    const stem = reportStem(row.scenario, row.property);
    return written.has(stem) ? `${stem}.md` : undefined;
  };
  files.set('index.md', renderIndex(rows, runs.map((r) => r.scenario), link));
  return files;
}

/** Quotes a path for a shell one-liner only when it needs it. */
function shellWord(s: string): string {
  return /^[A-Za-z0-9_./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
