import { formatChange } from './internal/diffStates.ts';
import { escapeHtml } from './internal/escape.ts';
import { wordsOf } from './internal/wordsOf.ts';
import { HTML_CSS, HTML_JS } from './internal/htmlAssets.ts';
import { DAMAGE_MARK, damageSentence, inCycle, lassoSentence, loopBackText } from './internal/traceMarks.ts';
import { finalPanel } from './renderTextTrace.ts';
import type { ReportStep, TraceReport } from './TraceReport.ts';

/**
 * Renders a counterexample as one self-contained HTML file: swim-lanes (one column per lane, one
 * row per step, messages spanning actor to target), crash markers on fault steps, the step where
 * the damage was done marked ⚑, a lasso's cycle marked with the step it loops back to, a side
 * panel of what every lane says at the selected step with the changed lanes marked (and, at the
 * last step, why the property fails), and keyboard stepping.
 *
 * No network: CSS, script and data are inline, and a Content-Security-Policy forbids fetching
 * anything. Pure and deterministic.
 */
export function renderHtmlReport(report: TraceReport, options: { replayCommand?: string } = {}): string {
  const lanes = report.lanes;
  const col = (lane: string | null): number => Math.max(0, lanes.indexOf(lane ?? '')) + 2;
  const n = report.steps.length - 1;
  const unexpected = report.expected === 'holds';
  const damage = damageSentence(report);
  const lasso = lassoSentence(report);
  const data = {
    lanes,
    reason: report.reason ?? null,
    damageStep: report.damageStep ?? null,
    damage: damage ?? null,
    loopsBackTo: report.loopsBackTo ?? null,
    steps: report.steps.map((s) => ({
      index: s.index,
      action: s.action,
      actionWords: s.action === null ? null : wordsOf(s.action),
      actor: s.actor,
      target: s.target,
      fault: s.fault,
      says: s.says,
      changedLanes: s.changedLanes,
      changes: s.changes.map((c) => formatChange(c, 80)),
    })),
  };
  const heads = [`<span style="grid-column:1">#</span>`, ...lanes.map((l, i) => `<span style="grid-column:${i + 2}">${escapeHtml(l)}</span>`)];
  const rows: string[] = [];
  for (const step of report.steps) {
    if (report.loopsBackTo !== undefined && step.index === report.loopsBackTo + 1) {
      rows.push(`<div class="cycle-start" role="separator">↻ cycle: steps ${step.index}–${n} repeat for ever; after step ${n} the system is back at step ${report.loopsBackTo}</div>`);
    }
    const marks = [
      step.index === report.damageStep ? `<span class="mark damage-mark">${DAMAGE_MARK}</span>` : '',
      report.loopsBackTo !== undefined && step.index === n ? `<span class="mark loop-mark">${loopBackText(report.loopsBackTo)}</span>` : '',
    ].join('');
    rows.push(stepRow(step, lanes.length, col, { damage: step.index === report.damageStep, cycle: inCycle(report, step.index), marks }));
  }
  const title = `${report.scenario} · ${report.property}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<title>${escapeHtml(title)} · cdc-check</title>
<style>${HTML_CSS}</style>
</head>
<body>
<header>
<h1>${escapeHtml(title)}</h1>
<p class="verdict${unexpected ? ' unexpected' : ''}">${unexpected ? 'violated: UNEXPECTED' : 'violated (as expected)'}: ${escapeHtml(report.kind)} property, counterexample of ${n} step${n === 1 ? '' : 's'}${report.scope ? `, scope ${escapeHtml(report.scope)}` : ''}, model ${escapeHtml(report.model.name)} v${escapeHtml(report.model.version)}</p>
${report.reason ? `<p class="reason"><strong>Why it fails:</strong> ${escapeHtml(report.reason)}</p>\n` : ''}${damage ? `<p class="damage"><strong>${DAMAGE_MARK}:</strong> ${escapeHtml(damage)}</p>\n` : ''}${lasso ? `<p class="lasso"><strong>↺ Lasso:</strong> ${escapeHtml(lasso)}</p>\n` : ''}${report.title ? `<p class="explanation"><em>${escapeHtml(report.title)}</em></p>\n` : ''}${report.explanation ? `<p class="explanation">${escapeHtml(report.explanation)}</p>\n` : ''}<p class="explanation">Finally: ${escapeHtml(finalPanel(report))}</p>
<p class="help">Step with <kbd>→</kbd>/<kbd>↓</kbd>/<kbd>j</kbd> and <kbd>←</kbd>/<kbd>↑</kbd>/<kbd>k</kbd>, <kbd>Home</kbd>/<kbd>End</kbd>, <kbd>c</kbd> for the next crash; or click a step.</p>
<p id="status" role="status"></p>
</header>
<main>
<section id="lanes" aria-label="swim-lanes" style="--lanes:${lanes.length}">
<div class="grid heads">${heads.join('')}</div>
${rows.join('\n')}
</section>
<aside id="panel" aria-live="polite">
<h2 id="panel-title"></h2>
<div id="panel-actor"></div>
<p id="panel-fault" hidden><span class="badge">✖ fault injected</span></p>
<p id="panel-damage" class="panel-note damage" hidden></p>
<p id="panel-loop" class="panel-note lasso" hidden></p>
<p id="panel-reason" class="panel-note reason" hidden></p>
<h3>What each system says</h3>
<dl id="says"></dl>
<h3>Changed</h3>
<ul id="changes"></ul>
<div class="nav"><button id="prev" type="button">← previous</button><button id="next" type="button">next →</button></div>
<h3>Replay</h3>
<div class="replay">${escapeHtml(options.replayCommand ?? report.replay)}</div>
</aside>
</main>
<script type="application/json" id="trace-data">${jsonForScript(data)}</script>
<script>${HTML_JS}</script>
</body>
</html>
`;
}

