/**
 * The database and its write-ahead log (WAL): tables, transactions, commit and abort, as plain
 * serialisable data with pure query functions and draft mutators.
 *
 * Usage: the mutators (`begin`, `write`, `commit`, `abort`, `renameColumn`, `createSlot`,
 * `confirmSlot`) assign the fields of the `Database` they are given, and never change a list,
 * a table, a transaction, a row or the slot in place: they replace them. So a shallow copy of a
 * database (`{ ...db }`, what the model's `updateDb` makes) is enough for a pure update, and the
 * new database shares every part it did not change with the old one. Query functions
 * (`readRow`, `tableAsOf`, `nextCapturedChange`, ...) never mutate.
 *
 * Semantics (PostgreSQL at READ COMMITTED, as far as the model needs it):
 * - A row is `Value[]` aligned with its table's `columns`; column 0 is the primary key. Rows are
 *   kept sorted by primary key, so equal contents are equal data.
 * - Writes are buffered in the transaction and applied at commit. A transaction reads its own
 *   writes; others see only committed rows.
 * - Writing a row that another active transaction has written blocks (a row lock): `write` then
 *   returns `'blocked'` and records nothing, and the caller may try again later. An update or
 *   delete of a row the writer cannot see (inserted by a transaction still open) does not block:
 *   it affects 0 rows.
 * - Inserting an existing key is a unique violation: the transaction is marked failed, and its
 *   `commit` rolls back, as in PostgreSQL. An update or delete of a missing row affects 0 rows.
 * - Each write gets its LSN when the statement runs, as in PostgreSQL; committing appends one
 *   WAL transaction with the xid, its row changes in statement order and a commit LSN taken at
 *   commit. So a transaction that commits second can hold changes below the first one's commit
 *   (measured in conformance/). Logical decoding sends whole transactions in commit order:
 *   `nextStreamedChange` follows it. Aborted and empty transactions never appear in the WAL.
 * - A WAL change carries the after-image named by the columns current at commit (what logical
 *   decoding reports), and `tag`: a ghost annotation naming the request that wrote it, which no
 *   real system sees; the invariants use it to tell which committed change an event stands for.
 */
export type Value = string | number | null;

/** Row-change operation, in Debezium's letters: create, update, delete. */
export type Op = 'c' | 'u' | 'd';

/** A table: its column names (column 0 is the primary key) and its committed rows, sorted by key. */
export interface Table {
  name: string;
  columns: string[];
  rows: Value[][];
}

/** A write as a caller passes it to `write`. `values` is the full new row (null for a delete). */
export interface Write {
  table: string;
  op: Op;
  pk: string;
  values: Value[] | null;
  tag: string | null;
}

/** A write buffered in an active transaction, with the LSN of its WAL record, taken when the statement ran. */
export interface BufferedWrite extends Write {
  lsn: number;
}

/** An active transaction. `failed` after an error: its commit rolls back. */
export interface Txn {
  xid: number;
  writes: BufferedWrite[];
  failed: boolean;
}

/** One row change in the WAL. */
export interface WalChange {
  lsn: number;
  table: string;
  op: Op;
  pk: string;
  after: Record<string, Value> | null;
  tag: string | null;
}

/** One committed transaction in the WAL. */
export interface WalTxn {
  xid: number;
  commitLsn: number;
  changes: WalChange[];
}

/**
 * A logical replication slot. `consistentLsn` is the point it was created at: every transaction
 * committed below it is in the exported snapshot, every one at or above it is streamed.
 * `confirmedLsn` is what the client confirmed as flushed; the server may discard WAL below it.
 */
export interface Slot {
  /** The slot's name (`slot.name`); connectors that give the same name share the slot. */
  name: string;
  consistentLsn: number;
  confirmedLsn: number;
}

/** The whole database: tables, active transactions, the WAL and the replication slots. */
export interface Database {
  tables: Table[];
  txns: Txn[];
  /**
   * Whether something decodes the WAL (a connector). When nothing does, commits leave no record
   * in `wal`: nothing would read it, and the order of commits it keeps would tell apart states
   * whose futures are the same (see `createDatabase`).
   */
  decoded: boolean;
  /** The committed transactions in commit order, kept only when `decoded`. */
  wal: WalTxn[];
  nextXid: number;
  /** The WAL insert position: the LSN the next record will get. */
  nextLsn: number;
  /** The replication slots, sorted by name. */
  slots: Slot[];
}

/** A table definition for `createDatabase`: name, columns (key first) and seed rows. */
export interface TableSpec {
  name: string;
  columns: string[];
  rows?: Value[][];
}

/** The result of `write`. */
export type WriteResult = 'ok' | 'blocked' | 'unique-violation' | 'no-row' | 'txn-failed';

