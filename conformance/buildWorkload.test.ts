import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildWorkload } from './buildWorkload.ts';
import { commitsOutOfBeginOrder, workloadArbitrary } from './workloadArbitrary.ts';

describe('buildWorkload', () => {
  it('closes every transaction, and each session only ever touches its own id range', () => {
    fc.assert(
      fc.property(workloadArbitrary(), (workload) => {
        const open = new Set<string>();
        for (const { session, txn, statement } of workload.steps) {
          expect(txn.startsWith(`s${session}.`)).toBe(true);
          if (statement.kind === 'begin') open.add(txn);
          else expect(open.has(txn)).toBe(true);
          if (statement.kind === 'commit' || statement.kind === 'rollback') open.delete(txn);
          const id = statement.kind === 'insert' ? statement.row.id : 'id' in statement ? statement.id : undefined;
          if (id !== undefined) expect(Math.floor(id / 1000)).toBe(session);
        }
        expect(open.size).toBe(0);
      }),
      { seed: 7 },
    );
  });

  it('is deterministic, and interleaves so that commit order can differ from begin order', () => {
    // s0 begins, s1 begins, s1 commits (its own choices), then s0 commits.
    const choices = [0, 1, 2 * 3 + 1, 2 * 5 + 1, 1 * 2 + 0, 0];
    expect(buildWorkload(2, choices)).toEqual(buildWorkload(2, choices));
    const workload = buildWorkload(2, [0, 1, 1, 0]);
    expect(workload.steps.map((s) => `${s.txn}:${s.statement.kind}`)).toEqual([
      's0.t0:begin',
      's1.t0:begin',
      's1.t0:commit',
      's0.t0:commit',
    ]);
    expect(commitsOutOfBeginOrder(workload)).toBe(true);
  });
});
