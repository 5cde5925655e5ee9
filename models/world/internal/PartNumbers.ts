import type { Offset, Pending } from '../../pipeline/ConnectorState.ts';
import type { KafkaRecord, Kafka } from '../kafka.ts';
import type { Database, Table, Txn, WalTxn } from '../database.ts';
import type { World } from '../World.ts';
import { cmp } from '../renameAggregates.ts';
import { codesText, high, low, Numbering, numberingOf, pushNumber, pushSmall, small } from './Numbering.ts';

// The first code of each part's description, so descriptions of different kinds never collide.
const DATABASE = 1;
const TABLES = 2;
const TRANSACTIONS = 3;
const WAL = 4;
const WAL_TXN = 5;
const BROKER = 6;
const PARTITION = 7;
const RECORD = 8;
const PENDING = 9;

/**
 * The numbers of the large parts of one model's worlds (see `WorldKeys`): the database and,
 * inside it, its tables, open transactions, WAL and WAL transactions; the broker, its partitions
 * and records; each record waiting in the producer. Each part is described as a tuple of
 * numbers (strings as their numbers, lists with their length first) and numbered by
 * `Numbering`. Parts that are cheap to describe from their numbered elements are described
 * afresh when met again; the others are also numbered by identity.
 *
 * With a `rename`, parts are numbered as their copies renamed by `renameAggregates` would be,
 * without building them: every string is numbered as renamed, and the seed transaction's
 * changes are described in the order the renamed copy is re-sorted into.
 */
export class PartNumbers {
  readonly #n: Numbering;
  readonly #rename: ((s: string) => string) | null;
  /** With a renaming: the number of each string as renamed. */
  readonly #renamed = new Map<string, number>();
  readonly #initial: World;
  /** The database's number. */
  readonly database: (db: Database) => number;
  /** The broker's number. */
  readonly broker: (k: Kafka) => number;
  /** A pending record's number. */
  readonly pending: (p: Pending) => number;
  readonly #tablesNumber: (t: readonly Table[]) => number;
  readonly #txnsNumber: (t: readonly Txn[]) => number;
  readonly #walNumber: (wal: readonly WalTxn[]) => number;
  readonly #walTxnNumber: (t: WalTxn) => number;
  readonly #partitionNumber: (p: readonly KafkaRecord[]) => number;
  readonly #recordNumber: (r: KafkaRecord) => number;

