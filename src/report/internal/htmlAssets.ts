/**
 * The inline stylesheet and script of the HTML report. Kept as plain strings (no bundler, no
 * network) so the report is one self-contained file that opens from disk.
 */

/** Stylesheet: a grid of steps × lanes, and a sticky side panel. */
export const HTML_CSS = `
:root { --fault: #c62828; --fault-bg: #fde4e4; --sel: #fff5c2; --changed: #8a5a00; --line: #d0d7de; --fg: #1f2328; --muted: #59636e; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: #fff; }
header { padding: 12px 20px; border-bottom: 1px solid var(--line); }
h1 { font-size: 20px; margin: 0 0 4px; }
.verdict { margin: 0; font-weight: 600; }
.verdict.unexpected { color: #fff; background: var(--fault); display: inline-block; padding: 0 6px; }
.explanation, .help { margin: 4px 0 0; color: var(--muted); max-width: 70em; }
kbd { border: 1px solid var(--line); border-bottom-width: 2px; border-radius: 3px; padding: 0 4px; font-size: 12px; }
main { display: flex; align-items: flex-start; gap: 16px; padding: 12px 20px; }
#lanes { flex: 1 1 auto; min-width: 0; outline: none; }
.grid { display: grid; grid-template-columns: 3.5rem repeat(var(--lanes), minmax(7rem, 1fr)); }
.heads { position: sticky; top: 0; background: #fff; z-index: 2; border-bottom: 2px solid var(--fg); }
.heads span { grid-row: 1; font-weight: 700; text-align: center; padding: 4px; }
.step { cursor: pointer; min-height: 2.4em; }
.step > * { grid-row: 1; }
.step .cell { border-left: 2px dashed var(--line); }
.step .num { color: var(--muted); font-variant-numeric: tabular-nums; padding: 6px 4px; text-align: right; }
.step .event { align-self: center; margin: 4px 6px; padding: 2px 8px; border: 1px solid #8c959f; border-radius: 4px; background: #f6f8fa; text-align: center; font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 12px; overflow-wrap: normal; word-break: normal; hyphens: manual; position: relative; z-index: 1; }
.step .event.message { border-style: solid; background: #eef4ff; }
.step .event.initial { background: transparent; border-style: dotted; color: var(--muted); }
.step.fault .event { background: var(--fault-bg); border-color: var(--fault); color: var(--fault); font-weight: 700; }
.step.fault .num::before { content: "✖ "; color: var(--fault); }
.step.selected { background: var(--sel); }
.step.damage { box-shadow: inset 4px 0 0 var(--fault); }
.w { white-space: nowrap; }
.step .mark { display: block; font-family: system-ui, -apple-system, "Segoe UI", sans-serif; font-size: 11px; font-weight: 700; }
.step .damage-mark { color: var(--fault); }
.step .loop-mark, .cycle-start { color: #6639ba; }
.step.cycle { background: #f5f0ff; }
.step.cycle.selected { background: var(--sel); }
.cycle-start { border-top: 2px dashed #6639ba; margin-top: 4px; padding: 2px 0 2px 3.5rem; font-size: 12px; font-weight: 700; }
.reason, .damage, .lasso { margin: 4px 0 0; max-width: 70em; }
header .reason { color: var(--fault); font-weight: 600; }
#status { margin: 4px 0 0; min-height: 1.2em; color: var(--changed); font-weight: 600; }
#panel .panel-note { margin: 6px 0; padding: 4px 8px; border-radius: 4px; font-size: 13px; }
#panel .panel-note.reason { background: var(--fault-bg); color: var(--fault); font-weight: 600; }
#panel .panel-note.damage { border: 1px solid var(--fault); color: var(--fault); }
#panel .panel-note.lasso { border: 1px solid #6639ba; color: #6639ba; }
.step:hover { background: #f3f4f6; }
.step.selected:hover { background: var(--sel); }
#panel { flex: 0 0 24rem; position: sticky; top: 12px; border: 1px solid var(--line); border-radius: 6px; padding: 10px 14px; background: #fbfbfc; }
#panel h2 { font-size: 15px; margin: 0 0 6px; }
#panel h3 { font-size: 13px; margin: 10px 0 4px; color: var(--muted); }
#panel .badge { display: inline-block; background: var(--fault); color: #fff; padding: 0 6px; border-radius: 3px; font-weight: 700; font-size: 12px; }
#says { margin: 0; }
#says .say { display: grid; grid-template-columns: 6.5rem 1fr; gap: 6px; padding: 2px 0; border-bottom: 1px solid #eef0f2; }
#says dt { font-weight: 700; }
#says dd { margin: 0; font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 12px; overflow-wrap: anywhere; }
#says .say.changed dd { color: var(--changed); font-weight: 700; }
#says .say.changed dt::after { content: " ●"; color: var(--changed); }
#changes { margin: 0; padding-left: 18px; font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 12px; }
.nav { margin-top: 8px; display: flex; gap: 6px; }
.replay { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 12px; overflow-wrap: anywhere; color: var(--muted); }
`;

