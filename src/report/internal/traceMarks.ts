import type { ReportStep, TraceReport } from '../TraceReport.ts';

/**
 * The words every renderer uses for a trace's reason, damage step and lasso, so the text,
 * Markdown, Mermaid and HTML reports say the same thing the same way.
 */

/** The mark of the step where the damage was done. */
export const DAMAGE_MARK = '⚑ point of no return';

/** The mark of a lasso's last step. */
export function loopBackText(k: number): string {
  return `↺ loops back to step ${k}`;
}

/** The step where the damage was done, when the report knows it and it is a step of the trace. */
export function damagedStep(report: TraceReport): ReportStep | undefined {
  return report.damageStep === undefined ? undefined : report.steps[report.damageStep];
}

/** True when `index` is a step of the lasso's cycle (after the loop-back step). */
export function inCycle(report: TraceReport, index: number): boolean {
  return report.loopsBackTo !== undefined && index > report.loopsBackTo;
}

/**
 * "the damage was done at step 3 (CrashService(svc1, acct-1#1)): from there on, no-lost-events
 * could no longer hold", or undefined when the damage step is unknown.
 */
export function damageSentence(report: TraceReport): string | undefined {
  const step = damagedStep(report);
  if (!step) return undefined;
  const what = step.action === null ? 'the initial state' : step.action;
  const tail = report.kind === 'always' ? `${report.property} first fails there` : `from there on, ${report.property} could no longer hold on any path`;
  return `the damage was done at step ${step.index} (${what}): ${tail}`;
}

/**
 * "steps 2–3 repeat for ever (step 3 loops back to step 1)", or undefined when the trace is not
 * a lasso.
 */
export function lassoSentence(report: TraceReport): string | undefined {
  const k = report.loopsBackTo;
  if (k === undefined) return undefined;
  const n = report.steps.length - 1;
  const cycle = k + 1 === n ? `step ${n} repeats` : `steps ${k + 1}–${n} repeat`;
  return `${cycle} for ever (step ${n} loops back to step ${k})`;
}
