import type { ConnectorState, Offset, Pending } from '../pipeline/ConnectorState.ts';
import type { KafkaRecord, Kafka } from './kafka.ts';
import type { Database, WalTxn } from './database.ts';
import type { RelayState, World } from './World.ts';

/**
 * The key function of one model (whose initial state is `initial`): a short canonical key of a
 * world, for deduplication, equal for two worlds exactly when their JSON is equal.
 *
 * How: each large part of a world (the database, the broker, the connector, the relay) is
 * described by a text fragment, and each distinct fragment gets a number the first time it is
 * seen (hash-consing). States share every part a step did not change (`copyWorld`), and no part
 * is changed once built, so a part's number is looked up by object identity and a step pays
 * only for the parts it changed. The small records (services, consumers, ghost lists, budget)
 * follow field by field, one character per number or numbered string, lists with their length
 * first. A key is a few dozen characters.
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
  const numbers = new Map<string, number>();
  const seen = new WeakMap<object, number>();
  const number = <T extends object>(part: T, describe: (part: T) => string): number => {
    let n = seen.get(part);
    if (n === undefined) {
      const fragment = describe(part);
      n = numbers.get(fragment);
      if (n === undefined) numbers.set(fragment, (n = numbers.size));
      seen.set(part, n);
    }
    return n;
  };
  // Short strings (control states, aggregates, eventIds) are numbered in a table of their own.
  const symbols = new Map<string, number>();
  const symbol = (s: string): number => {
    let n = symbols.get(s);
    if (n === undefined) symbols.set(s, (n = symbols.size));
    return n;
  };
  // Each part kind has its own fragment syntax (a kind letter first), so fragments of different
  // kinds never collide, and one table serves them all.
  const database = (db: Database) => `D${databaseFragment(db, initial)}`;
  const codes: number[] = [];
  const ids = (l: readonly string[]) => {
    codes.push(l.length);
    for (const id of l) code(codes, symbol(id));
  };
  const values = (l: readonly (number | null)[]) => {
    codes.push(l.length);
    for (const v of l) code(codes, v);
  };
  return (w) => {
    codes.length = 0;
    part(codes, number(w.db, database));
    part(codes, number(w.kafka, broker));
    if (w.connector) part(codes, number(w.connector, connector));
    if (w.relay) part(codes, number(w.relay, relay));
    // Small records are written out field by field: cheaper than looking them up.
    for (const s of w.services) {
      code(codes, symbol(s.at));
      code(codes, symbol(s.agg));
      code(codes, s.next);
      code(codes, s.xid);
      code(codes, s.retries);
    }
    for (const u of w.consumers) {
      code(codes, symbol(u.at));
      values(u.positions);
      values(u.committed);
      code(codes, u.cursor);
      ids(u.applied);
      ids(u.dedup);
    }
    values(w.ghost.snapshots);
    values(w.ghost.streamed);
    // ghost.committed is left out: it is the (tag, commit LSN) of every WAL transaction that
    // changed an account row under a request's tag, so the WAL determines it.
    const b = w.budget;
    codes.push(b.serviceCrash, b.commitFail, b.network, b.connectorCrash, b.consumerCrash, b.schemaChange, b.slotLoss);
    return String.fromCharCode.apply(null, codes);
  };
}

/** A part's number as two 15-bit characters (no surrogates). */
function part(codes: number[], n: number): void {
  if (n >= 1 << 30) throw new Error('worldKeyFor: more than 2^30 distinct parts');
  codes.push(n >>> 15, n & 0x7fff);
}

/** A small number or null as one character (null as 0, -1 as 1, n as n + 2), below the surrogates. */
function code(codes: number[], n: number | null): void {
  if (n === null) return void codes.push(0);
  if (!(n >= -1 && n < 0xd000 && Number.isInteger(n))) throw new Error(`worldKeyFor: ${n} is not a small whole number`);
  codes.push(n + 2);
}

/**
 * A database: column lists (one equal to the initial one written as nothing: the initial state
 * is fixed for a model, so this stays a function of the state), open transactions, the WAL, the
 * counters and the slot.
 */
function databaseFragment(db: Database, initial: World): string {
  let k = '';
  db.tables.forEach((t, i) => {
    const first = initial.db.tables[i]?.columns;
    k += (first && (first === t.columns || first.join(',') === t.columns.join(',')) ? '' : t.columns.join(',')) + ';';
  });
  k += '|';
  for (const t of db.txns) {
    k += `${t.xid}${t.failed ? '!' : ''}:`;
    for (const x of t.writes) k += `${x.op}${x.table}/${x.pk}/${x.tag}@${x.lsn},`;
    k += ';';
  }
  k += '|';
  for (const t of db.wal) k += walTxn(t, db);
  return `${k}|${db.nextXid},${db.nextLsn},${db.slot ? `${db.slot.consistentLsn}/${db.slot.confirmedLsn}` : '-'}`;
}

function broker(kafka: Kafka): string {
  let k = 'K';
  for (const t of kafka.topics)
    for (const p of t.partitions) {
      for (const r of p) k += record(r);
      k += ';';
    }
  return k;
}

function connector(c: ConnectorState): string {
  let k = `C${c.at},${c.view},${c.start},${c.cursor},${c.pos.commitLsn}/${c.pos.lsn},${c.seq},${c.unflushed},`;
  k += c.acked ? `${offset(c.acked)},` : '-,';
  k += c.stored ? `${offset(c.stored)}:` : '-:';
  for (const p of c.buffer) k += pending(p);
  k += ':';
  for (const p of c.inflight) k += pending(p);
  return k;
}

function relay(r: RelayState): string {
  return `R${r.at},${r.row}`;
}

// WAL entries and records never change once built, and recur in many databases and brokers:
// each one's fragment is built once.
const fragments = new WeakMap<object, string>();

const walFragments = new WeakMap<WalTxn, { columns: readonly (readonly string[])[]; fragment: string }>();

/**
 * A WAL transaction: tables by index, a key equal to the tag as `=`, and an after-image's column
 * names as nothing when they are the table's current ones. The last depends on the current
 * columns, so the cached fragment is rebuilt when a rename replaced a column list.
 */
function walTxn(t: WalTxn, db: Database): string {
  const hit = walFragments.get(t);
  if (hit && hit.columns.length === db.tables.length && hit.columns.every((c, i) => c === db.tables[i]!.columns)) return hit.fragment;
  let k = `${t.xid}@${t.commitLsn}:`;
  for (const c of t.changes) {
    const i = db.tables.findIndex((x) => x.name === c.table);
    const cols = c.after ? Object.keys(c.after).join('.') : '-';
    k += `${c.op}${i}${c.pk === c.tag ? '=' : c.pk}/${c.tag ?? '-'}${cols === db.tables[i]!.columns.join('.') ? '' : `/${cols}`},`;
  }
  const fragment = k + ';';
  walFragments.set(t, { columns: db.tables.map((x) => x.columns), fragment });
  return fragment;
}

function record(r: KafkaRecord): string {
  let f = fragments.get(r);
  if (f === undefined) fragments.set(r, (f = `${r.op}${r.id}/${r.change === r.id ? '=' : r.change}/${r.seq ?? ''}/${r.value ? Object.keys(r.value).join('.') : '-'},`));
  return f;
}

function pending(p: Pending): string {
  let f = fragments.get(p);
  if (f === undefined) fragments.set(p, (f = `${p.topic}/${p.seq}/${p.tries}/${record(p.record)}${offset(p.offset)},`));
  return f;
}

function offset(o: Offset): string {
  return `${o.commitLsn}/${o.lsn}${o.snapshot ? 's' : ''}`;
}
