import { abort, begin, commit, createDatabase, readRow, tableOf, write, type Database, type Op, type Value } from '../models/world/database.ts';
import type { Row, Statement, Workload, WorkloadTable } from './Workload.ts';
import type { OutcomeChange, WorkloadOutcome } from './WorkloadOutcome.ts';

/** The model's column lists for the workload tables: the same columns, key first, as the DDL. */
const COLUMNS: Readonly<Record<WorkloadTable, readonly string[]>> = {
  accounts: ['id', 'balance'],
  outbox: ['id', 'aggregate_id', 'payload'],
};
const OPS: Readonly<Record<Op, OutcomeChange['op']>> = { c: 'insert', u: 'update', d: 'delete' };

/**
 * Runs a workload through the model's database (`models/world/database.ts`) and reports what its
 * WAL and tables say, in the same shape as `PostgresWorkbench.run`, so the two can be diffed.
 *
 * The translation is deliberately thin: each statement becomes exactly one model call (`begin`,
 * `write`, `commit`, `abort`). An INSERT writes op `c`, an UPDATE op `u` with the full new row
 * (the session's current row with the SET applied, as PostgreSQL writes it), a DELETE op `d`.
 * The model's primary keys are strings, so ids go in as `String(id)` and come back as numbers.
 * A `'blocked'` write would mean the workload generator broke its no-conflict promise, so it
 * throws rather than guess. Deterministic; creates a fresh database per call.
 */
export function runWorkloadOnModel(workload: Workload): WorkloadOutcome {
  const db = createDatabase((Object.keys(COLUMNS) as WorkloadTable[]).map((name) => ({ name, columns: [...COLUMNS[name]] })));
  const xidOf = new Map<string, number>();
  const txnOfXid = new Map<number, string>();
  for (const step of workload.steps) {
    const statement = step.statement;
    if (statement.kind === 'begin') {
      const xid = begin(db);
      xidOf.set(step.txn, xid);
      txnOfXid.set(xid, step.txn);
      continue;
    }
    const xid = xidOf.get(step.txn);
    if (xid === undefined) throw new Error(`${step.txn}: ${statement.kind} before BEGIN`);
    if (statement.kind === 'commit') commit(db, xid);
    else if (statement.kind === 'rollback') abort(db, xid);
    else {
      const result = write(db, xid, toWrite(db, xid, statement));
      if (result === 'blocked') throw new Error(`${step.txn}: the model blocked a write the workload promised to be conflict-free`);
    }
  }
  return {
    committed: db.wal.map((txn) => ({
      txn: txnOfXid.get(txn.xid) ?? `unknown xid ${txn.xid}`,
      lsns: { commit: asLsn(txn.commitLsn), changes: txn.changes.map((c) => asLsn(c.lsn)) },
      changes: txn.changes.map((change) => ({
        table: change.table as WorkloadTable,
        op: OPS[change.op],
        row: change.after === null ? { id: Number(change.pk) } : fromModelRow(change.after),
      })),
    })),
    tables: {
      accounts: modelTable(db, 'accounts'),
      outbox: modelTable(db, 'outbox'),
    },
    detail: db.wal.map((txn) => `xid ${txn.xid} (${txnOfXid.get(txn.xid) ?? '?'}) committed at LSN ${txn.commitLsn}`),
  };
}

type WriteStatement = Extract<Statement, { kind: 'insert' | 'update' | 'delete' }>;

function toWrite(db: Database, xid: number, statement: WriteStatement) {
  const columns = COLUMNS[statement.table];
  switch (statement.kind) {
    case 'insert': {
      const values = columns.map((c) => (c === 'id' ? String(statement.row.id) : (statement.row[c] ?? null)));
      return { table: statement.table, op: 'c' as const, pk: String(statement.row.id), values, tag: null };
    }
    case 'update': {
      const pk = String(statement.id);
      const current = readRow(db, statement.table, pk, xid);
      // An UPDATE that matches nothing still reaches the model, which must answer "0 rows".
      const values = (current ?? columns.map((c) => (c === 'id' ? pk : null))).map((v, i) => {
        const column = columns[i]!;
        return column in statement.set ? (statement.set[column] ?? null) : v;
      });
      return { table: statement.table, op: 'u' as const, pk, values, tag: null };
    }
    case 'delete':
      return { table: statement.table, op: 'd' as const, pk: String(statement.id), values: null, tag: null };
  }
}

function modelTable(db: Database, table: WorkloadTable): Row[] {
  const columns = tableOf(db, table).columns;
  return tableOf(db, table)
    .rows.map((values) => fromModelRow(Object.fromEntries(columns.map((c, i) => [c, values[i] ?? null]))))
    .sort((a, b) => Number(a.id) - Number(b.id));
}

/** A model LSN written the way PostgreSQL prints one, so both sides order with `lsnValue`. */
function asLsn(n: number): string {
  return `0/${n.toString(16).toUpperCase()}`;
}

function fromModelRow(after: Record<string, Value>): Row {
  return { ...after, id: Number(after.id) };
}
