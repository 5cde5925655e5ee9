import { plainStyle, type Style } from './Style.ts';
import { outcomeOf, type VerdictRow } from './VerdictRow.ts';

/**
 * Renders the verdict matrix for the terminal: per scenario, one line per invariant with its
 * verdict (`holds`, `violated (as expected)`, or a loudly marked `UNEXPECTED`), then the
 * scenario's reachability checks on one line, then a summary count.
 *
 * A scenario × invariant grid is too wide for a terminal with seven invariants, so the matrix is
 * printed one cell per line, grouped by scenario; `reports/index.md` has the grid. Pure.
 */
export function renderVerdictMatrix(rows: readonly VerdictRow[], style: Style = plainStyle): string {
  const st = style;
  const scenarios = [...new Set(rows.map((r) => r.scenario))];
  const sw = Math.max(8, ...scenarios.map((s) => s.length));
  const pw = Math.max(9, ...rows.filter((r) => r.kind === 'invariant').map((r) => r.property.length));
  const lines = [st.bold(`${'scenario'.padEnd(sw)}  ${'invariant'.padEnd(pw)}  verdict`)];
  for (const scenario of scenarios) {
    const mine = rows.filter((r) => r.scenario === scenario);
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
    const states = mine[0]?.states ?? 0;
    const ms = mine[0]?.ms ?? 0;
    lines.push(`${''.padEnd(sw)}  ${st.dim(`${states} states, ${ms} ms`)}`);
  }
  const counts = { holds: 0, 'violated-as-expected': 0, 'not-refuted': 0, unexpected: 0 };
  for (const r of rows) counts[outcomeOf(r)]++;
  const sampled = counts['not-refuted'] > 0 ? `, ${counts['not-refuted']} not refuted by sampling` : '';
  const summary = `${scenarios.length} scenario${scenarios.length === 1 ? '' : 's'}: ${counts.holds} hold, ${counts['violated-as-expected']} violated as expected${sampled}, ${counts.unexpected} UNEXPECTED`;
  lines.push('', counts.unexpected > 0 ? st.alarm(` ${summary} `) : st.bold(summary));
  return lines.join('\n');
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
