import type { ConnectorState, Offset, Pending } from '../pipeline/ConnectorState.ts';
import type { KafkaRecord, Kafka } from './kafka.ts';
import type { Database, Table, Txn, WalTxn } from './database.ts';
import { describingOf, Numbering, numberingOf, pushNumber, pushSmall, small } from './internal/Numbering.ts';
import type { ConsumerState, Ghost, RelayState, ServiceState, World } from './World.ts';

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
 * The keys of one model's states (the model whose initial state is `initial`): `key(world)` is
 * a short canonical key of a world, for deduplication, equal for two worlds exactly when their
 * JSON is equal.
 *
 * How (hash-consing, see `Numbering`): each large part of a world (the database and, inside it,
 * its tables, open transactions, WAL and WAL transactions; the broker, each partition and each
 * record; each record waiting in the producer) is described as a tuple of numbers, and each
 * distinct tuple gets a number the first time it is met. States share every part a step did not
 * change (`copyWorld`, `updateDb`, `updateKafka`), and no part is changed once built, so a
 * part's number is found by object identity and a step pays only for the parts it changed.
 *
 * The key is a text per part ("slot"), in an order fixed by the model: the database's and the
 * broker's numbers, then each service, the connector, the relay, each consumer, the ghost lists
 * and the budget field by field (strings as their numbers, lists with their length first, so
 * each slot is self-delimiting). A key is a few dozen characters. When told the state whose
 * successors it is keying (`parentIs`), it takes the slot of every part a successor shares with
 * that state from the state's own, so a step pays only for the records it changed too.
 *
 * Numbers depend on the order parts are met in, so a key is canonical for the life of this
 * object (one model), not across processes; replay strings fingerprint a state's
 * stable JSON instead.
 *
 * Left out, because the rest of the world determines them: table rows (the fold of the WAL,
 * bootstrap transaction included; column names are kept) and the ghost list of committed
 * changes (the tag and commit LSN of every WAL transaction that changed a row under a
 * request's tag). `WorldKeys.test.ts` checks, on every reachable state of every scenario at the
 * default scope, that the key is injective (as many distinct keys as distinct JSON states).
 */
export class WorldKeys {
  readonly #n = new Numbering();
  // One numbering function per kind of part, each remembering the last part it met.
  readonly #dbNumber = describingOf(this.#n, (db: Database) => this.#database(db));
  readonly #tablesNumber = describingOf(this.#n, (t: readonly Table[]) => this.#tables(t));
  readonly #txnsNumber = numberingOf(this.#n, (t: readonly Txn[]) => this.#transactions(t));
  readonly #walNumber = describingOf(this.#n, (wal: readonly WalTxn[]) => this.#wal(wal));
  readonly #walTxnNumber = numberingOf(this.#n, (t: WalTxn) => this.#walTxn(t));
  readonly #kafkaNumber = describingOf(this.#n, (k: Kafka) => this.#broker(k));
  readonly #partitionNumber = numberingOf(this.#n, (p: readonly KafkaRecord[]) => this.#partition(p));
  readonly #recordNumber = numberingOf(this.#n, (r: KafkaRecord) => this.#record(r));
  readonly #pendingNumber = describingOf(this.#n, (p: Pending) => this.#pending(p));
  /** The state whose successors are being keyed (see `parentIs`), and its slots once built. */
  #parent: World | null = null;
  #parentSlots: string[] = [];
  #slotsOf: World | null = null;
  #slots: string[] = [];

  constructor(readonly initial: World) {}

  /**
   * Says that the next keys are asked for successors of `w`: a successor shares most parts with
   * it, and the text of each shared part is then taken from `w`'s instead of being built again.
   */
  parentIs(w: World): void {
    this.#parent = w;
  }

  /**
   * The key: one short text ("slot") per part, in a fixed order (database, broker, services,
   * connector, relay, consumers, ghost lists, budget), each taken from the parent when the part
   * is the parent's very object.
   */
  key(w: World): string {
    const p = this.#parent !== null && this.#parent !== w ? this.#parent : null;
    let from: string[] | null = null;
    if (p !== null) {
      if (this.#slotsOf !== p) {
        // The states expanded one after another are mostly siblings: the new parent's slots are
        // taken from the previous parent's where they share parts (written in place: slot i is
        // read before it is overwritten).
        const previous = this.#slotsOf;
        this.#fill(p, previous, previous && this.#parentSlots, this.#parentSlots);
        this.#slotsOf = p;
      }
      from = this.#parentSlots;
    }
    this.#fill(w, p, from, this.#slots);
    return this.#slots.join('');
  }

  /** Writes the slots of `w` into `out`, copying those whose part is `p`'s from `from` (which may be `out`). */
  #fill(w: World, p: World | null, from: string[] | null, out: string[]): void {
    let i = 0;
    out[i] = p && p.db === w.db ? from![i]! : this.#number(this.#dbNumber(w.db));
    i++;
    out[i] = p && p.kafka === w.kafka ? from![i]! : this.#number(this.#kafkaNumber(w.kafka));
    i++;
    for (let k = 0; k < w.services.length; k++, i++) out[i] = p && p.services[k] === w.services[k] ? from![i]! : this.#service(w.services[k]!);
    out[i] = !w.connector ? '' : p && p.connector === w.connector ? from![i]! : this.#connector(w.connector);
    i++;
    out[i] = !w.relay ? '' : p && p.relay === w.relay ? from![i]! : this.#relay(w.relay);
    i++;
    for (let k = 0; k < w.consumers.length; k++, i++) out[i] = p && p.consumers[k] === w.consumers[k] ? from![i]! : this.#consumer(w.consumers[k]!);
    const g = w.ghost;
    out[i] = p && (p.ghost === g || (p.ghost.snapshots === g.snapshots && p.ghost.streamed === g.streamed)) ? from![i]! : this.#ghost(g);
    i++;
    const b = w.budget;
    out[i] = p && p.budget === b ? from![i]! : String.fromCharCode(b.serviceCrash, b.commitFail, b.network, b.connectorCrash, b.consumerCrash, b.schemaChange, b.slotLoss);
  }

  #text(codes: number[]): string {
    return String.fromCharCode.apply(null, codes);
  }

  #number(n: number): string {
    if (n >= 1 << 30) throw new Error('WorldKeys: more than 2^30 distinct parts');
    return String.fromCharCode(n >>> 15, n & 0x7fff);
  }

  #service(s: ServiceState): string {
    return String.fromCharCode(small(this.#n.symbol(s.at)), small(this.#n.symbol(s.agg)), small(s.next), small(s.xid), small(s.retries));
  }

  #connector(c: ConnectorState): string {
    const codes = this.#start();
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
    return this.#text(codes);
  }

  #relay(r: RelayState): string {
    const codes = this.#start();
    this.#symbol(codes, r.at);
    this.#symbol(codes, r.row);
    return this.#text(codes);
  }

  #consumer(u: ConsumerState): string {
    const codes = this.#start();
    this.#symbol(codes, u.at);
    values(codes, u.positions);
    values(codes, u.committed);
    pushSmall(codes, u.cursor);
    codes.push(u.applied.length);
    for (const id of u.applied) this.#symbol(codes, id);
    codes.push(u.dedup.length);
    for (const id of u.dedup) this.#symbol(codes, id);
    return this.#text(codes);
  }

  /** The ghost lists of snapshots and streamed LSNs. The committed list is left out (see above). */
  #ghost(g: Ghost): string {
    const codes = this.#start();
    values(codes, g.snapshots);
    values(codes, g.streamed);
    return this.#text(codes);
  }

  /** A new list of codes (a fresh one: emptying a list in place frees its storage anyway). */
  #start(): number[] {
    return [];
  }

  /** A string (or null) as its number. */
  #symbol(codes: number[], s: string | null): void {
    pushSmall(codes, s === null ? null : this.#n.symbol(s));
  }

  #pendings(codes: number[], l: readonly Pending[]): void {
    codes.push(l.length);
    for (const p of l) pushNumber(codes, this.#pendingNumber(p));
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
  };

  /** Column lists; one equal to the initial one as null (the initial state is fixed for a model). */
  #tables(tables: readonly Table[]): number[] {
    const codes = [TABLES, tables.length];
    tables.forEach((t, i) => {
      const cols = t.columns.join(',');
      this.#symbol(codes, cols === this.initial.db.tables[i]?.columns.join(',') ? null : cols);
    });
    return codes;
  }

  #transactions(txns: readonly Txn[]): number[] {
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
      this.#symbol(codes, c.table);
      this.#symbol(codes, c.op);
      this.#symbol(codes, c.pk);
      this.#symbol(codes, c.after && JSON.stringify(c.after));
      this.#symbol(codes, c.tag);
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
    this.#symbol(codes, r.key);
    this.#symbol(codes, r.id);
    this.#symbol(codes, r.change);
    this.#symbol(codes, r.op);
    this.#symbol(codes, r.value && JSON.stringify(r.value));
    pushSmall(codes, r.seq ?? null);
    return codes;
  }

  #pending(p: Pending): number[] {
    const codes = [PENDING];
    this.#symbol(codes, p.topic);
    pushSmall(codes, p.seq);
    pushSmall(codes, p.tries);
    pushNumber(codes, this.#recordNumber(p.record));
    offset(codes, p.offset);
    return codes;
  }
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