function stepRow(
  step: ReportStep,
  laneCount: number,
  col: (lane: string | null) => number,
  mark: { damage: boolean; cycle: boolean; marks: string },
): string {
  const cells = Array.from({ length: laneCount }, (_, i) => `<span class="cell" style="grid-column:${i + 2}"></span>`).join('');
  let event: string;
  if (step.action === null) {
    event = `<div class="event initial" style="grid-column:2 / ${laneCount + 2}">initial state${mark.marks}</div>`;
  } else {
    const from = col(step.actor);
    const to = step.target ? col(step.target) : from;
    const [a, b] = from <= to ? [from, to] : [to, from];
    const arrow = to > from ? ' →' : to < from ? '← ' : '';
    const text = step.fault ? `✖ ${step.action}` : to < from ? `${arrow}${step.action}` : `${step.action}${arrow}`;
    event = `<div class="event${step.target ? ' message' : ''}" style="grid-column:${a} / ${b + 1}" title="${escapeHtml(`${step.actor ?? ''}${step.target ? ` → ${step.target}` : ''}`)}">${breakable(text)}${mark.marks}</div>`;
  }
  const cls = `grid step${step.fault ? ' fault' : ''}${mark.damage ? ' damage' : ''}${mark.cycle ? ' cycle' : ''}`;
  return `<div class="${cls}" data-step="${step.index}"><span class="num" style="grid-column:1">${step.index}</span>${cells}${event}</div>`;
}

/**
 * Escaped text that may wrap only between words (`wordsOf`): each word is a span the stylesheet
 * keeps on one line, with a `<wbr>` between words, so a long action name never splits inside a
 * word, not even at a hyphen such as the one in `acct-1#1`.
 */
function breakable(text: string): string {
  return wordsOf(text)
    .map((w) => `<span class="w">${escapeHtml(w)}</span>`)
    .join('<wbr>');
}

/** JSON safe inside a `<script>` element: no `</script>` and no raw line separators. */
function jsonForScript(v: unknown): string {
  return JSON.stringify(v).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}
