import pg from 'pg';
import { begin, commit, createDatabase, createSlot, nextStreamedChange, tableAsOf, write, type Database, type Op, type StreamPosition, type Value } from '../../models/world/database.ts';
import { outboxColumns } from '../../models/strategies/ServiceConfig.ts';

/** An outbox row, in the model's outbox columns. */
export interface OutboxRow {
  id: string;
  aggregatetype: string;
  aggregateid: string;
  type: string;
  payload: string;
}

/** A change as the model streams it: op, table key, the change's model LSN and its commit LSN. */
export interface ModelChange {
  op: 'c' | 'u' | 'd';
  pk: string;
  after: Record<string, Value> | null;
  lsn: number;
  commitLsn: number;
}

/**
 * One outbox table twice: on the real server (in its own schema, one session per writer) and in
 * the model's database (`models/world/database.ts`), with every statement applied to both in
 * the same order. The model's predictions (snapshot rows, streamed changes) are then read from
 * its side with the model's own functions.
 */
export class TwinDatabase {
  readonly model: Database = createDatabase([{ name: 'outbox', columns: outboxColumns(false) }]);
  private readonly sessions: { client: pg.Client; xid: number | null }[] = [];

  private constructor(readonly schema: string, private readonly open: () => Promise<pg.Client>) {}

  /** Creates `schema` with an empty outbox table (dropping an older one). */
  static async create(schema: string, session: () => Promise<pg.Client>, ddl: string): Promise<TwinDatabase> {
    const twin = new TwinDatabase(schema, session);
    const admin = await session();
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema}; SET search_path = ${schema}; ${ddl}; ALTER TABLE outbox REPLICA IDENTITY FULL`);
    return twin;
  }

  /** A new writer session; returns its handle. */
  async session(): Promise<number> {
    const client = await this.open();
    await client.query(`SET search_path = ${this.schema}`);
    this.sessions.push({ client, xid: null });
    return this.sessions.length - 1;
  }

  /** BEGIN on session `s`. */
  async begin(s: number): Promise<void> {
    const session = this.sessions[s]!;
    await session.client.query('BEGIN');
    session.xid = begin(this.model);
  }

  /** INSERT, UPDATE (payload) or DELETE of an outbox row in session `s`'s open transaction. */
  async write(s: number, op: Op, row: OutboxRow): Promise<void> {
    const session = this.sessions[s]!;
    if (session.xid === null) throw new Error(`session ${s} has no open transaction`);
    if (op === 'c') await session.client.query('INSERT INTO outbox (id, aggregatetype, aggregateid, type, payload) VALUES ($1, $2, $3, $4, $5)', [row.id, row.aggregatetype, row.aggregateid, row.type, row.payload]);
    else if (op === 'u') await session.client.query('UPDATE outbox SET payload = $2 WHERE id = $1', [row.id, row.payload]);
    else await session.client.query('DELETE FROM outbox WHERE id = $1', [row.id]);
    const values = op === 'd' ? null : [row.id, row.aggregatetype, row.aggregateid, row.type, row.payload];
    const result = write(this.model, session.xid, { table: 'outbox', op, pk: row.id, values, tag: null });
    if (result !== 'ok') throw new Error(`the model refused ${op} ${row.id}: ${result}`);
  }

  /** COMMIT of session `s`. */
  async commit(s: number): Promise<void> {
    const session = this.sessions[s]!;
    await session.client.query('COMMIT');
    commit(this.model, session.xid!);
    session.xid = null;
  }

  /** One transaction on a fresh session: BEGIN, the writes, COMMIT. */
  async transaction(writes: readonly [Op, OutboxRow][]): Promise<void> {
    const s = await this.session();
    await this.begin(s);
    for (const [op, row] of writes) await this.write(s, op, row);
    await this.commit(s);
  }

  /** The model's slot, created now (as the real connector creates its slot on first start); returns its consistent point. */
  createModelSlot(name: string): number {
    return createSlot(this.model, name).consistentLsn;
  }

  /** The rows the model's snapshot reads with a view at `view`. */
  snapshotRows(view: number): { pk: string; after: Record<string, Value> }[] {
    return tableAsOf(this.model, ['outbox'], view).map((r) => ({ pk: r.pk, after: Object.fromEntries(outboxColumns(false).map((c, i) => [c, r.values[i] ?? null])) }));
  }

  /** Every change the model streams after `from` (`nextStreamedChange` until there is none). */
  streamedAfter(from: StreamPosition): ModelChange[] {
    const out: ModelChange[] = [];
    let pos = from;
    for (let next = nextStreamedChange(this.model, ['outbox'], pos); next !== null; next = nextStreamedChange(this.model, ['outbox'], pos)) {
      pos = { commitLsn: next.txn.commitLsn, lsn: next.change.lsn };
      out.push({ op: next.change.op, pk: next.change.pk, after: next.change.after, lsn: next.change.lsn, commitLsn: next.txn.commitLsn });
    }
    return out;
  }
}

/** An outbox row for aggregate type `type`, with a JSON payload naming it. */
export function outboxRow(id: string, aggregatetype: string, aggregateid: string, payload: Record<string, Value> = { n: id }): OutboxRow {
  return { id, aggregatetype, aggregateid, type: 'Changed', payload: JSON.stringify(payload) };
}
