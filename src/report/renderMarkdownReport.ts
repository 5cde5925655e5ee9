import { formatChange } from './internal/diffStates.ts';
import { codeSpan, escapeCell } from './internal/escape.ts';
import { renderSequenceDiagram } from './renderSequenceDiagram.ts';
import { finalPanel } from './renderTextTrace.ts';
import type { TraceReport } from './TraceReport.ts';

/** Where the sibling files of a Markdown report live, and how to replay it. */
export interface MarkdownLinks {
  /** Relative link to the HTML report, if one is written. */
  html?: string;
  /** Relative link to the JSON trace, if one is written. */
  json?: string;
  /** The shell one-liner that replays the trace (for example `npx cdc-check replay reports/x/y.json`). */
  replayCommand?: string;
}

/**
 * Renders a counterexample as a Markdown page: verdict and explanation, a Mermaid
 * `sequenceDiagram` (rendered by the repository's web page), the timeline table with changed
 * lanes in bold, and the replay command. Pure and deterministic: no timings, no absolute paths,
 * so committed reports can be compared byte for byte with freshly generated ones.
 */
export function renderMarkdownReport(report: TraceReport, links: MarkdownLinks = {}): string {
  const n = report.steps.length - 1;
  const verdict = report.expected === 'holds' ? '**violated: UNEXPECTED**' : 'violated (as expected)';
  const out: string[] = [];
  out.push(`# ${report.scenario} · ${report.property}`, '');
  if (report.title) out.push(`_${report.title}_`, '');
  out.push(
    `**Verdict:** ${verdict}. ${codeSpan(report.property)} is an \`${report.kind}\` property; ` +
      `the shortest counterexample found has ${n} step${n === 1 ? '' : 's'}` +
      `${report.scope ? ` (scope \`${report.scope}\`, model \`${report.model.name}\` v${report.model.version})` : ''}.`,
    '',
  );
  if (report.explanation) out.push(report.explanation, '');
  const files = [links.html ? `[interactive HTML](${links.html})` : '', links.json ? `[JSON trace](${links.json})` : ''].filter(Boolean);
  if (files.length) out.push(`See also: ${files.join(' · ')}.`, '');
  out.push('## Sequence', '', '```mermaid', renderSequenceDiagram(report), '```', '');
  out.push(`**Finally:** ${escapeCell(finalPanel(report))}`, '');
  out.push('## Timeline', '');
  out.push(`| # | actor | action | changed | ${report.lanes.map(escapeCell).join(' | ')} |`);
  out.push(`|---|---|---|---|${report.lanes.map(() => '---').join('|')}|`);
  for (const step of report.steps) {
    const who = step.action === null ? '' : step.target ? `${step.actor} → ${step.target}` : (step.actor ?? '');
    const action = step.action === null ? '_initial state_' : step.fault ? `✖ **${escapeCell(step.action)}** (fault)` : escapeCell(step.action);
    const changed = step.changes.slice(0, 4).map((c) => codeSpan(formatChange(c, 40)));
    if (step.changes.length > 4) changed.push(`… ${step.changes.length - 4} more`);
    const lanes = report.lanes.map((l) => {
      const text = escapeCell(step.says[l] ?? '');
      return step.changedLanes.includes(l) && text !== '' ? `**${text}**` : text;
    });
    out.push(`| ${step.index} | ${escapeCell(who)} | ${action} | ${escapeCell(changed.join('<br>'))} | ${lanes.join(' | ')} |`);
  }
  out.push('', '## Replay', '', '```sh', links.replayCommand ?? report.replay, '```', '');
  out.push(`Replay string: ${codeSpan(report.replay)}`, '');
  return out.join('\n');
}
