import type { Offset, Pending } from '../../pipeline/ConnectorState.ts';
import type { KafkaRecord, Kafka } from '../kafka.ts';
import type { Database, Table, Txn, WalTxn } from '../database.ts';
import type { World } from '../World.ts';
import { Numbering, numberingOf, pushNumber, pushSmall } from './Numbering.ts';

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
 * afresh when met again; the others are kept in the identity table.
 */
export class PartNumbers {
  readonly #n = new Numbering();
  readonly #initial: World;
  /** The database's number. */
  readonly database = numberingOf(this.#n, (db: Database) => this.#database(db), false);
  /** The broker's number. */
  readonly broker = numberingOf(this.#n, (k: Kafka) => this.#broker(k), false);
  /** A pending record's number. */
  readonly pending = numberingOf(this.#n, (p: Pending) => this.#pending(p), false);
  readonly #tablesNumber = numberingOf(this.#n, (t: readonly Table[]) => this.#tables(t), false);
  readonly #txnsNumber = numberingOf(this.#n, (t: readonly Txn[]) => this.#transactions(t));
  readonly #walNumber = numberingOf(this.#n, (wal: readonly WalTxn[]) => this.#wal(wal), false);
  readonly #walTxnNumber = numberingOf(this.#n, (t: WalTxn) => this.#walTxn(t));
  readonly #partitionNumber = numberingOf(this.#n, (p: readonly KafkaRecord[]) => this.#partition(p));
  readonly #recordNumber = numberingOf(this.#n, (r: KafkaRecord) => this.#record(r));

  /** `initial`: the model's initial world (column lists equal to its own are written as null). */
  constructor(initial: World) {
    this.#initial = initial;
  }

  /** Appends a string (or null) as its number. */
  symbol(codes: number[], s: string | null): void {
    pushSmall(codes, s === null ? null : this.#n.symbol(s));
  }

  /** The number of a string. */
  symbolOf(s: string): number {
    return this.#n.symbol(s);
  }

  #database(db: Database): number[] {
    const codes = [DATABASE];
    pushNumber(codes, this.#tablesNumber(db.tables));
    pushNumber(codes, this.#txnsNumber(db.txns));
    pushNumber(codes, this.#walNumber(db.wal));
    pushSmall(codes, db.nextXid);
    pushSmall(codes, db.nextLsn);
    pushSmall(codes, db.slot && db.slot.consistentLsn);
    pushSmall(codes, db.slot && db.slot.confirmedLsn);
    return codes;
  }

  /** Column lists; one equal to the initial one as null (the initial state is fixed for a model). */
  #tables(tables: readonly Table[]): number[] {
    const codes = [TABLES, tables.length];
    tables.forEach((t, i) => {
      const cols = t.columns.join(',');
      this.symbol(codes, cols === this.#initial.db.tables[i]?.columns.join(',') ? null : cols);
    });
    return codes;
  }

  #transactions(txns: readonly Txn[]): number[] {
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
    return codes;
  }

  #wal(wal: readonly WalTxn[]): number[] {
    const codes = [WAL, wal.length];
    for (const t of wal) pushNumber(codes, this.#walTxnNumber(t));
    return codes;
  }

  #walTxn(t: WalTxn): number[] {
    const codes = [WAL_TXN];
    pushSmall(codes, t.xid);
    pushSmall(codes, t.commitLsn);
    codes.push(t.changes.length);
    for (const c of t.changes) {
      pushSmall(codes, c.lsn);
      this.symbol(codes, c.table);
      this.symbol(codes, c.op);
      this.symbol(codes, c.pk);
      this.symbol(codes, c.after && JSON.stringify(c.after));
      this.symbol(codes, c.tag);
    }
    return codes;
  }

  #broker(kafka: Kafka): number[] {
    const codes = [BROKER, kafka.topics.length];
    for (const t of kafka.topics) {
      codes.push(t.partitions.length);
      for (const p of t.partitions) pushNumber(codes, this.#partitionNumber(p));
    }
    return codes;
  }

  #partition(records: readonly KafkaRecord[]): number[] {
    const codes = [PARTITION, records.length];
    for (const r of records) pushNumber(codes, this.#recordNumber(r));
    return codes;
  }

  #record(r: KafkaRecord): number[] {
    const codes = [RECORD];
    this.symbol(codes, r.key);
    this.symbol(codes, r.id);
    this.symbol(codes, r.change);
    this.symbol(codes, r.op);
    this.symbol(codes, r.value && JSON.stringify(r.value));
    pushSmall(codes, r.seq ?? null);
    return codes;
  }

  #pending(p: Pending): number[] {
    const codes = [PENDING];
    this.symbol(codes, p.topic);
    pushSmall(codes, p.seq);
    pushSmall(codes, p.tries);
    pushNumber(codes, this.#recordNumber(p.record));
    pushOffset(codes, p.offset);
    return codes;
  }
}

/** Appends an offset, or null. */
export function pushOffset(codes: number[], o: Offset | null): void {
  if (o === null) return void codes.push(0);
  codes.push(o.snapshot ? 2 : 1);
  pushSmall(codes, o.commitLsn);
  pushSmall(codes, o.lsn);
}
