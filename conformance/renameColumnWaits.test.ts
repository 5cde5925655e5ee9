import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { begin, createDatabase, renameColumnWaitsFor, write } from '../models/world/database.ts';
import { usePostgres } from './internal/sharedPostgres.ts';

describe('DDL: a column rename waits for open writers of its table, on the server as in the model', () => {
  const server = usePostgres();
  let writer: pg.Client;
  let operator: pg.Client;
  const schema = `cdc_check_ddl_${process.pid}`;
  beforeAll(async () => {
    writer = new pg.Client({ connectionString: server().connectionString });
    operator = new pg.Client({ connectionString: server().connectionString });
    await writer.connect();
    await operator.connect();
    await writer.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    for (const c of [writer, operator]) await c.query(`SET search_path = ${schema}`);
  });
  afterAll(async () => {
    await writer?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
    await writer?.end();
    await operator?.end();
  });

  /** Whether the server's rename of account.balance waits while the writer has written to `table`. */
  async function renameWaitsOnServer(table: 'account' | 'outbox'): Promise<boolean> {
    await writer.query('DROP TABLE IF EXISTS account, outbox');
    await writer.query('CREATE TABLE account (id text PRIMARY KEY, balance integer)');
    await writer.query('CREATE TABLE outbox (id text PRIMARY KEY, payload text)');
    await writer.query(`BEGIN; INSERT INTO ${table} VALUES ('a', ${table === 'account' ? '1' : "'p'"})`);
    try {
      // The server's own answer: lock_not_available when the rename would have to wait.
      await operator.query("SET lock_timeout = '100ms'; ALTER TABLE account RENAME COLUMN balance TO amount");
      return false;
    } catch (error) {
      if ((error as { code?: string }).code !== '55P03') throw error;
      return true;
    } finally {
      await writer.query('ROLLBACK');
      await operator.query('RESET lock_timeout');
    }
  }

  function renameWaitsInModel(table: 'account' | 'outbox'): boolean {
    const db = createDatabase([
      { name: 'account', columns: ['id', 'balance'] },
      { name: 'outbox', columns: ['id', 'payload'] },
    ]);
    const xid = begin(db);
    write(db, xid, { table, op: 'c', pk: 'a', values: ['a', table === 'account' ? 1 : 'p'], tag: null });
    return renameColumnWaitsFor(db, 'account').length > 0;
  }

  it('waits for a writer of the renamed table, and not for a writer of another table', async () => {
    expect(await renameWaitsOnServer('account')).toBe(true);
    expect(renameWaitsInModel('account')).toBe(true);
    expect(await renameWaitsOnServer('outbox')).toBe(false);
    expect(renameWaitsInModel('outbox')).toBe(false);
  });
});
