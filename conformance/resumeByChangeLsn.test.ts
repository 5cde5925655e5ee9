import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextCapturedChange, type Database, type WalTxn } from '../models/world/database.ts';
import { lsnValue, parseTestDecoding, type DecodedTransaction } from './parseTestDecoding.ts';
import { sharedPostgres } from './internal/sharedPostgres.ts';
import type { PostgresServer } from './startPostgres.ts';

/**
 * A blind spot of the model, measured: the model numbers a transaction's change LSNs after the
 * previous commit, so change LSNs rise in commit order; PostgreSQL assigns them when each
 * statement writes, so a transaction that commits second can hold changes below the first
 * one's. The connector model resumes streaming by change LSN (`nextCapturedChange(from)` skips
 * changes below `from`), which is only lossless under the model's numbering. This test runs the
 * model's own `nextCapturedChange` over the server's real LSNs to show what that rule would skip,
 * next to what the server itself streams from that position: whole transactions, chosen by
 * commit LSN.
 */
describe('resuming by change LSN: safe under the model numbering, lossy on real LSNs', () => {
  let server: PostgresServer;
  let decoded: DecodedTransaction[];
  /** What the server itself streams when the slot is moved to just after T1's last change. */
  let serverResume: DecodedTransaction[];
  beforeAll(async () => {
    server = await sharedPostgres();
    console.log(`conformance: PostgreSQL ${server.version} (${server.origin})`);
    const schema = `cdc_check_resume_${process.pid}`;
    const [admin, t1, t2] = [0, 1, 2].map(() => new pg.Client({ connectionString: server.connectionString }));
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
  afterAll(async () => {
    await server?.stop();
  });

  /** The decoded stream as a model WAL, with LSNs either as the server gave them or renumbered the model's way. */
  function walOf(numbering: 'server' | 'model'): Database {
    let next = 1;
    const wal: WalTxn[] = decoded.map((txn, i) => {
      const changes = txn.changes.map((c) => ({
        lsn: numbering === 'server' ? Number(lsnValue(c.lsn)) : next++,
        table: 't',
        op: 'c' as const,
        pk: String(c.row.id),
        after: { id: String(c.row.id) },
        tag: null,
      }));
      return { xid: i + 1, commitLsn: numbering === 'server' ? Number(lsnValue(txn.commitLsn)) : next++, changes };
    });
    return { tables: [], txns: [], wal, nextXid: 3, nextLsn: next, slot: null };
  }

  /** Everything the model's rule streams when resuming right after the first transaction's last change. */
  function resumeAfterFirstTransaction(db: Database): string[] {
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

  it('under the model numbering, resuming after T1 streams all of T2', () => {
    expect(resumeAfterFirstTransaction(walOf('model'))).toEqual(['2', '22']);
  });

  it('the server, resumed at that position, streams whole transactions by commit LSN: both T1 and T2', () => {
    expect(serverResume.map((t) => t.changes.map((c) => c.row.id))).toEqual([[1, 11], [2, 22]]);
  });

  it('on the server LSNs, the same rule loses all of T2: both its changes lie below T1\'s last change', () => {
    expect(resumeAfterFirstTransaction(walOf('server'))).toEqual([]);
  });
});
