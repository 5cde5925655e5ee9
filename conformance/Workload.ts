/**
 * The tables a conformance workload writes: a business table and an outbox, the two tables a
 * transactional-outbox service touches in one transaction.
 */
export type WorkloadTable = 'accounts' | 'outbox';

/** A row as both sides report it: column name to value. Keys are always the integer `id`. */
export type Row = Readonly<Record<string, number | string | null>>;

/** One SQL statement of a workload, as data, so it can run on PostgreSQL and in the model. */
export type Statement =
  | { kind: 'begin' }
  | { kind: 'insert'; table: WorkloadTable; row: Row & { id: number } }
  | { kind: 'update'; table: WorkloadTable; id: number; set: Row }
  | { kind: 'delete'; table: WorkloadTable; id: number }
  | { kind: 'commit' }
  | { kind: 'rollback' };

/** A statement issued on one session, as part of one of that session's transactions. */
export interface WorkloadStep {
  /** The connection that issues it, 0-based. */
  session: number;
  /** Which transaction it belongs to, e.g. `s1.t0` (session 1's first); stable across runs. */
  txn: string;
  statement: Statement;
}

/**
 * An interleaved multi-session workload: the steps run one at a time, in this order, each on
 * its session. Every transaction is closed (committed or rolled back) by the last step.
 *
 * Plain data: serialisable, and replayable on both the server and the model.
 */
export interface Workload {
  sessions: number;
  steps: readonly WorkloadStep[];
}

/** The DDL the workload's tables need; the model is told the same columns. */
export const WORKLOAD_SCHEMA: Readonly<Record<WorkloadTable, string>> = {
  accounts: 'CREATE TABLE accounts (id integer PRIMARY KEY, balance integer NOT NULL)',
  outbox:
    'CREATE TABLE outbox (id integer PRIMARY KEY, aggregate_id integer NOT NULL, payload text NOT NULL)',
};

/** Renders a statement as the SQL that runs on the server (values are generated integers and
 * `[a-z0-9-]` strings, but are quoted properly anyway). Pure. */
export function statementSql(statement: Statement): string {
  switch (statement.kind) {
    case 'begin':
      return 'BEGIN';
    case 'commit':
      return 'COMMIT';
    case 'rollback':
      return 'ROLLBACK';
    case 'insert': {
      const columns = Object.keys(statement.row);
      const values = columns.map((c) => literal(statement.row[c] ?? null));
      return `INSERT INTO ${statement.table} (${columns.join(', ')}) VALUES (${values.join(', ')})`;
    }
    case 'update': {
      const sets = Object.entries(statement.set).map(([c, v]) => `${c} = ${literal(v)}`);
      return `UPDATE ${statement.table} SET ${sets.join(', ')} WHERE id = ${statement.id}`;
    }
    case 'delete':
      return `DELETE FROM ${statement.table} WHERE id = ${statement.id}`;
  }
}

function literal(value: number | string | null): string {
  if (value === null) return 'NULL';
  if (typeof value === 'number') return String(Math.trunc(value));
  return `'${value.replaceAll("'", "''")}'`;
}

/** A readable one-line-per-step listing of a workload, for failure messages. Pure. */
export function formatWorkload(workload: Workload): string {
  return workload.steps
    .map((step) => `  [s${step.session}] ${statementSql(step.statement)};   -- ${step.txn}`)
    .join('\n');
}
