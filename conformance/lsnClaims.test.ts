import { describe, expect, it } from 'vitest';
import { lsnClaims, lsnOrder } from './lsnClaims.ts';
import type { WorkloadOutcome } from './WorkloadOutcome.ts';

const outcome = (txns: [string, string[]][]): WorkloadOutcome => ({
  committed: txns.map(([commit, changes], i) => ({ txn: `t${i}`, changes: [], lsns: { commit, changes } })),
  tables: { accounts: [], outbox: [] },
  detail: [],
});

describe('lsnClaims', () => {
  it('accepts rising commits with in-order changes, and counts changes written before the previous commit', () => {
    // t1 wrote its first change before t0 committed, as interleaved sessions do.
    const findings = lsnClaims(outcome([['0/50', ['0/20', '0/40']], ['0/80', ['0/30', '0/60']]]));
    expect(findings).toEqual({ violations: [], interleavedChanges: 1 });
  });

  it('reports commits out of stream order and changes past their commit', () => {
    const findings = lsnClaims(outcome([['0/50', ['0/60']], ['0/40', []]]));
    expect(findings.violations).toEqual([
      't0: change LSNs out of statement order or past the commit',
      't1: commit LSN 0/40 does not rise in stream order',
    ]);
  });

  it('lists changes and commits in LSN order, whatever the LSN values', () => {
    const server = outcome([['0/50', ['0/20', '0/40']], ['0/80', ['0/30', '0/60']]]);
    const model = outcome([['0/5', ['0/1', '0/3']], ['0/7', ['0/2', '0/6']]]);
    expect(lsnOrder(server)).toEqual(['t0#0', 't1#0', 't0#1', 't0:commit', 't1#1', 't1:commit']);
    expect(lsnOrder(model)).toEqual(lsnOrder(server));
    // Numbering changes after the previous commit, as the model once did, gives another order.
    expect(lsnOrder(outcome([['0/3', ['0/1', '0/2']], ['0/6', ['0/4', '0/5']]]))).not.toEqual(lsnOrder(server));
  });
});
