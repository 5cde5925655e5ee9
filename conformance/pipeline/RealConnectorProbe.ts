import type pg from 'pg';
import type { Offset } from '../../models/pipeline/ConnectorState.ts';
import type { Database } from '../../models/world/database.ts';
import { lsnValue, parseTestDecoding } from '../parseTestDecoding.ts';
import type { StoredOffset } from './HarnessClient.ts';

const OPS = { insert: 'c', update: 'u', delete: 'd' } as const;

/**
 * Says which change a stored offset points at, on both sides, so that the model's offsets and
 * Debezium's can be compared although their LSNs differ in value: a change is named by its op,
 * table, key and how many times that op on that key came before (`c outbox acct-1#1 #0`), in
 * commit order. The real LSNs come from an observer `test_decoding` slot created before the
 * replay's first step (`create`), so the seed, committed before it, is not counted on either side.
 */
export class RealConnectorProbe {
  private constructor(
    private readonly admin: pg.Client,
    private readonly slot: string,
    private readonly schema: string,
    private readonly tables: readonly string[],
    private readonly seedTxns: number,
  ) {}

  /** Creates the observer slot `slot` now; `seed` is the model's database at the first step. */
  static async create(admin: pg.Client, slot: string, schema: string, tables: readonly string[], seed: Database): Promise<RealConnectorProbe> {
    await admin.query(`SELECT pg_create_logical_replication_slot($1, 'test_decoding')`, [slot]);
    return new RealConnectorProbe(admin, slot, schema, tables, seed.wal.length);
  }

  /** The change the model's stored offset points at: `none`, `snapshot` (mid-snapshot), `no change` (the snapshot done, or the start of streaming) or the change's name. */
  model(stored: Offset | null, db: Database): string {
    if (stored === null) return 'none';
    if (stored.snapshot) return 'snapshot';
    if (stored.lsn < 0) return 'no change';
    const names = new Map<number, string>();
    const seen = new Map<string, number>();
    for (const txn of db.wal.slice(this.seedTxns)) {
      for (const c of txn.changes) {
        if (!this.tables.includes(c.table)) continue;
        names.set(c.lsn, this.name(seen, c.op, c.table, c.pk));
      }
    }
    return names.get(stored.lsn) ?? `lsn ${stored.lsn} (no captured change)`;
  }

  /** The change Debezium's stored offset (`lsn_proc`) points at, named as `model` names them. */
  async real(offsets: readonly StoredOffset[]): Promise<string> {
    const value = offsets[0]?.value;
    if (value === null || value === undefined) return 'none';
    // A snapshot's offsets carry `snapshot` and `last_snapshot_record`; the last snapshot
    // record's says the snapshot completed, which the model's offset says with `lsn` -1.
    if (value.snapshot !== undefined && value.snapshot !== false && value.snapshot !== 'false') return value.last_snapshot_record === true ? 'no change' : 'snapshot';
    if (value.lsn_proc === undefined || value.lsn_proc === null) return 'no change';
    const want = BigInt(Number(value.lsn_proc));
    const rows = await this.admin.query<{ lsn: string; data: string }>(`SELECT lsn::text, data FROM pg_logical_slot_peek_changes($1, NULL, NULL, 'include-xids', '1')`, [this.slot]);
    const seen = new Map<string, number>();
    for (const txn of parseTestDecoding(rows.rows)) {
      for (const c of txn.changes) {
        if (c.schema !== this.schema || !this.tables.includes(c.table) || c.op === 'truncate') continue;
        const name = this.name(seen, OPS[c.op], c.table, String(c.row.id));
        if (lsnValue(c.lsn) === want) return name;
      }
    }
    return `lsn_proc ${String(value.lsn_proc)} (no captured change)`;
  }

  /** Drops the observer slot. */
  async close(): Promise<void> {
    await this.admin.query('SELECT pg_drop_replication_slot($1)', [this.slot]).catch(() => undefined);
  }

  private name(seen: Map<string, number>, op: string, table: string, pk: string): string {
    const base = `${op} ${table} ${pk}`;
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    return `${base} #${n}`;
  }
}
