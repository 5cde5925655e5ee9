import { describe, expect, it } from 'vitest';
import { buildScenario } from '../scenarios.ts';
import type { World } from './World.ts';

/** The budget names a world's `budgets` compare: those `withLeft` at all zeros changes. */
function compared(id: string, scope: 'small' | 'large' = 'small'): string[] {
  const model = buildScenario(id, { scope });
  const initial = model.initial()[0]!;
  const drained = model.budgets!.withLeft(initial, model.budgets!.most.map(() => 0));
  return Object.keys(initial.budget).filter((f) => drained.budget[f] !== initial.budget[f]);
}

describe('worldBudgets', () => {
  it('compares every fault with a budget above 0, and leaves out those that may strike an idle world (a dropped slot, a renamed column)', () => {
    expect(compared('dual-write')).toEqual(['serviceCrash', 'commitFail']);
    // Exactly-once source and Debezium before DBZ-7816 commit on the timer only (eagerOffsetCommit).
    expect(compared('outbox-cdc-exactly-once-source')).toEqual(['serviceCrash', 'network', 'connectorCrash']);
    expect(compared('dbz-7816-inflight')).toEqual(['network', 'connectorCrash']);
  });

  it('leaves out the budgets that decide when the connector commits its offsets (ActorDef.readsBudgets), where it commits at once once they are spent', () => {
    // With more of a crash, slot loss or network fault left the offset commit waits for its
    // timer; with none left it follows every step: something else, not something more.
    expect(compared('outbox-cdc')).toEqual(['serviceCrash', 'commitFail', 'consumerCrash']);
    expect(compared('outbox-cdc-schema-change')).toEqual([]);
    expect(compared('slot-lost', 'large')).toEqual([]);
  });

  it('reads what is left, and changes only the budgets: the world with its own budgets back is the world', () => {
    const model = buildScenario('outbox-cdc');
    const b = model.budgets!;
    const initial = model.initial()[0]!;
    expect(b.left(initial)).toEqual(b.most);
    expect(b.most).toEqual([1, 1, 1]);
    const spent = b.withLeft(initial, [0, 1, 0]);
    expect(b.left(spent)).toEqual([0, 1, 0]);
    expect({ ...spent, budget: initial.budget }).toEqual(initial);
    expect(b.withLeft(spent, b.most)).toEqual(initial);
    // The world is not changed, and the copy at the most is shared by every world of one budget record.
    expect(b.left(initial)).toEqual([1, 1, 1]);
    const again = b.withLeft(spent, b.most) as World;
    expect(again.budget).toBe((b.withLeft(spent, b.most) as World).budget);
    // That copy is for the most only: other budgets asked for after it, or before it, are their own.
    expect(b.left(b.withLeft(spent, [1, 0, 1]))).toEqual([1, 0, 1]);
    expect(b.left(b.withLeft(spent, b.most))).toEqual(b.most);
    const fresh = b.withLeft(initial, [1, 1, 0]);
    expect(b.left(b.withLeft(fresh, [0, 1, 0]))).toEqual([0, 1, 0]);
    expect(b.left(b.withLeft(fresh, b.most))).toEqual(b.most);
    expect(b.left(b.withLeft(fresh, [1, 0, 0]))).toEqual([1, 0, 0]);
  });
});
