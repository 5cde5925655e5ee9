import { formatChange } from './internal/diffStates.ts';
import { DAMAGE_MARK, damageSentence, lassoSentence, loopBackText } from './internal/traceMarks.ts';
import { plainStyle, type Style } from './Style.ts';
import type { ReportStep, TraceReport } from './TraceReport.ts';

/** Options for `renderTextTrace`. */
export interface TextTraceOptions {
  style?: Style;
  /** A runnable one-liner that replays the trace; printed last. Defaults to the raw replay string. */
  replayCommand?: string;
  /** How many structural changes to list per step before eliding. Default 6. */
  maxChanges?: number;
}

/**
 * Renders a counterexample as a numbered terminal timeline: per step the actor and action
 * (faults marked ✖, the damage step marked ⚑), the fields that changed, and a panel of what
 * every lane now says with the changed lanes starred. A lasso's cycle is set off by a rule and
 * its last step says which step it loops back to. Ends with the final divergence, where the
 * damage was done, and why the property fails (the trace's last line before the replay
 * one-liner, and fast-check's coordinates for a trace found at random).
 *
 * Pure; colour comes only from `options.style`.
 */
export function renderTextTrace(report: TraceReport, options: TextTraceOptions = {}): string {
  const st = options.style ?? plainStyle;
  const maxChanges = options.maxChanges ?? 6;
  const width = Math.max(...report.lanes.map((l) => l.length));
  const lines: string[] = [];
  const n = report.steps.length - 1;
  const lasso = lassoSentence(report);
  lines.push(
    `${st.bold(`${report.scenario} · ${report.property}`)} (${report.kind}) ${st.red(`violated`)} in ${n} step${n === 1 ? '' : 's'}${lasso ? `, a lasso: ${lasso}` : ''}`,
  );
  if (report.explanation) lines.push(st.dim(`  ${report.explanation}`));
  for (const step of report.steps) {
    if (report.loopsBackTo !== undefined && step.index === report.loopsBackTo + 1) {
      lines.push(`  ${st.yellow(`── cycle: from here to step ${n}, then back to step ${report.loopsBackTo}, for ever ──`)}`);
    }
    let head = header(step, st);
    if (step.index === report.damageStep) head += `  ${st.red(st.bold(DAMAGE_MARK))}`;
    if (report.loopsBackTo !== undefined && step.index === n) head += `  ${st.yellow(loopBackText(report.loopsBackTo))}`;
    lines.push(head);
    const shown = step.changes.slice(0, maxChanges).map((c) => formatChange(c));
    if (step.changes.length > maxChanges) shown.push(`… ${step.changes.length - maxChanges} more`);
    if (shown.length > 0) lines.push(`      ${st.dim('changed:')} ${shown.join('; ')}`);
    for (const lane of report.lanes) {
      const changed = step.changedLanes.includes(lane);
      const mark = changed ? st.yellow('*') : ' ';
      const text = step.says[lane] ?? '';
      lines.push(`    ${mark} ${lane.padEnd(width)}  ${changed ? st.yellow(text) : text}`);
    }
  }
  lines.push(`  ${st.bold('finally:')} ${finalPanel(report)}`);
  const damage = damageSentence(report);
  if (damage) lines.push(`  ${st.bold('damage:')} ${damage}`);
  if (report.reason) lines.push(`  ${st.bold('why:')} ${st.red(report.reason)}`);
  lines.push(`  ${st.dim('replay:')} ${options.replayCommand ?? report.replay}`);
  const fc = report.options.fastCheck as { seed?: unknown; path?: unknown } | undefined;
  // Random mode: fast-check's own coordinates reproduce the shrunk run itself, not just the trace.
  if (fc) lines.push(`  ${st.dim('fast-check:')} seed ${String(fc.seed)}, path ${JSON.stringify(String(fc.path))}`);
  return lines.join('\n');
}

function header(step: ReportStep, st: Style): string {
  const num = `#${step.index}`.padStart(4);
  if (step.action === null) return `${st.bold(num)}  ${st.dim('(initial state)')}`;
  const who = step.target ? `${step.actor} → ${step.target}` : (step.actor ?? '');
  if (step.fault) return `${st.bold(num)}  ${st.red(`✖ ${who}: ${step.action}  [fault]`)}`;
  return `${st.bold(num)}  ${st.cyan(who)}: ${step.action}`;
}

/** "DB says X / Kafka says Y / …" for the last state: the divergence the trace ends in. */
export function finalPanel(report: TraceReport): string {
  const last = report.steps[report.steps.length - 1];
  if (!last) return '';
  return report.lanes.map((l) => `${l} says ${last.says[l] ?? ''}`).join(' / ');
}
