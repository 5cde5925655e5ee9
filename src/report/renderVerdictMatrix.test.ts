import { describe, expect, it } from 'vitest';
import { renderIndex } from './renderIndex.ts';
import { renderVerdictMatrix } from './renderVerdictMatrix.ts';
import { createStyle } from './Style.ts';
import type { VerdictRow } from './VerdictRow.ts';

const base = { states: 42, ms: 5, traceLength: 0, kind: 'invariant' as const, mode: 'exhaustive' as const };
const rows: VerdictRow[] = [
  { ...base, scenario: 'dual-write', property: 'no-lost-events', expected: 'violated', status: 'violated', traceLength: 3 },
  { ...base, scenario: 'dual-write', property: 'no-phantom-events', expected: 'holds', status: 'holds' },
  { ...base, scenario: 'dual-write', property: 'crash-after-commit', kind: 'reachability', expected: 'holds', status: 'holds' },
  { ...base, scenario: 'outbox-cdc', property: 'no-lost-events', expected: 'holds', status: 'violated', traceLength: 5 },
  { ...base, scenario: 'outbox-cdc', property: 'no-phantom-events', expected: 'holds', status: 'incomplete' },
];

describe('renderVerdictMatrix', () => {
  const text = renderVerdictMatrix(rows);
  it('keeps holds, violated (as expected) and UNEXPECTED visibly apart', () => {
    expect(text).toMatch(/dual-write +no-lost-events +✗ violated \(as expected\) {2}3 steps/);
    expect(text).toMatch(/ +no-phantom-events +✓ holds/);
    expect(text).toMatch(/outbox-cdc +no-lost-events +UNEXPECTED  violated, expected holds/);
    expect(text).toMatch(/no-phantom-events +UNEXPECTED  incomplete, expected holds/);
    expect(text).toMatch(/\(reachability\) +✓ 1\/1 reached/);
    expect(text).toContain('2 scenarios: invariants 1 hold, 1 violated as expected, 2 UNEXPECTED; reachability 1/1 reached');
  });
  it('colours only when asked', () => {
    expect(text).not.toMatch(/\u001b\[/);
    expect(renderVerdictMatrix(rows, createStyle(true))).toMatch(/\u001b\[7m/);
  });
});

describe('renderIndex', () => {
  it('is a scenario × invariant table linking each violation to its report', () => {
    const md = renderIndex(rows, [{ id: 'dual-write', title: 'T1' }, { id: 'outbox-cdc', title: 'Outbox' }], (r) => `${r.scenario}/${r.property}.md`);
    expect(md).toContain('| scenario | `no-lost-events` | `no-phantom-events` | reachability | states explored |');
    expect(md).toContain('| `dual-write` | [✗ violated](dual-write/no-lost-events.md) | ✓ holds | ✓ 1/1 | 42 |');
    expect(md).toContain('| `outbox-cdc` | **UNEXPECTED** [violated](outbox-cdc/no-lost-events.md) (expected holds) | **UNEXPECTED** incomplete (expected holds) | – | 42 |');
    expect(md).toContain('- `outbox-cdc`: Outbox');
  });
});
