import type { Row, WorkloadTable } from './Workload.ts';

/** A row change as both the server and the model report it, in the server's vocabulary. */
export interface OutcomeChange {
  table: WorkloadTable;
  op: 'insert' | 'update' | 'delete';
  /** The new row for insert/update; just `{ id }` for delete (PostgreSQL's default replica identity). */
  row: Row;
}

/** A committed transaction, named by the workload transaction it came from (e.g. `s1.t0`). */
export interface OutcomeTransaction {
  txn: string;
  changes: OutcomeChange[];
  /** The commit LSN and each change's LSN, as PostgreSQL prints them. Not diffed as values:
   * the model numbers LSNs its own way and claims only their order (see `lsnOrder`). */
  lsns?: { commit: string; changes: string[] };
}

/**
 * What one side (server or model) says a workload did: the committed transactions in commit
 * order as the change stream shows them, and the final table contents.
 */
export interface WorkloadOutcome {
  committed: OutcomeTransaction[];
  /** Every row of each table, sorted by id. */
  tables: Record<WorkloadTable, Row[]>;
  /** Side-specific detail kept for failure messages (xids, LSNs); never compared. */
  detail: string[];
}

/**
 * The differences between the server's and the model's outcome, one readable line each; empty
 * when they agree. Compares, in this order: the committed transactions in commit order (which
 * also catches rolled-back ones that appear), the changes of each in statement order, and the
 * final table contents. Pure.
 */
export function diffOutcomes(server: WorkloadOutcome, model: WorkloadOutcome): string[] {
  const out: string[] = [];
  const serverTxns = server.committed.map((t) => t.txn);
  const modelTxns = model.committed.map((t) => t.txn);
  if (serverTxns.join() !== modelTxns.join()) {
    out.push(`commit order: DB says [${serverTxns.join(', ')}], model says [${modelTxns.join(', ')}]`);
  }
  const modelByTxn = new Map(model.committed.map((t) => [t.txn, t]));
  for (const txn of server.committed) {
    const other = modelByTxn.get(txn.txn);
    if (other === undefined) continue;
    const a = txn.changes.map(formatChange);
    const b = other.changes.map(formatChange);
    if (a.join(' ; ') !== b.join(' ; ')) {
      out.push(`changes of ${txn.txn}: DB says [${a.join(' ; ')}], model says [${b.join(' ; ')}]`);
    }
  }
  for (const table of Object.keys(server.tables) as WorkloadTable[]) {
    const a = server.tables[table].map(formatRow).join(' ');
    const b = (model.tables[table] ?? []).map(formatRow).join(' ');
    if (a !== b) out.push(`final ${table}: DB says {${a}}, model says {${b}}`);
  }
  return out;
}

/** `insert accounts {id:1,balance:5}`. Pure. */
export function formatChange(change: OutcomeChange): string {
  return `${change.op} ${change.table} ${formatRow(change.row)}`;
}

function formatRow(row: Row): string {
  return `{${Object.entries(row)
    .map(([k, v]) => `${k}:${JSON.stringify(v)}`)
    .join(',')}}`;
}
