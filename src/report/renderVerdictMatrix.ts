import { plainStyle, type Style } from './Style.ts';
import { outcomeOf, type VerdictRow } from './VerdictRow.ts';

/** Column widths of the terminal matrix, fixed before the first scenario is printed. */
export interface MatrixWidths {
  scenario: number;
  property: number;
}

/** Widths that fit these scenario ids and invariant names (at least the headings' widths). */
export function matrixWidths(scenarios: readonly string[], properties: readonly string[]): MatrixWidths {
  return { scenario: Math.max(8, ...scenarios.map((s) => s.length)), property: Math.max(9, ...properties.map((p) => p.length)) };
}

/** The matrix's heading line. */
export function renderMatrixHeading(widths: MatrixWidths, style: Style = plainStyle): string {
  return style.bold(`${'scenario'.padEnd(widths.scenario)}  ${'invariant'.padEnd(widths.property)}  verdict`);
}

/**
 * One scenario's lines of the matrix: a line per invariant with its verdict (`holds`, `violated
 * (as expected)`, or a loudly marked `UNEXPECTED`), its reachability checks on one line, and the
 * states explored. Printed as soon as the scenario's check ends. Pure.
 */
export function renderScenarioVerdicts(mine: readonly VerdictRow[], widths: MatrixWidths, style: Style = plainStyle): string {
  const st = style;
  const { scenario: sw, property: pw } = widths;
  const lines: string[] = [];
  const scenario = mine[0]?.scenario ?? '';
  let first = true;
  for (const row of mine.filter((r) => r.kind === 'invariant')) {
    lines.push(`${(first ? scenario : '').padEnd(sw)}  ${row.property.padEnd(pw)}  ${cell(row, st)}`);
    first = false;
  }
  const reach = mine.filter((r) => r.kind === 'reachability');
  if (reach.length > 0) {
    const bad = reach.filter((r) => outcomeOf(r) === 'unexpected');
    const sampled = reach.filter((r) => outcomeOf(r) === 'not-refuted').length;
    const text =
      bad.length === 0
        ? sampled > 0
          ? st.dim(`~ ${sampled}/${reach.length} not settled by sampling`)
          : st.green(`✓ ${reach.length}/${reach.length} reached`)
        : st.alarm(` UNEXPECTED `) + ' ' + st.red(bad.map((r) => `${r.property} ${r.status === 'incomplete' ? 'not settled (incomplete)' : 'never reached'}`).join(', '));
    lines.push(`${(first ? scenario : '').padEnd(sw)}  ${st.dim('(reachability)'.padEnd(pw))}  ${text}`);
  }
  lines.push(`${''.padEnd(sw)}  ${st.dim(`${mine[0]?.states ?? 0} states, ${mine[0]?.ms ?? 0} ms`)}`);
  return lines.join('\n');
}

/**
 * The closing count, invariants and reachability checks apart: "2 scenarios: invariants 3 hold,
 * 1 violated as expected, 0 UNEXPECTED; reachability 4/4 reached". Pure.
 */
export function renderMatrixSummary(rows: readonly VerdictRow[], style: Style = plainStyle): string {
  const scenarios = new Set(rows.map((r) => r.scenario)).size;
  const count = (kind: VerdictRow['kind']) => {
    const counts = { holds: 0, 'violated-as-expected': 0, 'not-refuted': 0, unexpected: 0 };
    for (const r of rows) if (r.kind === kind) counts[outcomeOf(r)]++;
    return counts;
  };
  const inv = count('invariant');
  const reach = count('reachability');
  const reachTotal = reach.holds + reach['violated-as-expected'] + reach['not-refuted'] + reach.unexpected;
  const sampled = inv['not-refuted'] > 0 ? `, ${inv['not-refuted']} not refuted by sampling` : '';
  const reachText =
    reachTotal === 0
      ? ''
      : `; reachability ${reach.holds}/${reachTotal} reached${reach['not-refuted'] > 0 ? `, ${reach['not-refuted']} not settled by sampling` : ''}${reach.unexpected > 0 ? `, ${reach.unexpected} UNEXPECTED` : ''}`;
  const summary = `${scenarios} scenario${scenarios === 1 ? '' : 's'}: invariants ${inv.holds} hold, ${inv['violated-as-expected']} violated as expected${sampled}, ${inv.unexpected} UNEXPECTED${reachText}`;
  return inv.unexpected + reach.unexpected > 0 ? style.alarm(` ${summary} `) : style.bold(summary);
}

/**
 * Renders the verdict matrix for the terminal: the heading, each scenario's verdicts
 * (`renderScenarioVerdicts`), then the summary count.
 *
 * A scenario × invariant grid is too wide for a terminal with seven invariants, so the matrix is
 * printed one cell per line, grouped by scenario; `reports/index.md` has the grid. Pure.
 */
export function renderVerdictMatrix(rows: readonly VerdictRow[], style: Style = plainStyle): string {
  const scenarios = [...new Set(rows.map((r) => r.scenario))];
  const widths = matrixWidths(scenarios, rows.filter((r) => r.kind === 'invariant').map((r) => r.property));
  const blocks = scenarios.map((s) => renderScenarioVerdicts(rows.filter((r) => r.scenario === s), widths, style));
  return [renderMatrixHeading(widths, style), ...blocks, '', renderMatrixSummary(rows, style)].join('\n');
}

function cell(row: VerdictRow, st: Style): string {
  switch (outcomeOf(row)) {
    case 'holds':
      return st.green('✓ holds');
    case 'violated-as-expected':
      return `${st.yellow('✗ violated (as expected)')}${st.dim(`  ${row.traceLength} steps`)}`;
    case 'not-refuted':
      return st.dim('~ no counterexample sampled (not a proof)');
    case 'unexpected':
      return `${st.alarm(' UNEXPECTED ')} ${st.red(`${row.status}, expected ${row.expected}`)}${row.status === 'violated' ? st.dim(`  ${row.traceLength} steps`) : ''}`;
  }
}