/** A row as of some LSN, with the LSN of the change that wrote it and that change's ghost tag. */
export interface VersionedRow {
  table: string;
  pk: string;
  values: Value[];
  version: number;
  tag: string | null;
}

/**
 * A fresh database with the given tables. Seed rows are committed by a bootstrap transaction
 * (xid 1), so they are in the WAL and visible to `tableAsOf`. All seed changes share LSN 1
 * (commit LSN 2): the seed stands for everything loaded before the modelled history, and
 * giving its rows no order keeps interchangeable rows interchangeable (symmetry reduction).
 * Nothing can stream from below LSN 3, since a slot is created after the seed.
 *
 * `decoded`: whether anything will decode the WAL. A world without a connector passes false,
 * and then neither the seed nor any commit is recorded in `wal`, while the counters advance as
 * they would. The tables, transactions, counters and slots behave the same either way. Pure.
 */
export function createDatabase(specs: readonly TableSpec[], decoded = true): Database {
  const db: Database = { tables: [], txns: [], decoded, wal: [], nextXid: 2, nextLsn: 1, slots: [] };
  const changes: WalChange[] = [];
  for (const s of specs) {
    const rows = [...(s.rows ?? [])].map((r) => [...r]).sort((a, b) => (String(a[0]) < String(b[0]) ? -1 : 1));
    db.tables.push({ name: s.name, columns: [...s.columns], rows });
    for (const r of rows) changes.push({ lsn: 1, table: s.name, op: 'c', pk: String(r[0]), after: named(s.columns, r), tag: null });
  }
  if (changes.length > 0) {
    if (decoded) db.wal.push({ xid: 1, commitLsn: 2, changes });
    db.nextLsn = 3;
  }
  return db;
}

/** The table named `name`; throws if there is none (a model bug, not a database error). */
export function tableOf(db: Database, name: string): Table {
  const t = db.tables.find((x) => x.name === name);
  if (!t) throw new Error(`no table ${name}`);
  return t;
}

/** Puts `txn` in place of the active transaction with its xid. */
function replaceTxn(db: Database, txn: Txn): void {
  db.txns = db.txns.map((t) => (t.xid === txn.xid ? txn : t));
}

/** Starts a transaction and returns its xid. Mutates `db`. */
export function begin(db: Database): number {
  const xid = db.nextXid++;
  db.txns = [...db.txns, { xid, writes: [], failed: false }];
  return xid;
}

/** The active transaction `xid`, or undefined. */
export function txnOf(db: Database, xid: number): Txn | undefined {
  return db.txns.find((t) => t.xid === xid);
}

/** True when another active transaction than `xid` holds a write (row lock) on `table`/`pk`. */
export function isLocked(db: Database, xid: number | null, table: string, pk: string): boolean {
  return db.txns.some((t) => t.xid !== xid && t.writes.some((w) => w.table === table && w.pk === pk));
}

/**
 * The row `pk` of `table` as transaction `xid` sees it (its own writes over committed rows), or
 * as committed when `xid` is null. Returns a copy or null.
 */
export function readRow(db: Database, table: string, pk: string, xid: number | null = null): Value[] | null {
  const t = xid === null ? undefined : txnOf(db, xid);
  if (t) {
    for (let i = t.writes.length - 1; i >= 0; i--) {
      const w = t.writes[i]!;
      if (w.table === table && w.pk === pk) return w.values ? [...w.values] : null;
    }
  }
  const row = tableOf(db, table).rows.find((r) => r[0] === pk);
  return row ? [...row] : null;
}

/**
 * Buffers a write in transaction `xid`. Mutates `db`. `'blocked'` when another transaction holds
 * the row (nothing recorded); `'unique-violation'` marks the transaction failed; `'no-row'` is an
 * update or delete that matched nothing (nothing recorded, as 0 rows affected).
 */
export function write(db: Database, xid: number, w: Write): WriteResult {
  const t = txnOf(db, xid);
  if (!t) throw new Error(`no active transaction ${xid}`);
  if (t.failed) return 'txn-failed';
  const existing = readRow(db, w.table, w.pk, xid);
  // An UPDATE or DELETE only waits for rows it can see: a row another open transaction inserted
  // is invisible, so PostgreSQL matches nothing and does not wait (measured in conformance/).
  if (w.op !== 'c' && !existing) return 'no-row';
  if (isLocked(db, xid, w.table, w.pk)) return 'blocked';
  if (w.op === 'c' && existing) {
    replaceTxn(db, { ...t, failed: true });
    return 'unique-violation';
  }
  const write: BufferedWrite = { table: w.table, op: w.op, pk: w.pk, values: w.values ? [...w.values] : null, tag: w.tag, lsn: db.nextLsn++ };
  replaceTxn(db, { ...t, writes: [...t.writes, write] });
  return 'ok';
}

