import pg from 'pg';
import type { HandoverObservation } from './HandoverObservation.ts';
import type { HandoverPlan, WriterChange } from './HandoverPlan.ts';
import { parseTestDecoding } from './parseTestDecoding.ts';
import type { Row } from './Workload.ts';

/** The table the hand-over runs on; separate from the workload tables so the suites never mix. */
export const HANDOVER_TABLE = 'handover_accounts';
/** Per-process schema, created and dropped by each run, so a shared server's data is never touched. */
const SCHEMA = `cdc_check_handover_${process.pid}`;
const TABLE = `${SCHEMA}.${HANDOVER_TABLE}`;
let slotCounter = 0;

/** What the server did beyond the observation: whether slot creation had to wait. */
export interface PostgresHandover extends HandoverObservation {
  /** True when `CREATE_REPLICATION_SLOT` was still waiting while the in-flight writer was open. */
  slotCreationWaited: boolean;
}

/**
 * Enacts a snapshot → stream hand-over on a real server, the way Debezium's PostgreSQL
 * connector does it, and observes the outcome.
 *
 * - exported: over a replication connection (`replication: 'database'`), `CREATE_REPLICATION_SLOT
 *   … LOGICAL test_decoding EXPORT_SNAPSHOT`; a reader session imports the snapshot with `SET
 *   TRANSACTION SNAPSHOT` in a REPEATABLE READ transaction; streaming starts at the slot's
 *   consistent point (its confirmed position).
 * - legacy: the slot is created without exporting, the reader opens its own REPEATABLE READ
 *   snapshot, and the start LSN is read separately with `pg_current_wal_lsn()` at the plan's
 *   `readLsn` step; streaming starts there (`pg_replication_slot_advance`, which is what asking
 *   the walsender to start at that LSN does).
 *
 * Writers commit on their own session between the reader's row reads. Coverage asks the server
 * itself: `pg_visible_in_snapshot(xid, pg_current_snapshot())` inside the reader's transaction
 * says whether a writer's transaction is in the snapshot, and the decoded xids say whether it was
 * streamed. The stream is read with `pg_logical_slot_get_changes` (test_decoding, include-xids).
 * The slot is dropped afterwards.
 */
