import type { Offset, Pending } from '../pipeline/ConnectorState.ts';
import type { KafkaRecord, Kafka } from './kafka.ts';
import type { Database, Table, Txn, WalTxn } from './database.ts';
import { Numbering, pushNumber, pushSmall } from './internal/Numbering.ts';
import type { World } from './World.ts';

/**
 * The key function of one model (whose initial state is `initial`): a short canonical key of a
 * world, for deduplication, equal for two worlds exactly when their JSON is equal.
 *
 * How (hash-consing, see `Numbering`): each large part of a world (the database and, inside it,
 * its tables, open transactions, WAL and WAL transactions; the broker, each partition and each
 * record; each record waiting in the producer) is described as a tuple of numbers, and each
 * distinct tuple gets a number the first time it is met. States share every part a step did not
 * change (`copyWorld`, `updateDb`, `updateKafka`), and no part is changed once built, so a
 * part's number is found by object identity and a step pays only for the parts it changed. The
 * records (services, connector, relay, consumers, ghost lists, budget) follow field by field,
 * lists with their length first. A key is a few dozen characters, in a layout fixed by the model.
 *
 * Numbers depend on the order parts are met in, so a key is canonical for the life of the
 * returned function (one model), not across processes; replay strings fingerprint a state's
 * stable JSON instead.
 *
 * Left out, because the rest of the world determines them: table rows (the fold of the WAL,
 * bootstrap transaction included; column names are kept) and the ghost list of committed
 * changes (the tag and commit LSN of every WAL transaction that changed a row under a
 * request's tag). `worldKey.test.ts` checks, on every reachable state of every scenario at the
 * default scope, that the key is injective (as many distinct keys as distinct JSON states).
 */
export function worldKeyFor(initial: World): (w: World) => string {
  const keys = new WorldKeys(initial);
  return (w) => keys.key(w);
}

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

/** The numbering tables of one model's keys; see `worldKeyFor`. */
class WorldKeys {
  readonly #n = new Numbering();
  readonly #codes: number[] = [];
  // The successors of a state mostly share its database and broker: the last ones met are
  // remembered here, which spares most lookups.
  #lastDb: Database | null = null;
  #lastDbNumber = 0;
  #lastKafka: Kafka | null = null;
  #lastKafkaNumber = 0;

  constructor(readonly initial: World) {}

