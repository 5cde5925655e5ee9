import type { Database, Value, WalTxn } from '../../models/world/database.ts';
import type { RealObservation, RealTxn } from './DatabaseMirror.ts';

/**
 * The first difference between what the server says and the model's database, as one
 * "DB (PostgreSQL) says … / model says …" line; null when they agree.
 *
 * Compared: every table's columns and committed rows, and the committed transactions in commit
 * order with their changes in statement order (table, op, key, after-image). Values compare as
 * text, since the server's column types are inferred. Open transactions are not compared: no
 * other session can see them. Pure.
 */
export function firstDatabaseDifference(real: RealObservation, model: Database): string | null {
  for (const table of model.tables) {
    const mine = real.tables.find((t) => t.name === table.name);
    const a = mine ? sayTable(mine.name, mine.columns, mine.rows) : `${table.name}: missing`;
    const b = sayTable(table.name, table.columns, table.rows);
    if (a !== b) return `DB (PostgreSQL) says ${a}, model says ${b}`;
  }
  const length = Math.max(real.wal.length, model.wal.length);
  for (let i = 0; i < length; i++) {
    const a = real.wal[i] ? sayTxn(real.wal[i]!) : 'nothing';
    const b = model.wal[i] ? sayTxn(model.wal[i]!) : 'nothing';
    if (a !== b) return `WAL entry ${i + 1}: logical decoding says ${a}, model says ${b}`;
  }
  return null;
}

/**
 * The model's database with the server's committed data in place of the model's: tables from
 * the server, WAL from logical decoding. LSNs are the model's own numbers for the matching
 * transaction (the model claims only their order, which `lsnClaims` checks against the server;
 * call this only once `firstDatabaseDifference` found none), and the ghost `tag`s are copied
 * from the model's matching change (no real system has them). Open transactions, xid and LSN
 * counters and the slot are the model's. This is the state the in-process actors step on. Pure.
 */
export function modelDatabaseFrom(real: RealObservation, model: Database): Database {
  const wal: WalTxn[] = real.wal.map((txn, i) => {
    const twin = model.wal[i];
    if (twin === undefined || twin.changes.length !== txn.changes.length) throw new Error('modelDatabaseFrom needs a WAL that matches the model');
    const changes = txn.changes.map((c, j) => ({ lsn: twin.changes[j]!.lsn, table: c.table, op: c.op, pk: c.pk, after: c.after, tag: twin.changes[j]!.tag }));
    return { xid: txn.xid ?? -1, commitLsn: twin.commitLsn, changes };
  });
  const tables = real.tables.map((t) => ({ name: t.name, columns: [...t.columns], rows: t.rows.map((r) => [...r]) }));
  return { ...model, tables, wal, txns: model.txns.map((t) => ({ ...t, writes: [...t.writes] })) };
}

/** Same rendering as `firstDatabaseDifference` uses, for a list of decoded transactions. Pure. */
export function sayTransactions(txns: readonly (RealTxn | WalTxn)[]): string {
  return txns.length === 0 ? 'nothing' : txns.map(sayTxn).join(' ');
}

function sayTable(name: string, columns: readonly string[], rows: readonly (readonly Value[])[]): string {
  return `${name}(${columns.join(',')}){${rows.map((r) => r.map((v) => (v === null ? 'null' : String(v))).join(' ')).join('; ')}}`;
}

function sayTxn(txn: RealTxn | WalTxn): string {
  const changes = txn.changes.map((c) => `${c.op} ${c.table} ${c.pk}${c.after ? ` ${sayAfter(c.after)}` : ''}`);
  return `xid${txn.xid ?? '?'}[${changes.join(', ')}]`;
}

function sayAfter(after: Record<string, Value>): string {
  return `{${Object.entries(after)
    .map(([k, v]) => `${k}=${v === null ? 'null' : String(v)}`)
    .join(',')}}`;
}
