import pg from 'pg';
import type { Table, Value } from '../../models/world/database.ts';
import { parseTestDecoding, type DecodedTransaction } from '../parseTestDecoding.ts';

/** Raised when creating the slot would wait for open transactions, naming nothing else. */
export class SlotCreationWaits extends Error {
  override readonly name = 'SlotCreationWaits';
}

/**
 * The connector's slot on the real server, created the way Debezium does it: over a replication
 * connection, `CREATE_REPLICATION_SLOT … LOGICAL test_decoding EXPORT_SNAPSHOT`, with a reader
 * session that imports the exported snapshot (REPEATABLE READ, `SET TRANSACTION SNAPSHOT`) and
 * keeps it open, so the snapshot can be read at any later point and compared with the model's.
 */
export class ExportedSlot {
  private constructor(
    private readonly admin: pg.Client,
    private readonly reader: pg.Client,
    readonly name: string,
  ) {}

  /**
   * Creates the slot. If the server is still waiting after `waitMs` (an open transaction has
   * written, which slot creation must wait out), ends `release` sessions so the creation can
   * finish, drops nothing, and throws `SlotCreationWaits`.
   */
  static async create(connectionString: string, schema: string, name: string, admin: pg.Client, release: () => Promise<void>, waitMs = 3_000): Promise<ExportedSlot> {
    const replication = new pg.Client({ connectionString, replication: 'database' } as pg.ClientConfig);
    await replication.connect();
    try {
      const creation = replication.query(`CREATE_REPLICATION_SLOT ${name} LOGICAL test_decoding EXPORT_SNAPSHOT`);
      const outcome = await Promise.race([creation.then(() => 'done' as const), new Promise<'waiting'>((r) => setTimeout(() => r('waiting'), waitMs))]);
      if (outcome === 'waiting') {
        await release();
        await creation.catch(() => undefined);
        throw new SlotCreationWaits(name);
      }
      const snapshot = ((await creation).rows[0] as { snapshot_name: string }).snapshot_name;
      const reader = new pg.Client({ connectionString });
      await reader.connect();
      await reader.query(`SET search_path = ${schema}`);
      await reader.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
      await reader.query(`SET TRANSACTION SNAPSHOT '${snapshot}'`);
      return new ExportedSlot(admin, reader, name);
    } finally {
      // The snapshot is imported (or not needed); the slot is then free for SQL reads.
      await replication.end().catch(() => undefined);
    }
  }

  /** Every row of `tables` as the exported snapshot shows them, values in column order. */
  async readSnapshot(tables: readonly Table[]): Promise<{ name: string; rows: Value[][] }[]> {
    const out: { name: string; rows: Value[][] }[] = [];
    for (const table of tables) {
      const result = await this.reader.query({ text: `SELECT * FROM "${table.name.replaceAll('"', '""')}"`, rowMode: 'array' });
      const rows = (result.rows as Value[][]).map((r) => r.map((v, i) => (i === 0 ? String(v) : v)));
      rows.sort((a, b) => (String(a[0]) < String(b[0]) ? -1 : String(a[0]) > String(b[0]) ? 1 : 0));
      out.push({ name: table.name, rows });
    }
    return out;
  }

  /** What the slot streams from its consistent point (peeked, so it can be read again). */
  async peek(): Promise<DecodedTransaction[]> {
    const rows = await this.admin.query<{ lsn: string; data: string }>(
      `SELECT lsn::text, data FROM pg_logical_slot_peek_changes('${this.name}', NULL, NULL, 'include-xids', '1', 'skip-empty-xacts', '1')`,
    );
    return parseTestDecoding(rows.rows);
  }

  /** Ends the snapshot reader; the slot itself is dropped with the mirror's. */
  async close(): Promise<void> {
    await this.reader.query('ROLLBACK').catch(() => undefined);
    await this.reader.end().catch(() => undefined);
  }
}
