import { describe, expect, it } from 'vitest';
import { diffOutcomes, type WorkloadOutcome } from './WorkloadOutcome.ts';

const base: WorkloadOutcome = {
  committed: [
    { txn: 's0.t0', changes: [{ table: 'accounts', op: 'insert', row: { id: 1, balance: 5 } }] },
    { txn: 's1.t0', changes: [{ table: 'outbox', op: 'delete', row: { id: 1001 } }] },
  ],
  tables: { accounts: [{ id: 1, balance: 5 }], outbox: [] },
  detail: [],
};

describe('diffOutcomes', () => {
  it('finds nothing when the outcomes are equal', () => {
    expect(diffOutcomes(base, structuredClone(base))).toEqual([]);
  });

  it('reports commit order, per-transaction changes and final tables separately', () => {
    const model = structuredClone(base);
    model.committed.reverse();
    expect(diffOutcomes(base, model)).toEqual(['commit order: DB says [s0.t0, s1.t0], model says [s1.t0, s0.t0]']);
    const other = structuredClone(base);
    other.committed[0]!.changes[0]!.row = { id: 1, balance: 6 };
    other.tables.accounts = [];
    expect(diffOutcomes(base, other)).toEqual([
      'changes of s0.t0: DB says [insert accounts {id:1,balance:5}], model says [insert accounts {id:1,balance:6}]',
      'final accounts: DB says {{id:1,balance:5}}, model says {}',
    ]);
  });
});
