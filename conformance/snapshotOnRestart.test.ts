import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { begin, commit, confirmSlot, createDatabase, createSlot, nextStreamedChange, slotOf, tableAsOf, write, type Database, type WalTxn } from '../models/world/database.ts';
import { defaultConnector } from '../models/pipeline/ConnectorConfig.ts';
import { lsnValue, parseTestDecoding, type DecodedTransaction, type DecodingLine } from './parseTestDecoding.ts';
import { ReplicationStream } from './internal/ReplicationStream.ts';
import { usePostgres } from './internal/sharedPostgres.ts';

/**
 * What the server decides when the connector restarts (issue 16, "Conformance keeps up"): a
 * snapshot redone on an existing slot (READ COMMITTED, its LSN read before its data, with a
 * writer open or committing in between), the order a snapshot SELECT without ORDER BY returns,
 * the slot's `confirmed_flush_lsn` after Debezium-style confirmations, and where a restart that
 * asks for an older LSN really starts. Each is compared with the model's rule for it.
 */
describe('restarts on a real PostgreSQL: the redone snapshot, heap order, the confirmed position', () => {
  const server = usePostgres();
  const schema = `cdc_check_restart_${process.pid}`;
  const clients: pg.Client[] = [];
  const slots: string[] = [];
  let admin: pg.Client;

  const connect = async (): Promise<pg.Client> => {
    const c = new pg.Client({ connectionString: server().connectionString });
    await c.connect();
    await c.query(`SET search_path = ${schema}`);
    clients.push(c);
    return c;
  };
  const createTestSlot = async (name: string): Promise<string> => {
    const slot = `${schema}_${name}`;
    await admin.query(`SELECT pg_create_logical_replication_slot('${slot}', 'test_decoding')`);
    slots.push(slot);
    return slot;
  };
  /** This schema's transactions among decoded lines (a shared server may decode others too). */
  const ours = (lines: readonly DecodingLine[]): DecodedTransaction[] =>
    parseTestDecoding(lines)
      .map((t) => ({ ...t, changes: t.changes.filter((c) => c.schema === schema) }))
      .filter((t) => t.changes.length > 0);
  const peek = async (slot: string) => ours((await admin.query<DecodingLine>(`SELECT lsn::text, data FROM pg_logical_slot_peek_changes('${slot}', NULL, NULL, 'include-xids', '1')`)).rows);
  const currentLsn = async (c: pg.Client) => lsnValue((await c.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn')).rows[0]!.lsn);
  const confirmedFlush = async (slot: string) => lsnValue((await admin.query<{ lsn: string }>(`SELECT confirmed_flush_lsn::text AS lsn FROM pg_replication_slots WHERE slot_name = '${slot}'`)).rows[0]!.lsn);

  beforeAll(async () => {
    admin = await (async () => {
      const c = new pg.Client({ connectionString: server().connectionString });
      await c.connect();
      return c;
    })();
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema}; SET search_path = ${schema}`);
  });
  afterAll(async () => {
    for (const c of clients) await c.end().catch(() => undefined);
    for (const s of slots) await admin.query(`SELECT pg_drop_replication_slot('${s}')`).catch(() => undefined);
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
    await admin.end().catch(() => undefined);
  });

  /** A model database with table `name` (id, n) and the connector's slot already there. */
  function modelWithSlot(name: string): Database {
    const db = createDatabase([{ name, columns: ['id', 'n'] }]);
    createSlot(db);
    return db;
  }

  it('a snapshot redone on an existing slot runs READ COMMITTED: a commit after its LSN is read by the SELECT and streamed too', async () => {
    await admin.query('CREATE TABLE rc (id text PRIMARY KEY, n integer)');
    const slot = await createTestSlot('rc');
    const [snap, writer] = [await connect(), await connect()];
    // No SET TRANSACTION: `PostgresSnapshotChangeEventSource.connectionCreated` sets the
    // isolation level only when the task created the slot.
    await snap.query('BEGIN');
    expect((await snap.query<{ transaction_isolation: string }>('SHOW transaction_isolation')).rows[0]!.transaction_isolation).toBe('read committed');
    const start = await currentLsn(snap); // `determineSnapshotOffset`, before the data
    await writer.query("INSERT INTO rc VALUES ('acct-1#1', 1)");
    const read = (await snap.query<{ id: string }>('SELECT id FROM rc')).rows.map((r) => r.id);
    await snap.query('COMMIT');
    const decoded = await peek(slot);
    expect(read).toEqual(['acct-1#1']);
    expect(decoded.map((t) => t.changes.map((c) => c.row.id))).toEqual([['acct-1#1']]);
    expect(lsnValue(decoded[0]!.commitLsn) >= start).toBe(true);

    // The model's rule (connectorDef `beginSnapshot` on an existing slot): the start LSN now,
    // the view at the SELECT; rows as of the view, the stream from the start.
    const db = modelWithSlot('rc');
    const startModel = db.nextLsn;
    const x = begin(db);
    write(db, x, { table: 'rc', op: 'c', pk: 'acct-1#1', values: ['acct-1#1', 1], tag: null });
    commit(db, x);
    const view = db.nextLsn;
    expect(tableAsOf(db, ['rc'], view).map((r) => r.pk)).toEqual(read);
    expect(nextStreamedChange(db, ['rc'], { commitLsn: startModel, lsn: -1 })?.change.pk).toBe('acct-1#1');
  });

  it('a snapshot on restart while a writer is open: the writer, committing after the SELECT, is streamed and not read', async () => {
    await admin.query('CREATE TABLE open_writer (id text PRIMARY KEY, n integer)');
    const slot = await createTestSlot('open_writer');
    const [snap, writer] = [await connect(), await connect()];
    await writer.query('BEGIN');
    await writer.query("INSERT INTO open_writer VALUES ('acct-1#2', 2)");
    await snap.query('BEGIN');
    const start = await currentLsn(snap);
    const insertPosition = lsnValue((await snap.query<{ lsn: string }>('SELECT pg_current_wal_insert_lsn()::text AS lsn')).rows[0]!.lsn);
    const read = (await snap.query<{ id: string }>('SELECT id FROM open_writer')).rows.map((r) => r.id);
    await writer.query('COMMIT');
    await snap.query('COMMIT');
    const decoded = await peek(slot);
    expect(read).toEqual([]);
    expect(decoded.map((t) => t.changes.map((c) => c.row.id))).toEqual([['acct-1#2']]);
    // Its change lies below the insert position when the snapshot started, its commit above the
    // start LSN: streamed whole. (Debezium reads `pg_current_wal_lsn()`, the write position,
    // which may lag the insert position the model uses: an earlier start only streams more.)
    expect(start <= insertPosition).toBe(true);
    expect(lsnValue(decoded[0]!.changes[0]!.lsn) < insertPosition).toBe(true);
    expect(lsnValue(decoded[0]!.commitLsn) >= start).toBe(true);

    // In the model the writer commits at exactly the view's LSN: the boundary. The view must
    // not include it and the stream must, as on the server.
    const db = modelWithSlot('open_writer');
    const x = begin(db);
    write(db, x, { table: 'open_writer', op: 'c', pk: 'acct-1#2', values: ['acct-1#2', 2], tag: null });
    const startModel = db.nextLsn;
    const view = db.nextLsn;
    expect(commit(db, x)).toBe(view);
    expect(tableAsOf(db, ['open_writer'], view).map((r) => r.pk)).toEqual(read);
    const streamed = nextStreamedChange(db, ['open_writer'], { commitLsn: startModel, lsn: -1 });
    expect(streamed?.change.pk).toBe('acct-1#2');
    expect(streamed!.change.lsn < startModel && streamed!.txn.commitLsn >= startModel).toBe(true);
  });

  it('a SELECT without ORDER BY returns heap order: after a delete and a vacuum, a later outbox row comes before an earlier one', async () => {
    await admin.query('CREATE TABLE heap_outbox (id text PRIMARY KEY, payload text) WITH (autovacuum_enabled = false)');
    await admin.query("INSERT INTO heap_outbox VALUES ('old-1', 'x'), ('old-2', 'x'), ('old-3', 'x')");
    await admin.query("INSERT INTO heap_outbox VALUES ('acct-1#1', 'first')");
    await admin.query("DELETE FROM heap_outbox WHERE id = 'old-1'");
    await admin.query('VACUUM (INDEX_CLEANUP ON) heap_outbox');
    await admin.query("INSERT INTO heap_outbox VALUES ('acct-1#2', 'second')");
    // Debezium's snapshot query (`SelectAllSnapshotQuery`): SELECT <columns> FROM <table>.
    const rows = (await admin.query<{ id: string; ctid: string }>('SELECT id, ctid::text FROM heap_outbox')).rows;
    const ids = rows.map((r) => r.id);
    expect(ids.indexOf('acct-1#2'), rows.map((r) => `${r.id}@${r.ctid}`).join(', ')).toBeLessThan(ids.indexOf('acct-1#1'));
    // The model's rows are kept in key order, so the connector does not read in that order by
    // default: it lets the search choose (heap), which includes the server's order.
    expect(tableAsOf(createDatabase([{ name: 'o', columns: ['id'], rows: [['acct-1#2'], ['acct-1#1']] }]), ['o'], 3).map((r) => r.pk)).toEqual(['acct-1#1', 'acct-1#2']);
    expect(defaultConnector.snapshotOrder).toBe('heap');
  });

  describe('the confirmed position, confirmed over the replication protocol as Debezium does', () => {
    let slot: string;
    let firstCommit: bigint;
    /** The two transactions as the first stream decoded them. */
    let firstTwo: DecodedTransaction[] = [];

    beforeAll(async () => {
      await admin.query('CREATE TABLE confirmed (id text PRIMARY KEY)');
      slot = await createTestSlot('confirmed');
      const writer = await connect();
      await writer.query("INSERT INTO confirmed VALUES ('a')");
      await writer.query("INSERT INTO confirmed VALUES ('b')");
    });

    it('confirmed_flush_lsn is the confirmed LSN, and a lower confirmation does not move it back', async () => {
      const stream = await ReplicationStream.start(server().connectionString, slot, '0/0');
      try {
        const lines = await stream.until((l) => ours(l).length >= 2);
        firstTwo = ours(lines);
        firstCommit = lsnValue(firstTwo[0]!.commitLsn);
        stream.confirm(firstCommit);
        await waitFor(async () => (await confirmedFlush(slot)) === firstCommit);
        stream.confirm(firstCommit - 1n);
        await new Promise((r) => setTimeout(r, 500));
        expect(await confirmedFlush(slot)).toBe(firstCommit);
      } finally {
        await stream.close();
      }
      const db = createDatabase([{ name: 'confirmed', columns: ['id'] }]);
      createSlot(db);
      confirmSlot(db, 10);
      confirmSlot(db, 9);
      expect(slotOf(db)!.confirmedLsn).toBe(10);
    });

    it('a restart that asks for an LSN below confirmed_flush_lsn streams from confirmed_flush_lsn: the confirmed transaction is not sent again', async () => {
      const stream = await ReplicationStream.start(server().connectionString, slot, '0/0');
      let decoded: DecodedTransaction[];
      try {
        decoded = ours(await stream.until((l) => ours(l).some((t) => t.changes.some((c) => c.row.id === 'b'))));
      } finally {
        await stream.close();
      }
      expect(decoded.map((t) => t.changes.map((c) => c.row.id))).toEqual([['b']]);

      // The model on the server's LSNs: the connector asks for a position below the slot's
      // confirmed one and `beginStream` starts at the confirmed one. It streams every transaction
      // committing at or above it: the server's stream, and the confirmed transaction once more
      // when its commit LSN is exactly the confirmed one (a duplicate, never a loss; see README).
      const all = allTransactions();
      const db: Database = { tables: [], txns: [], decoded: true, wal: all, nextXid: 3, nextLsn: 0, slots: [{ name: 'debezium', consistentLsn: 0, confirmedLsn: Number(firstCommit) }] };
      const streamed: string[] = [];
      let pos = { commitLsn: slotOf(db)!.confirmedLsn, lsn: -1 };
      for (let n = nextStreamedChange(db, ['confirmed'], pos); n !== null; n = nextStreamedChange(db, ['confirmed'], pos)) {
        streamed.push(n.change.pk);
        pos = { commitLsn: n.txn.commitLsn, lsn: n.change.lsn };
      }
      expect(streamed.slice(-decoded.length)).toEqual(decoded.flatMap((t) => t.changes.map((c) => String(c.row.id))));
      expect(streamed).toEqual(['a', 'b']);
    });

    /** Both transactions as a model WAL, with the LSNs the server gave them in the first stream. */
    function allTransactions(): WalTxn[] {
      return firstTwo.map((t, i) => ({
        xid: i + 1,
        commitLsn: Number(lsnValue(t.commitLsn)),
        changes: t.changes.map((c) => ({ lsn: Number(lsnValue(c.lsn)), table: 'confirmed', op: 'c' as const, pk: String(c.row.id), after: { id: String(c.row.id) }, tag: null })),
      }));
    }
  });
});

/** Polls `check` every 50 ms until it holds, or throws after `timeoutMs`. */
async function waitFor(check: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