/**
 * Script: reads the embedded trace data, renders the side panel for the selected step, and moves
 * the selection with the keyboard (→/↓/j next, ←/↑/k previous, Home/End, c next fault, wrapping
 * to the first; a trace without a fault says so) or a click. At the damage step the panel says
 * so; at the last step it says why the property fails, and for a lasso which step it loops back
 * to. The selection is mirrored in the URL hash so a step can be linked to.
 */
export const HTML_JS = `
(function () {
  var data = JSON.parse(document.getElementById('trace-data').textContent);
  var rows = Array.prototype.slice.call(document.querySelectorAll('.step'));
  var current = 0;
  function el(tag, cls, text) { var e = document.createElement(tag); if (cls) e.className = cls; if (text != null) e.textContent = text; return e; }
  function render() {
    var step = data.steps[current];
    rows.forEach(function (r, i) { var on = i === current; r.classList.toggle('selected', on); if (on) r.setAttribute('aria-current', 'step'); else r.removeAttribute('aria-current'); });
    var title = document.getElementById('panel-title');
    title.textContent = 'Step ' + step.index + ' of ' + (data.steps.length - 1) + ': ' + (step.action === null ? 'initial state' : step.fault ? '✖ ' : '');
    if (step.actionWords) step.actionWords.forEach(function (w, i) { if (i > 0) title.appendChild(el('wbr')); title.appendChild(el('span', 'w', w)); });
    var who = document.getElementById('panel-actor');
    who.textContent = step.actor === null ? '' : (step.target ? step.actor + ' → ' + step.target : step.actor);
    document.getElementById('panel-fault').hidden = !step.fault;
    var last = current === data.steps.length - 1;
    note('panel-damage', current === data.damageStep && data.damage ? '⚑ Point of no return: ' + data.damage : null);
    note('panel-loop', last && data.loopsBackTo !== null ? '↺ Loops back to step ' + data.loopsBackTo + ': this state equals the state at step ' + data.loopsBackTo + ', so steps ' + (data.loopsBackTo + 1) + '–' + current + ' repeat for ever.' : null);
    note('panel-reason', last && data.reason ? 'Why it fails: ' + data.reason : null);
    var says = document.getElementById('says');
    says.textContent = '';
    data.lanes.forEach(function (lane) {
      var row = el('div', 'say' + (step.changedLanes.indexOf(lane) >= 0 ? ' changed' : ''));
      row.setAttribute('data-lane', lane);
      row.appendChild(el('dt', null, lane));
      row.appendChild(el('dd', null, step.says[lane] || ''));
      says.appendChild(row);
    });
    var changes = document.getElementById('changes');
    changes.textContent = '';
    if (step.changes.length === 0) changes.appendChild(el('li', null, step.index === 0 ? '(initial state)' : '(no change)'));
    step.changes.forEach(function (c) { changes.appendChild(el('li', null, c)); });
    rows[current].scrollIntoView({ block: 'nearest' });
    if (history.replaceState) history.replaceState(null, '', '#step-' + current);
  }
  function note(id, text) { var e = document.getElementById(id); e.hidden = text === null; e.textContent = text === null ? '' : text; }
  function status(text) { document.getElementById('status').textContent = text; }
  function go(i) { current = Math.max(0, Math.min(data.steps.length - 1, i)); status(''); render(); }
  function nextFault() {
    var i, from = current;
    for (i = from + 1; i < data.steps.length; i++) if (data.steps[i].fault) return go(i);
    for (i = 0; i <= from; i++) if (data.steps[i].fault) { go(i); return status('No crash after step ' + from + ': back to the first one, at step ' + i + '.'); }
    status('This trace has no crash: no fault is injected in it.');
  }
  document.addEventListener('keydown', function (e) {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    var k = e.key;
    if (k === 'ArrowRight' || k === 'ArrowDown' || k === 'j' || k === 'n') go(current + 1);
    else if (k === 'ArrowLeft' || k === 'ArrowUp' || k === 'k' || k === 'p') go(current - 1);
    else if (k === 'Home') go(0);
    else if (k === 'End') go(data.steps.length - 1);
    else if (k === 'c') nextFault();
    else return;
    e.preventDefault();
  });
  rows.forEach(function (r, i) { r.addEventListener('click', function () { go(i); }); });
  document.getElementById('prev').addEventListener('click', function () { go(current - 1); });
  document.getElementById('next').addEventListener('click', function () { go(current + 1); });
  var m = /^#step-(\\d+)$/.exec(location.hash);
  go(m ? Number(m[1]) : 0);
})();
`;
