import type { Offset, Pending } from '../pipeline/ConnectorState.ts';
import type { KafkaRecord, Kafka } from './kafka.ts';
import type { Database, Table, Txn, WalTxn } from './database.ts';
import type { World } from './World.ts';

/**
 * The key function of one model (whose initial state is `initial`): a short canonical key of a
 * world, for deduplication, equal for two worlds exactly when their JSON is equal.
 *
 * How: each large part of a world (the database and, inside it, its tables, open transactions
 * and WAL; the broker and each partition; each pending record) is described by a text fragment,
 * and each distinct fragment gets a number the first time it is seen (hash-consing). States
 * share every part a step did not change (`copyWorld`, `updateDb`), and no part is changed once
 * built, so a part's number is looked up by object identity and a step pays only for the parts
 * it changed. The records (services, connector, relay, consumers, ghost lists, budget) follow
 * field by field, one character per number or numbered string, lists with their length first.
 * A key is a few dozen characters, in a layout fixed by the model.
 *
 * The numbers depend on the order in which fragments were first seen, so a key is canonical
 * for the life of the returned function (one model), not across processes; replay strings
 * fingerprint a state's stable JSON instead.
 *
 * The fragments leave out only what the rest of the world determines:
 * - table rows: they are the fold of the WAL (the bootstrap transaction included), and the
 *   column names are kept;
 * - the values of a WAL after-image and of a Kafka record: every writer in the model writes a
 *   value that is a function of (table, op, key, ghost tag), so the image is kept as its column
 *   names only (which change with a rename), and a record as its source identity (`id`,
 *   `change`, `op`, `seq`) plus the field names of its value;
 * - the ghost list of committed changes, which the WAL determines.
 *
 * `worldKey.test.ts` checks, on every reachable state of every scenario at the default scope,
 * that the key is injective (as many distinct keys as distinct JSON states).
 */
export function worldKeyFor(initial: World): (w: World) => string {
  const keys = new WorldKeys(initial);
  return (w) => keys.key(w);
}

/** The numbering tables of one model's keys; see `worldKeyFor`. */
class WorldKeys {
  /** Fragment → number. Each fragment starts with its kind's letter, so kinds never collide. */
  readonly #numbers = new Map<string, number>();
  readonly #seen = new WeakMap<object, number>();
  /** Short strings (control states, aggregates, eventIds, outbox ids) → number. */
  readonly #symbols = new Map<string, number>();
  readonly #walFragments = new WeakMap<WalTxn, string>();
  readonly #codes: number[] = [];
  // The successors of a state mostly share its database and broker: the last ones met are
  // remembered here, which spares most identity lookups.
  #lastDb: Database | null = null;
  #lastDbNumber = 0;
  #lastKafka: Kafka | null = null;
  #lastKafkaNumber = 0;

  constructor(readonly initial: World) {}

  key(w: World): string {
    const codes = this.#codes;
    codes.length = 0;
    if (w.db !== this.#lastDb) {
      this.#lastDbNumber = this.#number(w.db, this.#database);
      this.#lastDb = w.db;
    }
    this.#part(this.#lastDbNumber);
    if (w.kafka !== this.#lastKafka) {
      this.#lastKafkaNumber = this.#number(w.kafka, this.#broker);
      this.#lastKafka = w.kafka;
    }
    this.#part(this.#lastKafkaNumber);
    for (const s of w.services) {
      this.#symbol(s.at);
      this.#symbol(s.agg);
      this.#code(s.next);
      this.#code(s.xid);
      this.#code(s.retries);
    }
    const c = w.connector;
    if (c) {
      this.#symbol(c.at);
      this.#code(c.view);
      this.#code(c.start);
      this.#code(c.cursor);
      this.#code(c.pos.commitLsn);
      this.#code(c.pos.lsn);
      this.#code(c.seq);
      this.#code(c.unflushed);
      this.#offset(c.acked);
      this.#offset(c.stored);
      this.#pendings(c.buffer);
      this.#pendings(c.inflight);
    }
    if (w.relay) {
      this.#symbol(w.relay.at);
      if (w.relay.row === null) codes.push(0);
      else this.#symbol(w.relay.row);
    }
    for (const u of w.consumers) {
      this.#symbol(u.at);
      this.#values(u.positions);
      this.#values(u.committed);
      this.#code(u.cursor);
      this.#ids(u.applied);
      this.#ids(u.dedup);
    }
    this.#values(w.ghost.snapshots);
    this.#values(w.ghost.streamed);
    // ghost.committed is left out: it is the (tag, commit LSN) of every WAL transaction that
    // changed an account row under a request's tag, so the WAL determines it.
    const b = w.budget;
    codes.push(b.serviceCrash, b.commitFail, b.network, b.connectorCrash, b.consumerCrash, b.schemaChange, b.slotLoss);
    return String.fromCharCode.apply(null, codes);
  }