/**
 * Commits `xid`: applies its writes in statement order and appends them to the WAL (when
 * `decoded`). A failed
 * transaction rolls back instead. Returns the commit LSN, or null when nothing was written to
 * the WAL (rolled back, or no writes). Mutates `db`.
 */
export function commit(db: Database, xid: number): number | null {
  const t = txnOf(db, xid);
  if (!t) throw new Error(`no active transaction ${xid}`);
  db.txns = db.txns.filter((x) => x.xid !== xid);
  if (t.failed || t.writes.length === 0) return null;
  const changes: WalChange[] = [];
  for (const w of t.writes) {
    const i = db.tables.findIndex((x) => x.name === w.table);
    const table = db.tables[i]!;
    const at = table.rows.findIndex((r) => String(r[0]) >= w.pk);
    const present = at >= 0 && table.rows[at]![0] === w.pk;
    const row = w.values && (Object.freeze([...w.values]) as Value[]);
    const rows = row === null ? (present ? table.rows.toSpliced(at, 1) : table.rows) : present ? table.rows.with(at, row) : table.rows.toSpliced(at < 0 ? table.rows.length : at, 0, row);
    db.tables = db.tables.with(i, { ...table, rows });
    if (!db.decoded) continue;
    const after = w.values ? Object.freeze(named(table.columns, w.values)) : null;
    changes.push(Object.freeze({ lsn: w.lsn, table: w.table, op: w.op, pk: w.pk, after, tag: w.tag }));
  }
  const commitLsn = db.nextLsn++;
  if (!db.decoded) return commitLsn;
  // Committed history never changes: frozen, it is shared between states without copying, and
  // immer skips it when finalising a step.
  db.wal = [...db.wal, Object.freeze({ xid, commitLsn, changes: Object.freeze(changes) as WalChange[] })];
  return commitLsn;
}

/** Rolls back `xid` (also what a dropped connection does). No WAL record. Mutates `db`. */
export function abort(db: Database, xid: number): void {
  db.txns = db.txns.filter((x) => x.xid !== xid);
}

/**
 * Renames a column (DDL, auto-committed; metadata only, not a row change in the WAL). Mutates `db`.
 *
 * Only call it when `renameColumnWaitsFor(db, table)` is empty: on PostgreSQL the rename waits
 * for every open transaction that has written to the table.
 */
export function renameColumn(db: Database, table: string, from: string, to: string): void {
  const t = tableOf(db, table);
  if (!t.columns.includes(from)) throw new Error(`no column ${table}.${from}`);
  // Replaced, not changed in place, so column lists can be shared between states.
  db.tables = db.tables.map((x) => (x === t ? { ...t, columns: t.columns.map((c) => (c === from ? to : c)) } : x));
}

/**
 * The active transactions a rename of a column of `table` would wait for: those that have
 * written to it. Measured on PostgreSQL 18 (`conformance/`): ALTER TABLE … RENAME COLUMN needs an
 * ACCESS EXCLUSIVE lock, which a writer's ROW EXCLUSIVE lock holds off until it ends, so a
 * transaction's change is always decoded with the column names it was written under, never
 * renamed under it. Writers of other tables do not delay it. Pure.
 */
export function renameColumnWaitsFor(db: Database, table: string): number[] {
  return db.txns.filter((t) => t.writes.some((w) => w.table === table)).map((t) => t.xid);
}

/** Debezium's default `slot.name`. */
export const defaultSlotName = 'debezium';

/** The slot named `name`, or null when there is none. Pure. */
export function slotOf(db: Database, name: string = defaultSlotName): Slot | null {
  for (const s of db.slots) if (s.name === name) return s;
  return null;
}

