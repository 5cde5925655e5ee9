import { formatChange } from './internal/diffStates.ts';
import { codeSpan, escapeCell } from './internal/escape.ts';
import { DAMAGE_MARK, damageSentence, inCycle, lassoSentence, loopBackText } from './internal/traceMarks.ts';
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
 * Renders a counterexample as a Markdown page: the verdict with the reason the property gives,
 * where the damage was done, the explanation, a Mermaid `sequenceDiagram` (rendered by the
 * repository's web page), the timeline table with changed lanes in bold, the damage step marked
 * ⚑ and a lasso's cycle marked ↻, and the replay command. Pure and deterministic: no timings, no absolute paths,
 * so committed reports can be compared byte for byte with freshly generated ones.
 */
export function renderMarkdownReport(report: TraceReport, links: MarkdownLinks = {}): string {
  const n = report.steps.length - 1;
  const verdict = report.expected === 'holds' ? '**violated: UNEXPECTED**' : 'violated (as expected)';
  const out: string[] = [];
  out.push(`# ${report.scenario} · ${report.property}`, '');
  if (report.title) out.push(`_${report.title}_`, '');
  const lasso = lassoSentence(report);
  out.push(
    `**Verdict:** ${verdict}${report.reason ? `: ${escapeCell(report.reason)}` : ''}. ${codeSpan(report.property)} is an \`${report.kind}\` property; ` +
      `the shortest counterexample found has ${n} step${n === 1 ? '' : 's'}` +
      `${report.scope ? ` (scope \`${report.scope}\`, model \`${report.model.name}\` v${report.model.version})` : ''}` +
      `${lasso ? `, and is a lasso: ${lasso}` : ''}.`,
    '',
  );
  const damage = damageSentence(report);
  if (damage) out.push(`**${DAMAGE_MARK}:** ${escapeCell(damage)}.`, '');
  if (report.explanation) out.push(report.explanation, '');
  const files = [links.html ? `[interactive HTML](${links.html})` : '', links.json ? `[JSON trace](${links.json})` : ''].filter(Boolean);
  if (files.length) out.push(`See also: ${files.join(' · ')}.`, '');
  out.push('## Sequence', '', '```mermaid', renderSequenceDiagram(report), '```', '');
  out.push(`**Finally:** ${escapeCell(finalPanel(report))}`, '');
  if (report.reason) out.push(`**Why it fails:** ${escapeCell(report.reason)}`, '');
  out.push('## Timeline', '');
  if (report.loopsBackTo !== undefined) out.push(`Steps marked ↻ form the cycle: after step ${n} the system is back in the state of step ${report.loopsBackTo}.`, '');
  out.push(`| # | actor | action | changed | ${report.lanes.map(escapeCell).join(' | ')} |`);
  out.push(`|---|---|---|---|${report.lanes.map(() => '---').join('|')}|`);
  for (const step of report.steps) {
    const who = step.action === null ? '' : step.target ? `${step.actor} → ${step.target}` : (step.actor ?? '');
    let action = step.action === null ? '_initial state_' : step.fault ? `✖ **${escapeCell(step.action)}** (fault)` : escapeCell(step.action);
    if (step.index === report.damageStep) action += ` · **${DAMAGE_MARK}**`;
    if (report.loopsBackTo !== undefined && step.index === n) action += ` · **${loopBackText(report.loopsBackTo)}**`;
    const changed = step.changes.slice(0, 4).map((c) => codeSpan(formatChange(c, 40)));
    if (step.changes.length > 4) changed.push(`… ${step.changes.length - 4} more`);
    const lanes = report.lanes.map((l) => {
      const text = escapeCell(step.says[l] ?? '');
      return step.changedLanes.includes(l) && text !== '' ? `**${text}**` : text;
    });
    out.push(`| ${inCycle(report, step.index) ? `↻ ${step.index}` : step.index} | ${escapeCell(who)} | ${action} | ${escapeCell(changed.join('<br>'))} | ${lanes.join(' | ')} |`);
  }
  out.push('', '## Replay', '', '```sh', links.replayCommand ?? report.replay, '```', '');
  out.push(`Replay string: ${codeSpan(report.replay)}`, '');
  return out.join('\n');
}