  /** The number of `part`, describing it the first time this object is met. */
  #number<T extends object>(part: T, describe: (part: T) => string): number {
    let n = this.#seen.get(part);
    if (n === undefined) {
      const fragment = describe.call(this, part);
      n = this.#numbers.get(fragment);
      if (n === undefined) this.#numbers.set(fragment, (n = this.#numbers.size));
      this.#seen.set(part, n);
    }
    return n;
  }

  /** A part's number as two 15-bit characters (no surrogates). */
  #part(n: number): void {
    if (n >= 1 << 30) throw new Error('worldKeyFor: more than 2^30 distinct parts');
    this.#codes.push(n >>> 15, n & 0x7fff);
  }

  /** A small whole number or null as one character (null as 0, -1 as 1, n as n + 2), below the surrogates. */
  #code(n: number | null): void {
    if (n === null) return void this.#codes.push(0);
    if (!(n >= -1 && n < 0xd000 && Number.isInteger(n))) throw new Error(`worldKeyFor: ${n} is not a small whole number`);
    this.#codes.push(n + 2);
  }

  #symbol(s: string): void {
    let n = this.#symbols.get(s);
    if (n === undefined) this.#symbols.set(s, (n = this.#symbols.size));
    this.#code(n);
  }

  #values(l: readonly (number | null)[]): void {
    this.#codes.push(l.length);
    for (const v of l) this.#code(v);
  }

  #ids(l: readonly string[]): void {
    this.#codes.push(l.length);
    for (const id of l) this.#symbol(id);
  }

  #offset(o: Offset | null): void {
    if (o === null) return void this.#codes.push(0);
    this.#codes.push(o.snapshot ? 2 : 1);
    this.#code(o.commitLsn);
    this.#code(o.lsn);
  }

  #pendings(l: readonly Pending[]): void {
    this.#codes.push(l.length);
    for (const p of l) this.#part(this.#number(p, this.#pending));
  }

  /** A record waiting in the producer: its topic, sequence, tries, record (numbered) and offset. */
  #pending(p: Pending): string {
    const o = p.offset;
    return `Q${p.topic}/${p.seq}/${p.tries}/${this.#number(p.record, record)}/${o.commitLsn}/${o.lsn}${o.snapshot ? 's' : ''}`;
  }

  /** A partition: its records, numbered (a record is shared by every later partition list). */
  #partition(records: readonly KafkaRecord[]): string {
    let k = 'P';
    for (const r of records) k += `${this.#number(r, record)},`;
    return k;
  }

  /** A database: its column lists, open transactions and WAL (each numbered), counters and slot. */
  #database(db: Database): string {
    const slot = db.slot ? `${db.slot.consistentLsn}/${db.slot.confirmedLsn}` : '-';
    return `D${this.#number(db.tables, this.#tables)},${this.#number(db.txns, transactions)},${this.#number(db.wal, this.#wal)},${db.nextXid},${db.nextLsn},${slot}`;
  }

  /**
   * The tables' column lists, one equal to the initial one written as nothing (the initial state
   * is fixed for a model). Rows are left out: they are the fold of the WAL.
   */
  #tables(tables: readonly Table[]): string {
    let k = 'T';
    tables.forEach((t, i) => {
      const first = this.initial.db.tables[i]?.columns;
      k += (first && (first === t.columns || first.join(',') === t.columns.join(',')) ? '' : t.columns.join(',')) + ';';
    });
    return k;
  }

  #wal(wal: readonly WalTxn[]): string {
    let k = 'W';
    for (const t of wal) {
      let f = this.#walFragments.get(t);
      if (f === undefined) this.#walFragments.set(t, (f = this.#walTxn(t)));
      k += f;
    }
    return k;
  }

  /**
   * A WAL transaction: tables by index, a key equal to the tag as `=`, and an after-image's
   * column names as nothing when they are the table's initial ones.
   */
  #walTxn(t: WalTxn): string {
    const tables = this.initial.db.tables;
    let k = `${t.xid}@${t.commitLsn}:`;
    for (const c of t.changes) {
      const i = tables.findIndex((x) => x.name === c.table);
      const cols = c.after ? Object.keys(c.after).join('.') : '-';
      k += `${c.op}${i}${c.pk === c.tag ? '=' : c.pk}/${c.tag ?? '-'}${cols === tables[i]!.columns.join('.') ? '' : `/${cols}`},`;
    }
    return k + ';';
  }

  #broker(kafka: Kafka): string {
    let k = 'K';
    for (const t of kafka.topics) {
      for (const p of t.partitions) k += `${this.#number(p, this.#partition)},`;
      k += ';';
    }
    return k;
  }
}

function transactions(txns: readonly Txn[]): string {
  let k = 'X';
  for (const t of txns) {
    k += `${t.xid}${t.failed ? '!' : ''}:`;
    for (const x of t.writes) k += `${x.op}${x.table}/${x.pk}/${x.tag}@${x.lsn},`;
    k += ';';
  }
  return k;
}

/** A record: its source identity and its value's field names (see `worldKeyFor`). */
function record(r: KafkaRecord): string {
  return `R${r.op}${r.id}/${r.change === r.id ? '=' : r.change}/${r.seq ?? ''}/${r.value ? Object.keys(r.value).join('.') : '-'}`;
}