/** `db.slots` with `slot` in place of the one of its name, or added in name order. */
function withSlot(slots: readonly Slot[], slot: Slot): Slot[] {
  return [...slots.filter((s) => s.name !== slot.name), slot].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * Creates the replication slot `name` at the current WAL insert position. Mutates `db`.
 *
 * Only call it when `slotCreationWaitsFor(db)` is empty: PostgreSQL's slot creation does not
 * return until every transaction that has written has ended, and their commits land below the
 * consistent point (in the exported snapshot, not in the stream).
 */
export function createSlot(db: Database, name: string = defaultSlotName): Slot {
  const slot = { name, consistentLsn: db.nextLsn, confirmedLsn: db.nextLsn };
  db.slots = withSlot(db.slots, slot);
  return slot;
}

/** Drops the slot named `name` (lost or invalidated). Mutates `db`. */
export function dropSlot(db: Database, name: string = defaultSlotName): void {
  db.slots = db.slots.filter((s) => s.name !== name);
}

/**
 * The active transactions that a new logical slot would wait for: those holding an xid, i.e.
 * that have written (a failed one wrote too). Measured on PostgreSQL 18 (`conformance/`):
 * `CREATE_REPLICATION_SLOT … EXPORT_SNAPSHOT` blocks while such a transaction is open; when it
 * commits, the slot completes, the exported snapshot contains that commit and logical decoding
 * never streams it. So a slot cannot be created in between its writes and its commit, and a
 * model that did so would stream a change the server snapshots, or (with `no_data`) deliver
 * one the server loses. Read-only transactions have no xid and do not delay the slot. Pure.
 */
export function slotCreationWaitsFor(db: Database): number[] {
  return db.txns.filter((t) => t.failed || t.writes.length > 0).map((t) => t.xid);
}

/** Confirms `lsn` as flushed on slot `name`; the confirmed position never moves back. Mutates `db`. */
export function confirmSlot(db: Database, lsn: number, name: string = defaultSlotName): void {
  const slot = slotOf(db, name);
  if (slot && lsn > slot.confirmedLsn) db.slots = withSlot(db.slots, { ...slot, confirmedLsn: lsn });
}

/**
 * The committed rows of `tables` as of `lsn`: the effect of every WAL transaction whose commit
 * LSN is below `lsn` (an MVCC snapshot taken at that point), in table order then key order,
 * with values positioned by column, so a later column rename does not change them. Pure.
 */
export function tableAsOf(db: Database, tables: readonly string[], lsn: number): VersionedRow[] {
  // The WAL list is never changed in place (a commit replaces it), so it keys a cache, with the
  // snapshot point and the table list (callers pass one list object each).
  let perWal = asOfCache.get(db.wal);
  if (!perWal) asOfCache.set(db.wal, (perWal = new Map()));
  let perLsn = perWal.get(lsn);
  if (!perLsn) perWal.set(lsn, (perLsn = new Map()));
  const hit = perLsn.get(tables);
  if (hit) return hit;
  const out: VersionedRow[] = [];
  for (const name of tables) {
    const rows = new Map<string, VersionedRow>();
    for (const tx of db.wal) {
      if (tx.commitLsn >= lsn) break;
      for (const c of tx.changes) {
        if (c.table !== name) continue;
        if (c.after === null) rows.delete(c.pk);
        else rows.set(c.pk, { table: name, pk: c.pk, values: Object.values(c.after), version: c.lsn, tag: c.tag });
      }
    }
    out.push(...[...rows.values()].sort((a, b) => (a.pk < b.pk ? -1 : a.pk > b.pk ? 1 : 0)));
  }
  perLsn.set(tables, out);
  return out;
}

const asOfCache = new WeakMap<readonly WalTxn[], Map<number, Map<readonly string[], VersionedRow[]>>>();

/**
 * A position in the logical replication stream: the commit LSN of the transaction being
 * processed and the LSN of its last change processed (`lsn_proc`, -1 for none yet).
 * `{ commitLsn: C, lsn: -1 }` is the start of the stream at a slot's consistent point C.
 * (Debezium's offsets key the transaction by the commit before it, `lsn_commit`; the
 * connector's `Offset` carries that too.)
 */
export interface StreamPosition {
  commitLsn: number;
  lsn: number;
}

/**
 * The change a logical replication stream with a publication on `tables` sends after `after`,
 * with its transaction: whole transactions in commit order, from those committing at or above
 * `after.commitLsn`, skipping the changes of that transaction already processed (what the
 * server streams from the position plus Debezium's skipping of what it already has). Pure.
 */
export function nextStreamedChange(db: Database, tables: readonly string[], after: StreamPosition): { txn: WalTxn; change: WalChange } | null {
  for (const txn of db.wal) {
    if (txn.commitLsn < after.commitLsn) continue;
    for (const change of txn.changes) {
      if (txn.commitLsn === after.commitLsn && change.lsn <= after.lsn) continue;
      if (tables.includes(change.table)) return { txn, change };
    }
  }
  return null;
}

/**
 * The first WAL change on one of `tables` whose LSN is at least `from`, with its transaction,
 * in commit order: resuming by change LSN alone. Lossy on real LSNs, where a transaction that
 * commits later can hold changes below an earlier one's (conformance/resumeByChangeLsn.test.ts);
 * the connector resumes with `nextStreamedChange` instead. Pure.
 */
export function nextCapturedChange(db: Database, tables: readonly string[], from: number): { txn: WalTxn; change: WalChange } | null {
  for (const txn of db.wal) {
    if (txn.commitLsn < from) continue;
    for (const change of txn.changes) if (change.lsn >= from && tables.includes(change.table)) return { txn, change };
  }
  return null;
}

/** `values` as a record named by `columns`, in column order. Pure. */
export function named(columns: readonly string[], values: readonly Value[]): Record<string, Value> {
  const out: Record<string, Value> = {};
  columns.forEach((c, i) => (out[c] = values[i] ?? null));
  return out;
}
