import { setup } from 'xstate';
import { renameColumn, renameColumnWaitsFor, tableOf } from './database.ts';
import { never, once, type ActorDef } from './ActorDef.ts';
import { updateDb } from './internal/plainUpdate.ts';
import { canSpend, spend } from './internal/spend.ts';
import type { FaultDeclarations } from './FaultDeclarations.ts';

/** An operator running DDL on a business table, at any moment, as a fault. */
export const operatorMachine = setup({
  types: { events: {} as { type: 'RENAME_COLUMN' } },
  actions: { renameColumn: () => {} },
}).createMachine({
  id: 'operator',
  initial: 'ready',
  states: { ready: { on: { RENAME_COLUMN: { actions: 'renameColumn' } } } },
});

/** The faults the operator can inject. */
export const operatorFaults = {
  /** An operator renames a column of a captured table. */
  schemaChange: 'an operator renames a column of a captured table',
} as const satisfies FaultDeclarations;

/**
 * The schema-change fault: `ALTER TABLE table RENAME COLUMN from TO to`, enabled while the
 * `schemaChange` budget lasts, the column still has its old name and no open transaction has
 * written to the table (the rename would wait for it). The operator has no state
 * of its own (its control state is always `ready`).
 */
export function operatorDef(table: string, from: string, to: string): ActorDef {
  return {
    lane: 'DB',
    machine: operatorMachine,
    count: 1,
    name: () => 'operator',
    at: () => 'ready',
    setAt: () => {},
    claim: () => {},
    // The rename takes an ACCESS EXCLUSIVE lock: it waits for open writers of the table.
    enabled: (w) => (canSpend(w, 'schemaChange') && tableOf(w.db, table).columns.includes(from) && renameColumnWaitsFor(w.db, table).length === 0 ? once : never),
    detail: () => `${table}.${from}→${to}`,
    effects: {
      renameColumn(w) {
        updateDb(w, (db) => renameColumn(db, table, from, to));
        spend(w, 'schemaChange');
      },
    },
    verbs: { RENAME_COLUMN: 'DbRenameColumn' },
    faults: ['RENAME_COLUMN'],
    budgets: operatorFaults,
    // An operator renames a column whenever it likes, the pipeline at rest or not.
    idleFaults: ['schemaChange'],
  };
}
