import pg from 'pg';
import { parseTestDecoding, type DecodedTransaction } from './parseTestDecoding.ts';
import { WORKLOAD_SCHEMA, statementSql, type Row, type Workload, type WorkloadTable } from './Workload.ts';
import type { OutcomeTransaction, WorkloadOutcome } from './WorkloadOutcome.ts';

/** Schema and slot names are per process: on a shared `DATABASE_URL` server nothing of the
 * user's is touched, and parallel runs do not see each other's tables. */
const SCHEMA = `cdc_check_workload_${process.pid}`;
const SLOT = SCHEMA;
const TABLES = Object.keys(WORKLOAD_SCHEMA) as WorkloadTable[];
/** SQLSTATEs a generated statement may legitimately raise: duplicate key, and any statement
 * after an error in the same transaction. Anything else is a harness bug and is rethrown. */
const EXPECTED_ERRORS = new Set(['23505', '25P02']);

/**
 * A database prepared for running workloads: the tables, a `test_decoding` slot created before
 * any workload runs, and one connection per session.
 *
 * Each `run` leaves the tables empty and the slot drained, so workloads are independent while
 * the server, connections and slot are reused (creating a slot per workload would dominate the
 * run time).
 */
export class PostgresWorkbench {
  private constructor(
    private readonly admin: pg.Client,
    private readonly sessions: pg.Client[],
  ) {}

  /**
   * Connects `sessions` clients plus an admin one, (re)creates the tables and the slot. A
   * `lock_timeout` turns a harness bug that makes sessions wait on each other into an error
   * instead of a hung test.
   */
  static async open(connectionString: string, sessions = 3): Promise<PostgresWorkbench> {
    const admin = new pg.Client({ connectionString });
    await admin.connect();
    await admin.query(`SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = '${SLOT}'`);
    await admin.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
    await admin.query(`CREATE SCHEMA ${SCHEMA}`);
    await admin.query(`SET search_path = ${SCHEMA}`);
    for (const table of TABLES) await admin.query(WORKLOAD_SCHEMA[table]);
    await admin.query(`SELECT pg_create_logical_replication_slot('${SLOT}', 'test_decoding')`);
    const clients: pg.Client[] = [];
    for (let i = 0; i < sessions; i++) {
      const client = new pg.Client({ connectionString, application_name: `conformance-s${i}` });
      await client.connect();
      await client.query(`SET search_path = ${SCHEMA}`);
      await client.query("SET lock_timeout = '5s'");
      // Decoding reads only flushed WAL; a server configured for asynchronous commit could
      // otherwise hide a just-committed transaction from the next read of the slot.
      await client.query('SET synchronous_commit = on');
      clients.push(client);
    }
    return new PostgresWorkbench(admin, clients);
  }

  /** The server's `version()` string. */
  async version(): Promise<string> {
    return (await this.admin.query<{ version: string }>('SELECT version()')).rows[0]!.version;
  }

  /**
   * Runs `workload` step by step, each statement on its session and awaited before the next,
   * then reads what logical decoding says and what the tables hold.
   *
   * Before each COMMIT it asks the session for `pg_current_xact_id_if_assigned()`: it assigns
   * nothing (a transaction that wrote nothing keeps no xid, as it would without the question)
   * and lets the decoded transactions be named by the workload transaction they came from.
   */
  async run(workload: Workload): Promise<WorkloadOutcome> {
    if (workload.sessions > this.sessions.length) throw new RangeError(`workload needs ${workload.sessions} sessions`);
    const txnOfXid = new Map<string, string>();
    const failed = new Set<string>();
    for (const step of workload.steps) {
      const client = this.sessions[step.session]!;
      if (step.statement.kind === 'commit' && !failed.has(step.txn)) {
        const xid = (await client.query<{ xid: string | null }>('SELECT pg_current_xact_id_if_assigned()::text AS xid')).rows[0]?.xid;
        if (xid !== null && xid !== undefined) txnOfXid.set(xid, step.txn);
      }
      try {
        await client.query(statementSql(step.statement));
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (code === undefined || !EXPECTED_ERRORS.has(code)) throw error;
        failed.add(step.txn);
      }
    }
    const decoded = await this.drain();
    const tables = await this.readTables();
    await this.admin.query(`TRUNCATE ${TABLES.join(', ')}`);
    await this.drain();
    return {
      committed: decoded.map((t) => toOutcome(t, txnOfXid)),
      tables,
      detail: decoded.map((t) => `xid ${t.xid} (${txnOfXid.get(t.xid) ?? '?'}) committed at ${t.commitLsn}`),
    };
  }

  /** Closes the sessions, drops the slot (a leftover slot would pin WAL on a shared server) and the schema. */
  async close(): Promise<void> {
    for (const client of this.sessions) await client.end().catch(() => undefined);
    await this.admin.query(`SELECT pg_drop_replication_slot('${SLOT}')`).catch(() => undefined);
    await this.admin.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`).catch(() => undefined);
    await this.admin.end().catch(() => undefined);
  }

  private async drain(): Promise<DecodedTransaction[]> {
    const result = await this.admin.query<{ lsn: string; data: string }>(
      `SELECT lsn::text, data FROM pg_logical_slot_get_changes('${SLOT}', NULL, NULL, 'include-xids', '1', 'skip-empty-xacts', '1')`,
    );
    // A shared server may carry other schemas' transactions; only this schema's tables count.
    return parseTestDecoding(result.rows)
      .map((t) => ({ ...t, changes: t.changes.filter((c) => c.schema === SCHEMA && (TABLES as string[]).includes(c.table)) }))
      .filter((t) => t.changes.length > 0);
  }

  private async readTables(): Promise<Record<WorkloadTable, Row[]>> {
    const out = {} as Record<WorkloadTable, Row[]>;
    for (const table of TABLES) out[table] = (await this.admin.query<Row>(`SELECT * FROM ${table} ORDER BY id`)).rows;
    return out;
  }
}

function toOutcome(txn: DecodedTransaction, txnOfXid: ReadonlyMap<string, string>): OutcomeTransaction {
  return {
    txn: txnOfXid.get(txn.xid) ?? `unknown xid ${txn.xid}`,
    lsns: { commit: txn.commitLsn, changes: txn.changes.map((c) => c.lsn) },
    changes: txn.changes.map((change) => {
      if (change.op === 'truncate') throw new Error(`unexpected TRUNCATE of ${change.table} inside a workload`);
      return { table: change.table as WorkloadTable, op: change.op, row: change.row };
    }),
  };
}
