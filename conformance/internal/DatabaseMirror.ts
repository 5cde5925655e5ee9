import pg from 'pg';
import { slotOf, type Database, type Table, type Value, type WalTxn, type Write } from '../../models/world/database.ts';
import { parseTestDecoding, type DecodedTransaction } from '../parseTestDecoding.ts';
import { ExportedSlot, SlotCreationWaits } from './ExportedSlot.ts';

/** A committed transaction as the real server's logical decoding reports it, named by model xid. */
export interface RealTxn {
  /** The model xid it mirrors, or null when the server committed something the model did not. */
  xid: number | null;
  changes: { table: string; op: 'c' | 'u' | 'd'; pk: string; after: Record<string, Value> | null }[];
}

/** What the real server says after a step: committed tables and the whole decoded WAL. */
export interface RealObservation {
  tables: { name: string; columns: string[]; rows: Value[][] }[];
  wal: RealTxn[];
}

const OPS = { insert: 'c', update: 'u', delete: 'd' } as const;

/**
 * Mirrors the model's database on a real PostgreSQL, one trace step at a time.
 *
 * It lives in its own schema (so a shared `DATABASE_URL` server is not touched), with one
 * session per model transaction and an observer `test_decoding` slot created before the seed,
 * so the decoded stream is the server's whole WAL, comparable with the model's `wal`. Each
 * `apply(before, after)` enacts the difference between two model databases: columns renamed,
 * transactions begun, writes issued, transactions committed (when the model's WAL gained them)
 * or rolled back (when they vanished without a WAL record), and the connector's slot created
 * with an exported snapshot (`ExportedSlot`).
 * Column types are inferred from the trace: integer when every value is an int32, text otherwise.
 */
export class DatabaseMirror {
  private readonly sessions = new Map<number, pg.Client>();
  /** Model xids whose server transaction is open right now. */
  private readonly open = new Set<number>();
  private readonly modelXidOfReal = new Map<string, number>();
  private readonly wal: RealTxn[] = [];
  private connectorSlot: ExportedSlot | null = null;

  private constructor(
    private readonly connectionString: string,
    private readonly admin: pg.Client,
    /** The mirror's own schema on the server, where its tables live. */
    readonly schema: string,
    private readonly integerColumns: ReadonlySet<string>,
  ) {}

  /** Creates the schema, tables and observer slot, then commits the model's seed (its xid 1). */
  static async open(connectionString: string, initial: Database, integerColumns: ReadonlySet<string>): Promise<DatabaseMirror> {
    const admin = new pg.Client({ connectionString });
    await admin.connect();
    const schema = `cdc_check_replay_${process.pid}_${Date.now() % 100_000}`;
    const mirror = new DatabaseMirror(connectionString, admin, schema, integerColumns);
    await admin.query(`CREATE SCHEMA ${schema}`);
    await admin.query(`SET search_path = ${schema}; SET synchronous_commit = on; SET lock_timeout = '3s'`);
    for (const table of initial.tables) {
      const columns = table.columns.map((c, i) => `${q(c)} ${integerColumns.has(`${table.name}.${i}`) ? 'integer' : 'text'}${i === 0 ? ' PRIMARY KEY' : ''}`);
      await admin.query(`CREATE TABLE ${q(table.name)} (${columns.join(', ')})`);
    }
    await admin.query(`SELECT pg_create_logical_replication_slot('${schema}_observer', 'test_decoding')`);
    for (const txn of initial.wal) await mirror.enactCommitted(txn);
    return mirror;
  }

  /** Enacts the step from `before` to `after`; returns the SQL it ran, for the report. */
  async apply(before: Database, after: Database): Promise<string[]> {
    const log: string[] = [];
    for (const table of after.tables) {
      const old = before.tables.find((t) => t.name === table.name)!;
      for (const [i, name] of table.columns.entries()) {
        if (old.columns[i] !== name) log.push(await this.sql(this.admin, `ALTER TABLE ${q(table.name)} RENAME COLUMN ${q(old.columns[i]!)} TO ${q(name)}`));
      }
    }
    for (const txn of after.txns) {
      const previous = before.txns.find((t) => t.xid === txn.xid);
      if (previous === undefined) log.push(await this.sql(await this.session(txn.xid), 'BEGIN', `xid ${txn.xid}`));
      for (const w of txn.writes.slice(previous?.writes.length ?? 0)) {
        log.push(await this.write(txn.xid, w, after.tables.find((t) => t.name === w.table)!.columns));
      }
    }
    const appended = after.wal.slice(before.wal.length);
    for (const txn of before.txns) {
      if (after.txns.some((t) => t.xid === txn.xid)) continue;
      const client = await this.session(txn.xid);
      if (appended.some((t) => t.xid === txn.xid)) log.push(await this.commit(txn.xid));
      else log.push(await this.sql(client, 'ROLLBACK', `xid ${txn.xid}`));
    }
    // A transaction begun and committed within one step (a consumer's effect) is only in the WAL.
    for (const txn of appended) if (!before.txns.some((t) => t.xid === txn.xid)) log.push(...(await this.enactCommitted(txn)));
    // The registered scenarios run one connector, on Debezium's default slot.
    if (slotOf(before) !== null && slotOf(after) === null) log.push(await this.dropConnectorSlot());
    if (slotOf(before) === null && slotOf(after) !== null) log.push(await this.createConnectorSlot());
    return log;
  }

