import { escapeMermaid } from './internal/escape.ts';
import { DAMAGE_MARK } from './internal/traceMarks.ts';
import type { TraceReport } from './TraceReport.ts';

/**
 * Renders a trace as a Mermaid `sequenceDiagram` (the body of a ```mermaid fence).
 *
 * One participant per lane. An action with a target is a message from actor to target; one
 * without is a note over its actor. Faults are notes marked ✖ inside a red band; the step where
 * the damage was done is followed by a ⚑ note; a lasso's cycle is a `loop` block that says
 * which step it loops back to. The diagram ends with a note across all lanes giving the
 * property, why it fails, and the final divergence ("DB says …, Kafka says …").
 * Pure.
 */
export function renderSequenceDiagram(report: TraceReport): string {
  const alias = new Map(report.lanes.map((l, i) => [l, `L${i}`]));
  const id = (lane: string | null): string => alias.get(lane ?? '') ?? 'L0';
  const lines = ['sequenceDiagram'];
  for (const lane of report.lanes) lines.push(`  participant ${id(lane)} as ${escapeMermaid(lane)}`);
  const n = report.steps.length - 1;
  const k = report.loopsBackTo;
  for (const step of report.steps) {
    if (k !== undefined && step.index === k + 1) lines.push(`  loop ${escapeMermaid(`cycle: steps ${k + 1}–${n}, then back to step ${k}`)}`);
    if (step.action === null) {
      if (step.index === report.damageStep) lines.push(`  Note over ${id(report.lanes[0] ?? null)}: ${escapeMermaid(`${DAMAGE_MARK} (the initial state)`)}`);
      continue;
    }
    const label = escapeMermaid(`${step.index}. ${step.action}`);
    if (step.fault) {
      lines.push('  rect rgb(255, 221, 221)');
      lines.push(`  Note over ${id(step.actor)}: ✖ ${label}`);
      if (step.target) lines.push(`  ${id(step.actor)}--x${id(step.target)}: lost`);
      lines.push('  end');
    } else if (step.target) {
      lines.push(`  ${id(step.actor)}->>${id(step.target)}: ${label}`);
    } else {
      lines.push(`  Note over ${id(step.actor)}: ${label}`);
    }
    if (step.index === report.damageStep) lines.push(`  Note over ${id(step.actor)}: ${escapeMermaid(`${DAMAGE_MARK} (step ${step.index})`)}`);
    if (k !== undefined && step.index === n) lines.push(`  Note over ${id(step.actor)}: ${escapeMermaid(`↺ loops back to step ${k}`)}`, '  end');
  }
  const last = report.steps[report.steps.length - 1];
  if (last && report.lanes.length > 0) {
    const first = id(report.lanes[0]!);
    const end = id(report.lanes[report.lanes.length - 1]!);
    const span = first === end ? first : `${first},${end}`;
    const panel = report.lanes.map((l) => escapeMermaid(`${l} says ${last.says[l] ?? ''}`)).join('<br/>');
    const why = report.reason ? `<br/>${escapeMermaid(`why: ${report.reason}`)}` : '';
    lines.push(`  Note over ${span}: ${escapeMermaid(`✗ ${report.property}`)}${why}<br/>${panel}`);
  }
  return lines.join('\n');
}
