import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { nextCapturedChange, nextStreamedChange, type Database, type WalTxn } from '../models/world/database.ts';
import { lsnValue, parseTestDecoding, type DecodedTransaction } from './parseTestDecoding.ts';
import { usePostgres } from './internal/sharedPostgres.ts';

/**
 * Resuming a stream between two interleaved transactions, on real LSNs. PostgreSQL assigns a
 * change its LSN when the statement writes, so a transaction that commits second can hold
 * changes below the first one's; the server resumes by whole transactions chosen by commit LSN.
 * The model first resumed by change LSN (`nextCapturedChange`), lossless only under its old
 * numbering; found here, it now takes LSNs at write time and resumes like Debezium with
 * (`lsn_commit`, `lsn_proc`) through `nextStreamedChange`. Both rules run over the server's LSNs.
 */
describe('resuming the stream between interleaved transactions, on the server\'s LSNs', () => {
  const server = usePostgres();
  let decoded: DecodedTransaction[];
  /** What the server itself streams when the slot is moved to just after T1's last change. */
  let serverResume: DecodedTransaction[];
  beforeAll(async () => {
    const schema = `cdc_check_resume_${process.pid}`;
    const [admin, t1, t2] = [0, 1, 2].map(() => new pg.Client({ connectionString: server().connectionString }));
    for (const c of [admin!, t1!, t2!]) await c.connect();
    try {
      await admin!.query(`CREATE SCHEMA ${schema}; SET search_path = ${schema}; CREATE TABLE t (id integer PRIMARY KEY)`);
      await admin!.query(`SELECT pg_create_logical_replication_slot('${schema}', 'test_decoding')`);
      for (const c of [t1!, t2!]) await c.query(`SET search_path = ${schema}; BEGIN`);
      // T2 writes first, T1 commits first: T2's first change lies below T1's changes and commit.
      await t2!.query('INSERT INTO t VALUES (2)');
      await t1!.query('INSERT INTO t VALUES (1)');
      await t2!.query('INSERT INTO t VALUES (22)');
      await t1!.query('INSERT INTO t VALUES (11)');
      await t1!.query('COMMIT');
      await t2!.query('COMMIT');
      const ours = (t: DecodedTransaction) => t.changes.some((c) => c.schema === schema);
      const rows = await admin!.query<{ lsn: string; data: string }>(`SELECT lsn::text, data FROM pg_logical_slot_peek_changes('${schema}', NULL, NULL, 'include-xids', '1')`);
      decoded = parseTestDecoding(rows.rows).filter(ours);
      const afterT1 = lsnValue(decoded[0]!.changes.at(-1)!.lsn) + 1n;
      const position = `${(afterT1 >> 32n).toString(16)}/${(afterT1 & 0xffffffffn).toString(16)}`;
      await admin!.query(`SELECT pg_replication_slot_advance('${schema}', '${position}'::pg_lsn)`);
      const resumed = await admin!.query<{ lsn: string; data: string }>(`SELECT lsn::text, data FROM pg_logical_slot_get_changes('${schema}', NULL, NULL, 'include-xids', '1')`);
      serverResume = parseTestDecoding(resumed.rows).filter(ours);
      await admin!.query(`SELECT pg_drop_replication_slot('${schema}'); DROP SCHEMA ${schema} CASCADE`);
    } finally {
      for (const c of [admin!, t1!, t2!]) await c.end();
    }
  });

  /** The decoded stream as a model WAL, with the LSNs the server gave. */
  function serverWal(): Database {
    const wal: WalTxn[] = decoded.map((txn, i) => ({
      xid: i + 1,
      commitLsn: Number(lsnValue(txn.commitLsn)),
      changes: txn.changes.map((c) => ({ lsn: Number(lsnValue(c.lsn)), table: 't', op: 'c' as const, pk: String(c.row.id), after: { id: String(c.row.id) }, tag: null })),
    }));
    return { tables: [], txns: [], decoded: true, wal, nextXid: 3, nextLsn: 0, slots: [] };
  }

  /** What the model's connector streams after having processed all of T1 (Debezium's lsn_commit, lsn_proc). */
  function resumeWithStreamPosition(db: Database): string[] {
    const out: string[] = [];
    const first = db.wal[0]!;
    let pos = { commitLsn: first.commitLsn, lsn: first.changes.at(-1)!.lsn };
    for (let n = nextStreamedChange(db, ['t'], pos); n !== null; n = nextStreamedChange(db, ['t'], pos)) {
      out.push(n.change.pk);
      pos = { commitLsn: n.txn.commitLsn, lsn: n.change.lsn };
    }
    return out;
  }

  /** What resuming by change LSN alone streams after T1's last change. */
  function resumeByChangeLsn(db: Database): string[] {
    const out: string[] = [];
    let pos = db.wal[0]!.changes.at(-1)!.lsn + 1;
    for (let n = nextCapturedChange(db, ['t'], pos); n !== null; n = nextCapturedChange(db, ['t'], pos)) {
      out.push(n.change.pk);
      pos = n.change.lsn + 1;
    }
    return out;
  }

  it('the server commits T1 (ids 1, 11) first, though T2 (ids 2, 22) wrote first', () => {
    expect(decoded.map((t) => t.changes.map((c) => c.row.id))).toEqual([[1, 11], [2, 22]]);
    expect(lsnValue(decoded[1]!.changes[0]!.lsn) < lsnValue(decoded[0]!.commitLsn)).toBe(true);
  });

  it('the model\'s connector rule (nextStreamedChange from lsn_commit, lsn_proc) streams all of T2, as the server does', () => {
    expect(resumeWithStreamPosition(serverWal())).toEqual(serverResume[1]!.changes.map((c) => String(c.row.id)));
    expect(resumeWithStreamPosition(serverWal())).toEqual(['2', '22']);
  });

  it('the old rule, resuming by change LSN alone (nextCapturedChange), would lose all of T2', () => {
    expect(resumeByChangeLsn(serverWal())).toEqual([]);
  });
});
