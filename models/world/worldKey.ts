import type { Offset, Pending } from '../pipeline/ConnectorState.ts';
import type { KafkaRecord } from './kafka.ts';
import type { Database, WalTxn } from './database.ts';
import type { World } from './World.ts';

/**
 * A compact canonical key of a world (of a model whose initial state is `initial`), for
 * deduplication: cheaper to build, hash and store than
 * its JSON, and equal for two worlds exactly when their JSON is equal.
 *
 * It leaves out only what the rest of the key determines (and abbreviates what repeats):
 * - table rows: they are the fold of the WAL (the bootstrap transaction included), and the
 *   column names are kept;
 * - the values of a WAL after-image and of a Kafka record: every writer in the model writes a
 *   value that is a function of (table, op, key, ghost tag), so the image is kept as its column
 *   names only (which change with a rename), and a record as its source identity (`id`,
 *   `change`, `op`, `seq`) plus the field names of its value;
 * - the ghost list of committed changes, which the WAL determines.
 * Fragments of immutable parts are cached per object. `worldKey.test.ts` checks, on every reachable state of every scenario at the default scope,
 * that the key is injective (as many distinct keys as distinct JSON states). Pure.
 */
export function worldKey(w: World, initial?: World): string {
  let k = '';
  const db = w.db;
  // A column list equal to the initial one is written as nothing; the initial state is fixed
  // for a model, so this stays a pure function of the state.
  db.tables.forEach((t, i) => {
    const cols = cached(t.columns, () => t.columns.join(','));
    const first = initial?.db.tables[i]?.columns;
    k += (first && (first === t.columns || cached(first, () => first.join(',')) === cols) ? '' : cols) + ';';
  });
  k += '|';
  for (const t of db.txns) {
    k += `${t.xid}${t.failed ? '!' : ''}:`;
    for (const x of t.writes) k += `${x.op}${x.table}/${x.pk}/${x.tag}@${x.lsn},`;
    k += ';';
  }
  k += '|';
  for (const t of db.wal) k += walTxn(t, db);
  k += `|${db.nextXid},${db.nextLsn},${db.slot ? `${db.slot.consistentLsn}/${db.slot.confirmedLsn}` : '-'}|`;
  for (const t of w.kafka.topics)
    for (const p of t.partitions) {
      for (const r of p) k += record(r);
      k += ';';
    }
  k += '|';
  for (const s of w.services) k += `${s.at},${s.agg},${s.next},${s.xid},${s.retries};`;
  const c = w.connector;
  if (c) {
    k += `|${c.at},${c.view},${c.start},${c.cursor},${c.pos.commitLsn}/${c.pos.lsn},${c.seq},${c.unflushed},`;
    k += c.acked ? `${offset(c.acked)},` : '-,';
    k += c.stored ? `${offset(c.stored)}:` : '-:';
    for (const p of c.buffer) k += pending(p);
    k += ':';
    for (const p of c.inflight) k += pending(p);
  }
  if (w.relay) k += `|${w.relay.at},${w.relay.row}`;
  k += '|';
  for (const u of w.consumers) k += `${u.at},${u.positions.join('.')},${u.committed.join('.')},${u.cursor},${u.applied.join('.')},${u.dedup.join('.')};`;
  const b = w.budget;
  k += `|${b.serviceCrash}${b.commitFail}${b.network}${b.connectorCrash}${b.consumerCrash}${b.schemaChange}${b.slotLoss}|`;
  // ghost.committed is left out: it is the (tag, commit LSN) of every WAL transaction that
  // changed an account row under a request's tag, so the WAL determines it.
  k += `|${w.ghost.snapshots.join('.')}|${w.ghost.streamed.join('.')}`;
  return k;
}

// WAL entries and records are frozen, column lists and pending entries are replaced rather than
// changed: each object's fragment never changes, so it is built once and looked up after.
const fragments = new WeakMap<object, string>();

function cached(o: object, build: () => string): string {
  let f = fragments.get(o);
  if (f === undefined) fragments.set(o, (f = build()));
  return f;
}

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
  return cached(r, () => `${r.op}${r.id}/${r.change === r.id ? '=' : r.change}/${r.seq ?? ''}/${r.value ? Object.keys(r.value).join('.') : '-'},`);
}

function pending(p: Pending): string {
  return cached(p, () => `${p.topic}/${p.seq}/${p.tries}/${record(p.record)}${offset(p.offset)},`);
}

function offset(o: Offset): string {
  return `${o.commitLsn}/${o.lsn}${o.snapshot ? 's' : ''}`;
}