  /** The committed tables and the decoded WAL so far, as the server reports them. */
  async observe(tables: readonly Table[]): Promise<RealObservation> {
    const rows = await this.admin.query<{ lsn: string; data: string }>(
      `SELECT lsn::text, data FROM pg_logical_slot_get_changes('${this.schema}_observer', NULL, NULL, 'include-xids', '1', 'skip-empty-xacts', '1')`,
    );
    this.wal.push(...this.ours(parseTestDecoding(rows.rows)).map((t) => this.toReal(t, tables)));
    const out: RealObservation['tables'] = [];
    for (const table of tables) {
      const result = await this.admin.query({ text: `SELECT * FROM ${q(table.name)}`, rowMode: 'array' });
      const values = (result.rows as Value[][]).map((r) => r.map((v, i) => (i === 0 ? String(v) : v)));
      values.sort((a, b) => (String(a[0]) < String(b[0]) ? -1 : String(a[0]) > String(b[0]) ? 1 : 0));
      out.push({ name: table.name, columns: result.fields.map((f) => f.name), rows: values });
    }
    return { tables: out, wal: [...this.wal] };
  }

  /** What the connector's real slot streams: every transaction committed after it was created. */
  async readConnectorSlot(tables: readonly Table[]): Promise<RealTxn[] | null> {
    if (this.connectorSlot === null) return null;
    return this.ours(await this.connectorSlot.peek()).map((t) => this.toReal(t, tables));
  }

  /** The tables as the connector slot's exported snapshot shows them; null before the slot exists. */
  async readExportedSnapshot(tables: readonly Table[]): Promise<{ name: string; rows: Value[][] }[] | null> {
    return this.connectorSlot === null ? null : this.connectorSlot.readSnapshot(tables);
  }

  /** Ends every session (rolling back what is open), drops the slots and the schema. */
  async close(): Promise<void> {
    await this.connectorSlot?.close();
    for (const client of this.sessions.values()) await client.end().catch(() => undefined);
    await this.admin.query(`SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name LIKE '${this.schema}%'`).catch(() => undefined);
    await this.admin.query(`DROP SCHEMA IF EXISTS ${this.schema} CASCADE`).catch(() => undefined);
    await this.admin.end().catch(() => undefined);
  }

  private async session(xid: number): Promise<pg.Client> {
    let client = this.sessions.get(xid);
    if (client === undefined) {
      client = new pg.Client({ connectionString: this.connectionString, application_name: `replay-xid-${xid}` });
      await client.connect();
      // A model step the server would block on fails the replay instead of hanging it.
      await client.query(`SET search_path = ${this.schema}; SET synchronous_commit = on; SET lock_timeout = '3s'`);
      this.sessions.set(xid, client);
    }
    return client;
  }

  private async write(xid: number, w: Write, columns: readonly string[]): Promise<string> {
    const client = await this.session(xid);
    const values = (w.values ?? []).map((v, i) => this.toSql(w.table, i, v));
    const pk = this.toSql(w.table, 0, w.pk);
    if (w.op === 'c') {
      const text = `INSERT INTO ${q(w.table)} (${columns.map(q).join(', ')}) VALUES (${values.map((_, i) => `$${i + 1}`).join(', ')})`;
      return this.sql(client, text, `xid ${xid}`, values, true);
    }
    if (w.op === 'u') {
      const sets = columns.slice(1).map((c, i) => `${q(c)} = $${i + 2}`);
      return this.sql(client, `UPDATE ${q(w.table)} SET ${sets.join(', ')} WHERE ${q(columns[0]!)} = $1`, `xid ${xid}`, [pk, ...values.slice(1)]);
    }
    return this.sql(client, `DELETE FROM ${q(w.table)} WHERE ${q(columns[0]!)} = $1`, `xid ${xid}`, [pk]);
  }