  key(w: World): string {
    const codes = this.#codes;
    codes.length = 0;
    if (w.db !== this.#lastDb) {
      this.#lastDbNumber = this.#n.of(w.db, this.#database);
      this.#lastDb = w.db;
    }
    pushNumber(codes, this.#lastDbNumber);
    if (w.kafka !== this.#lastKafka) {
      this.#lastKafkaNumber = this.#n.of(w.kafka, this.#broker);
      this.#lastKafka = w.kafka;
    }
    pushNumber(codes, this.#lastKafkaNumber);
    for (const s of w.services) {
      this.#symbol(codes, s.at);
      this.#symbol(codes, s.agg);
      pushSmall(codes, s.next);
      pushSmall(codes, s.xid);
      pushSmall(codes, s.retries);
    }
    const c = w.connector;
    if (c) {
      this.#symbol(codes, c.at);
      pushSmall(codes, c.view);
      pushSmall(codes, c.start);
      pushSmall(codes, c.cursor);
      pushSmall(codes, c.pos.commitLsn);
      pushSmall(codes, c.pos.lsn);
      pushSmall(codes, c.seq);
      pushSmall(codes, c.unflushed);
      offset(codes, c.acked);
      offset(codes, c.stored);
      this.#pendings(codes, c.buffer);
      this.#pendings(codes, c.inflight);
    }
    if (w.relay) {
      this.#symbol(codes, w.relay.at);
      this.#symbol(codes, w.relay.row);
    }
    for (const u of w.consumers) {
      this.#symbol(codes, u.at);
      values(codes, u.positions);
      values(codes, u.committed);
      pushSmall(codes, u.cursor);
      codes.push(u.applied.length);
      for (const id of u.applied) this.#symbol(codes, id);
      codes.push(u.dedup.length);
      for (const id of u.dedup) this.#symbol(codes, id);
    }
    values(codes, w.ghost.snapshots);
    values(codes, w.ghost.streamed);
    const b = w.budget;
    codes.push(b.serviceCrash, b.commitFail, b.network, b.connectorCrash, b.consumerCrash, b.schemaChange, b.slotLoss);
    return String.fromCharCode.apply(null, codes);
  }

  /** A string (or null) as its number. */
  #symbol(codes: number[], s: string | null): void {
    pushSmall(codes, s === null ? null : this.#n.symbol(s));
  }

  #pendings(codes: number[], l: readonly Pending[]): void {
    codes.push(l.length);
    for (const p of l) pushNumber(codes, this.#n.of(p, this.#pending));
  }

  readonly #database = (db: Database): number[] => {
    const codes = [DATABASE];
    pushNumber(codes, this.#n.of(db.tables, this.#tables));
    pushNumber(codes, this.#n.of(db.txns, this.#transactions));
    pushNumber(codes, this.#n.of(db.wal, this.#wal));
    pushSmall(codes, db.nextXid);
    pushSmall(codes, db.nextLsn);
    pushSmall(codes, db.slot && db.slot.consistentLsn);
    pushSmall(codes, db.slot && db.slot.confirmedLsn);
    return codes;
  };

  /** Column lists; one equal to the initial one as null (the initial state is fixed for a model). */
  readonly #tables = (tables: readonly Table[]): number[] => {
    const codes = [TABLES, tables.length];
    tables.forEach((t, i) => {
      const cols = t.columns.join(',');
      this.#symbol(codes, cols === this.initial.db.tables[i]?.columns.join(',') ? null : cols);
    });
    return codes;
  };

  readonly #transactions = (txns: readonly Txn[]): number[] => {
    const codes = [TRANSACTIONS, txns.length];
    for (const t of txns) {
      pushSmall(codes, t.xid);
      codes.push(t.failed ? 1 : 0, t.writes.length);
      for (const x of t.writes) {
        this.#symbol(codes, x.op);
        this.#symbol(codes, x.table);
        this.#symbol(codes, x.pk);
        this.#symbol(codes, x.tag);
        this.#symbol(codes, x.values && JSON.stringify(x.values));
        pushSmall(codes, x.lsn);
      }
    }
    return codes;
  };

  readonly #wal = (wal: readonly WalTxn[]): number[] => {
    const codes = [WAL, wal.length];
    for (const t of wal) pushNumber(codes, this.#n.of(t, this.#walTxn));
    return codes;
  };

  readonly #walTxn = (t: WalTxn): number[] => {
    const codes = [WAL_TXN];
    pushSmall(codes, t.xid);
    pushSmall(codes, t.commitLsn);
    codes.push(t.changes.length);
    for (const c of t.changes) {
      pushSmall(codes, c.lsn);
      this.#symbol(codes, c.table);
      this.#symbol(codes, c.op);
      this.#symbol(codes, c.pk);
      this.#symbol(codes, c.after && JSON.stringify(c.after));
      this.#symbol(codes, c.tag);
    }
    return codes;
  };

  readonly #broker = (kafka: Kafka): number[] => {
    const codes = [BROKER, kafka.topics.length];
    for (const t of kafka.topics) {
      codes.push(t.partitions.length);
      for (const p of t.partitions) pushNumber(codes, this.#n.of(p, this.#partition));
    }
    return codes;
  };

  readonly #partition = (records: readonly KafkaRecord[]): number[] => {
    const codes = [PARTITION, records.length];
    for (const r of records) pushNumber(codes, this.#n.of(r, this.#record));
    return codes;
  };

  readonly #record = (r: KafkaRecord): number[] => {
    const codes = [RECORD];
    this.#symbol(codes, r.key);
    this.#symbol(codes, r.id);
    this.#symbol(codes, r.change);
    this.#symbol(codes, r.op);
    this.#symbol(codes, r.value && JSON.stringify(r.value));
    pushSmall(codes, r.seq ?? null);
    return codes;
  };

  readonly #pending = (p: Pending): number[] => {
    const codes = [PENDING];
    this.#symbol(codes, p.topic);
    pushSmall(codes, p.seq);
    pushSmall(codes, p.tries);
    pushNumber(codes, this.#n.of(p.record, this.#record));
    offset(codes, p.offset);
    return codes;
  };
}

/** A list of small numbers, its length first. */
function values(codes: number[], l: readonly number[]): void {
  codes.push(l.length);
  for (const v of l) pushSmall(codes, v);
}

/** An offset, or null. */
function offset(codes: number[], o: Offset | null): void {
  if (o === null) return void codes.push(0);
  codes.push(o.snapshot ? 2 : 1);
  pushSmall(codes, o.commitLsn);
  pushSmall(codes, o.lsn);
}
