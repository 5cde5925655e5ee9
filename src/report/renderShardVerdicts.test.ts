import { describe, expect, it } from 'vitest';
import { renderShardVerdicts } from './renderShardVerdicts.ts';
import type { VerdictRow } from './VerdictRow.ts';

const row = (property: string, expected: VerdictRow['expected'], status: VerdictRow['status'], kind: VerdictRow['kind'] = 'invariant'): VerdictRow => ({
  scenario: 'slot-lost',
  property,
  kind,
  expected,
  status,
  traceLength: status === 'violated' ? 11 : 0,
  states: 1015,
  ms: 5,
  mode: 'exhaustive',
});

describe('renderShardVerdicts', () => {
  it('says what the shard found, what it leaves to the merge (never "holds"), and which share it searched', () => {
    const rows = [row('no-lost-events', 'violated', 'violated'), row('exactly-once-effect', 'holds', 'incomplete'), row('sometimes: x', 'holds', 'holds', 'reachability')];
    const text = renderShardVerdicts(rows, { index: 1, count: 4 }, { index: 1, count: 4, depth: 8, frontier: 71, kept: 18, prefixStates: 184, complete: true });
    expect(text).toBe(
      'slot-lost (shard 1/4): ✗ no-lost-events violated (11 steps); 1 invariant left to the merge; reachability 1/1 reached here\n' +
        '  1015 states: 18 of the 71 states at depth 8 and what lies under them, and the 184 states down to that depth, which every shard explores',
    );
    expect(text).not.toContain('holds');
  });

  it('marks a violation of an invariant expected to hold, a share cut short, and a search that dealt nothing out', () => {
    const wrong = renderShardVerdicts([row('exactly-once-effect', 'holds', 'violated')], { index: 0, count: 2 }, { index: 0, count: 2, depth: 3, frontier: 40, kept: 20, prefixStates: 9, complete: false });
    expect(wrong).toContain(' UNEXPECTED  exactly-once-effect violated (11 steps)');
    expect(wrong).toContain('(cut short by a bound)');
    const whole = renderShardVerdicts([row('a', 'holds', 'holds')], { index: 0, count: 2 }, { index: 0, count: 2, depth: null, frontier: 0, kept: 0, prefixStates: 1015, complete: true });
    expect(whole).toContain('1015 states: the whole space (no frontier grew to 32 states, so nothing was dealt out)');
  });
});