  private async commit(xid: number): Promise<string> {
    const client = await this.session(xid);
    const realXid = (await client.query<{ xid: string | null }>('SELECT pg_current_xact_id_if_assigned()::text AS xid')).rows[0]?.xid;
    if (realXid) this.modelXidOfReal.set(realXid, xid);
    return this.sql(client, 'COMMIT', `xid ${xid}${realXid ? ` = server xid ${realXid}` : ''}`);
  }

  private async enactCommitted(txn: WalTxn): Promise<string[]> {
    const client = await this.session(txn.xid);
    const log = [await this.sql(client, 'BEGIN', `xid ${txn.xid}`)];
    for (const c of txn.changes) {
      const columns = c.after === null ? await this.columnsOf(c.table) : Object.keys(c.after);
      const w: Write = { table: c.table, op: c.op, pk: c.pk, values: c.after ? Object.values(c.after) : null, tag: null };
      log.push(await this.write(txn.xid, w, columns));
    }
    log.push(await this.commit(txn.xid));
    return log;
  }

  private async columnsOf(table: string): Promise<string[]> {
    return (await this.admin.query({ text: `SELECT * FROM ${q(table)} LIMIT 0` })).fields.map((f) => f.name);
  }

  /** The slot-loss fault: the connector's slot is dropped (its reader ended first, as the task fails). */
  private async dropConnectorSlot(): Promise<string> {
    const name = `${this.schema}_connector`;
    await this.connectorSlot?.close();
    this.connectorSlot = null;
    await this.admin.query(`SELECT pg_drop_replication_slot('${name}')`);
    return `SELECT pg_drop_replication_slot('${name}');   -- the connector's slot is lost`;
  }

  private async createConnectorSlot(): Promise<string> {
    const name = `${this.schema}_connector`;
    const release = async () => {
      for (const client of this.sessions.values()) await client.end().catch(() => undefined);
      this.sessions.clear();
    };
    const open = [...this.open].join(', ');
    try {
      this.connectorSlot = await ExportedSlot.create(this.connectionString, this.schema, name, this.admin, release);
    } catch (error) {
      if (!(error instanceof SlotCreationWaits)) throw error;
      throw new MirrorDivergence(`PostgreSQL's slot creation waits for the open transaction(s) of model xid ${open}; the model created the slot at once (see slotCreationWaitsFor)`);
    }
    return `CREATE_REPLICATION_SLOT ${name} LOGICAL test_decoding EXPORT_SNAPSHOT;   -- connector slot, snapshot imported by a reader`;
  }

  private async sql(client: pg.Client, text: string, who = 'admin', values: unknown[] = [], expectFailure = false): Promise<string> {
    const xid = /^xid (\d+)/.exec(who);
    if (xid !== null && text === 'BEGIN') this.open.add(Number(xid[1]));
    if (xid !== null && (text === 'COMMIT' || text === 'ROLLBACK')) this.open.delete(Number(xid[1]));
    try {
      await client.query(text, values);
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (!(expectFailure && code === '23505')) throw new MirrorDivergence(`the server refused \`${text}\` (${who}): ${(error as Error).message}`);
      return `${text};   -- ${who}: duplicate key, the transaction is now aborted`;
    }
    return `${text}${values.length ? `  [${values.map((v) => JSON.stringify(v)).join(', ')}]` : ''};   -- ${who}`;
  }

  private toSql(table: string, column: number, value: Value): Value {
    if (value === null) return null;
    return this.integerColumns.has(`${table}.${column}`) ? Number(value) : String(value);
  }

  /** Only this mirror's schema: a shared server may decode other sessions' transactions too. */
  private ours(txns: DecodedTransaction[]): DecodedTransaction[] {
    return txns
      .map((t) => ({ ...t, changes: t.changes.filter((c) => c.schema === this.schema) }))
      .filter((t) => t.changes.length > 0);
  }

  private toReal(txn: DecodedTransaction, tables: readonly Table[]): RealTxn {
    return {
      xid: this.modelXidOfReal.get(txn.xid) ?? null,
      changes: txn.changes
        .filter((c) => c.op !== 'truncate')
        .map((c) => {
          const key = tables.find((t) => t.name === c.table)?.columns[0] ?? 'id';
          const pk = String(c.row[key] ?? Object.values(c.row)[0]);
          const after = c.op === 'delete' ? null : Object.fromEntries(Object.entries(c.row).map(([k, v], i) => [k, i === 0 ? String(v) : v]));
          return { table: c.table, op: OPS[c.op as keyof typeof OPS], pk, after };
        }),
    };
  }
}

/** The server did something the model did not (or refused what the model did). */
export class MirrorDivergence extends Error {
  override readonly name = 'MirrorDivergence';
}

function q(identifier: string): string {
  return `"${identifier.replaceAll('"', '""')}"`;
}