  /**
   * `initial`: the model's initial world (column lists equal to its own are written as null);
   * `numbering`: the tables to number on (parts numbered on one can be compared); `rename`: the
   * renaming of strings, if any.
   */
  constructor(initial: World, numbering = new Numbering(), rename: ((s: string) => string) | null = null) {
    this.#initial = initial;
    this.#n = numbering;
    this.#rename = rename;
    this.database = numberingOf(numbering, (db: Database) => this.#database(db), false);
    this.broker = numberingOf(numbering, (k: Kafka) => this.#broker(k), false);
    this.pending = numberingOf(numbering, (p: Pending) => this.#pending(p), false);
    this.#tablesNumber = numberingOf(numbering, (t: readonly Table[]) => this.#tables(t), false);
    this.#txnsNumber = numberingOf(numbering, (t: readonly Txn[]) => this.#transactions(t));
    this.#walNumber = numberingOf(numbering, (wal: readonly WalTxn[]) => this.#wal(wal), false);
    this.#walTxnNumber = numberingOf(numbering, (t: WalTxn) => this.#walTxn(t));
    this.#partitionNumber = numberingOf(numbering, (p: readonly KafkaRecord[]) => this.#partition(p));
    this.#recordNumber = numberingOf(numbering, (r: KafkaRecord) => this.#record(r));
  }

  /** Appends a string (or null) as its number. */
  symbol(codes: number[], s: string | null): void {
    codes.push(this.#symbolCode(s));
  }

  /** The number of a string (renamed, with a renaming). */
  symbolOf(s: string): number {
    if (this.#rename === null) return this.#n.symbol(s);
    let n = this.#renamed.get(s);
    if (n === undefined) this.#renamed.set(s, (n = this.#n.symbol(this.#rename(s))));
    return n;
  }

  /** The string as renamed (itself without a renaming). */
  renamed(s: string): string {
    return this.#rename === null ? s : this.#rename(s);
  }

  /** The number of a string that is already renamed. */
  plainSymbolOf(s: string): number {
    return this.#n.symbol(s);
  }

  // Parts of fixed shape are written straight to text, without an array of codes.
  #database(db: Database): string {
    const tables = this.#tablesNumber(db.tables);
    const txns = this.#txnsNumber(db.txns);
    const wal = this.#walNumber(db.wal);
    // Each slot as its name, consistent and confirmed positions, after the fixed fields.
    let slots = '';
    for (const s of db.slots) slots += String.fromCharCode(small(this.symbolOf(s.name)), small(s.consistentLsn), small(s.confirmedLsn));
    return String.fromCharCode(
      DATABASE,
      high(tables),
      low(tables),
      high(txns),
      low(txns),
      high(wal),
      low(wal),
      small(db.nextXid),
      small(db.nextLsn),
      small(db.slots.length),
    ) + slots;
  }

  /**
   * Column lists; one equal to the initial one as null (the initial state is fixed for a model).
   * Tables share their column list until a DDL statement replaces it, so the common case is
   * told by identity, without joining the names.
   */
  #tables(tables: readonly Table[]): string {
    const codes = [TABLES, tables.length];
    const initial = this.#initial.db.tables;
    for (let i = 0; i < tables.length; i++) {
      const cols = tables[i]!.columns;
      const start = initial[i]?.columns;
      if (cols === start) codes.push(small(null));
      else {
        const text = cols.join(',');
        this.symbol(codes, text === start?.join(',') ? null : text);
      }
    }
    return codesText(codes);
  }

  #transactions(txns: readonly Txn[]): string {
    const codes = [TRANSACTIONS, txns.length];
    for (const t of txns) {
      pushSmall(codes, t.xid);
      codes.push(t.failed ? 1 : 0, t.writes.length);
      for (const x of t.writes) {
        this.symbol(codes, x.op);
        this.symbol(codes, x.table);
        this.symbol(codes, x.pk);
        this.symbol(codes, x.tag);
        this.symbol(codes, x.values && JSON.stringify(x.values));
        pushSmall(codes, x.lsn);
      }
    }
    return codesText(codes);
  }

  #wal(wal: readonly WalTxn[]): string {
    const codes = [WAL, wal.length];
    for (const t of wal) pushNumber(codes, this.#walTxnNumber(t));
    return codesText(codes);
  }

  #walTxn(t: WalTxn): string {
    const codes = [WAL_TXN];
    pushSmall(codes, t.xid);
    pushSmall(codes, t.commitLsn);
    codes.push(t.changes.length);
    // The seed transaction's changes share one LSN; a renamed copy re-sorts them (`canonical`).
    const changes = this.#rename !== null && t.xid === 1 ? [...t.changes].sort((a, b) => cmp(`${this.renamed(a.table)}/${this.renamed(a.pk)}`, `${this.renamed(b.table)}/${this.renamed(b.pk)}`)) : t.changes;
    for (const c of changes) {
      pushSmall(codes, c.lsn);
      this.symbol(codes, c.table);
      this.symbol(codes, c.op);
      this.symbol(codes, c.pk);
      this.symbol(codes, c.after && JSON.stringify(c.after));
      this.symbol(codes, c.tag);
    }
    return codesText(codes);
  }

  #broker(kafka: Kafka): string {
    const codes = [BROKER, kafka.topics.length];
    for (const t of kafka.topics) {
      codes.push(t.partitions.length);
      for (const p of t.partitions) pushNumber(codes, this.#partitionNumber(p));
    }
    return codesText(codes);
  }

  #partition(records: readonly KafkaRecord[]): string {
    const codes = [PARTITION, records.length];
    for (const r of records) pushNumber(codes, this.#recordNumber(r));
    return codesText(codes);
  }

  #record(r: KafkaRecord): string {
    return String.fromCharCode(
      RECORD,
      this.#symbolCode(r.key),
      this.#symbolCode(r.id),
      this.#symbolCode(r.change),
      this.#symbolCode(r.op),
      this.#symbolCode(r.value && JSON.stringify(r.value)),
      small(r.seq ?? null),
    );
  }

  /** A string (or null) as the one code `symbol` appends. */
  #symbolCode(s: string | null): number {
    return small(s === null ? null : this.symbolOf(s));
  }

  #pending(p: Pending): string {
    const codes = [PENDING];
    this.symbol(codes, p.topic);
    pushSmall(codes, p.seq);
    pushSmall(codes, p.tries);
    pushNumber(codes, this.#recordNumber(p.record));
    pushOffset(codes, p.offset);
    return codesText(codes);
  }
}

/** Appends an offset, or null. */
export function pushOffset(codes: number[], o: Offset | null): void {
  if (o === null) return void codes.push(0);
  codes.push(o.snapshot ? 2 : 1);
  pushSmall(codes, o.commitLsn);
  pushSmall(codes, o.lsn);
}