export async function runHandoverOnPostgres(connectionString: string, plan: HandoverPlan): Promise<PostgresHandover> {
  const slot = `handover_${process.pid}_${slotCounter++}`;
  const admin = await connect(connectionString);
  const writer = await connect(connectionString);
  const inFlight = await connect(connectionString);
  const reader = await connect(connectionString);
  // `replication` is a real pg client option (it sets the startup parameter) that @types/pg omits.
  const replication = new pg.Client({ connectionString, replication: 'database' } as pg.ClientConfig);
  const xids = new Map<string, string>();
  const detail: string[] = [];
  try {
    await admin.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
    await admin.query(`CREATE SCHEMA ${SCHEMA}`);
    await admin.query(`CREATE TABLE ${TABLE} (id integer PRIMARY KEY, balance integer NOT NULL)`);
    xids.set('seed', await commitChanges(admin, plan.seed.map((row) => ({ op: 'insert' as const, ...row }))));
    if (plan.inFlight !== null) {
      await inFlight.query('BEGIN');
      await inFlight.query(changeSql(plan.inFlight));
      xids.set('in-flight', (await inFlight.query<{ xid: string }>('SELECT pg_current_xact_id()::text AS xid')).rows[0]!.xid);
    }
    let startLsn: string | null = null;
    let slotCreationWaited = false;
    if (plan.handover === 'exported') {
      await replication.connect();
      const creation = replication.query(`CREATE_REPLICATION_SLOT ${slot} LOGICAL test_decoding EXPORT_SNAPSHOT`);
      if (plan.inFlight !== null) {
        slotCreationWaited = await waitsOnXid(admin, creation, xids.get('in-flight')!);
        await inFlight.query('COMMIT');
      }
      const created = (await creation).rows[0] as { consistent_point: string; snapshot_name: string };
      detail.push(`slot ${slot} consistent point ${created.consistent_point}, snapshot ${created.snapshot_name}`);
      await reader.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
      await reader.query(`SET TRANSACTION SNAPSHOT '${created.snapshot_name}'`);
      // The snapshot is imported; the replication connection may go, freeing the slot for SQL reads.
      await replication.end();
    } else {
      const created = admin.query(`SELECT lsn::text FROM pg_create_logical_replication_slot('${slot}', 'test_decoding')`);
      if (plan.inFlight !== null) {
        slotCreationWaited = await waitsOnXid(admin, created, xids.get('in-flight')!);
        await inFlight.query('COMMIT');
      }
      detail.push(`slot ${slot} created at ${(await created).rows[0]!.lsn}`);
      await reader.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
      // A REPEATABLE READ transaction takes its snapshot at its first statement.
      await reader.query('SELECT pg_current_snapshot()');
    }
    const snapshotRows: Row[] = [];
    let lastId = -2_147_483_648;
    const readRow = async (): Promise<boolean> => {
      const rows = (await reader.query<Row>(`SELECT id, balance FROM ${TABLE} WHERE id > $1 ORDER BY id LIMIT 1`, [lastId])).rows;
      if (rows[0] === undefined) return false;
      snapshotRows.push(rows[0]);
      lastId = Number(rows[0].id);
      return true;
    };
    let writes = 0;
    for (const step of plan.steps) {
      if (step.kind === 'readRow') await readRow();
      else if (step.kind === 'commit') xids.set(`w${writes++}`, await commitChanges(writer, [step.change]));
      else startLsn = (await admin.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn')).rows[0]!.lsn;
    }
    while (await readRow());
    const visible = new Map<string, boolean>();
    for (const [txn, xid] of xids) {
      const result = await reader.query<{ v: boolean }>('SELECT pg_visible_in_snapshot($1::xid8, pg_current_snapshot()) AS v', [xid]);
      visible.set(txn, result.rows[0]!.v);
    }
    await reader.query('COMMIT');
    if (plan.handover === 'legacy') {
      if (startLsn === null) throw new Error('a legacy hand-over plan needs a readLsn step');
      detail.push(`legacy start LSN ${startLsn}`);
      await admin.query(`SELECT pg_replication_slot_advance('${slot}', '${startLsn}'::pg_lsn)`);
    }
    const decoded = parseTestDecoding(
      (await admin.query<{ lsn: string; data: string }>(`SELECT lsn::text, data FROM pg_logical_slot_get_changes('${slot}', NULL, NULL, 'include-xids', '1')`)).rows,
    );
    const labelOf = new Map([...xids].map(([txn, xid]) => [xid, txn]));
    const streamed = decoded
      .map((txn) => ({
        txn: labelOf.get(txn.xid) ?? `xid ${txn.xid}`,
        changes: txn.changes
          .filter((c) => c.schema === SCHEMA && c.table === HANDOVER_TABLE && c.op !== 'truncate')
          .map((c) => ({ table: 'accounts' as const, op: c.op as 'insert' | 'update' | 'delete', row: c.row })),
      }))
      .filter((txn) => txn.changes.length > 0);
    const coverage = Object.fromEntries(
      [...xids.keys()].map((txn) => [txn, { inSnapshot: visible.get(txn) === true, streamed: streamed.some((s) => s.txn === txn) }]),
    );
    const source = (await admin.query<Row>(`SELECT id, balance FROM ${TABLE} ORDER BY id`)).rows;
    detail.push(...decoded.map((t) => `xid ${t.xid} (${labelOf.get(t.xid) ?? '?'}) streamed, commit ${t.commitLsn}`));
    return { snapshotRows, streamed, source, coverage, detail, slotCreationWaited };
  } finally {
    await replication.end().catch(() => undefined);
    await admin.query(`SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = '${slot}'`).catch(() => undefined);
    await admin.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`).catch(() => undefined);
    for (const client of [reader, inFlight, writer, admin]) await client.end().catch(() => undefined);
  }
}

async function connect(connectionString: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  // Decoding reads only flushed WAL, so commits must be synchronous to be visible to the next read.
  await client.query("SET synchronous_commit = on; SET lock_timeout = '5s'");
  return client;
}

/** Runs `changes` in one transaction and returns its xid. */
async function commitChanges(client: pg.Client, changes: readonly WriterChange[]): Promise<string> {
  await client.query('BEGIN');
  for (const change of changes) await client.query(changeSql(change));
  const xid = (await client.query<{ xid: string }>('SELECT pg_current_xact_id()::text AS xid')).rows[0]!.xid;
  await client.query('COMMIT');
  return xid;
}

function changeSql(change: WriterChange): string {
  switch (change.op) {
    case 'insert':
      return `INSERT INTO ${TABLE} (id, balance) VALUES (${change.id}, ${change.balance})`;
    case 'update':
      return `UPDATE ${TABLE} SET balance = ${change.balance} WHERE id = ${change.id}`;
    case 'delete':
      return `DELETE FROM ${TABLE} WHERE id = ${change.id}`;
  }
}

/**
 * Whether slot creation (`creation`) waits for transaction `xid`: true once `pg_locks` shows an
 * ungranted lock on that xid (how the snapshot builder waits for a running transaction), false if
 * the creation finishes first. Polls, so it is positive evidence rather than a timeout guess.
 */
async function waitsOnXid(admin: pg.Client, creation: Promise<unknown>, xid: string): Promise<boolean> {
  let settled = false;
  void creation.then(
    () => (settled = true),
    () => (settled = true),
  );
  const deadline = Date.now() + 10_000;
  while (!settled && Date.now() < deadline) {
    const waiting = await admin.query(
      "SELECT 1 FROM pg_locks WHERE locktype = 'transactionid' AND transactionid::text = $1 AND NOT granted",
      [xid],
    );
    if (waiting.rowCount !== null && waiting.rowCount > 0) return true;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  if (!settled) throw new Error(`slot creation neither finished nor waited on xid ${xid} within 10 s`);
  return false;
}
