import { current, isDraft } from 'immer';
import type { Database } from '../database.ts';
import type { Kafka } from '../kafka.ts';
import type { World } from '../World.ts';

/**
 * Runs a database mutator on a plain copy of the draft's database and puts the copy back.
 *
 * Why: the database functions walk tables, transactions and the WAL; through immer's proxies
 * every element they touch gets a draft, which was most of the cost of a step. The copy is
 * shallow down to what the mutators change (tables' row lists, transactions' write lists, the
 * WAL list, the slot); rows, writes, column lists (a rename replaces the list) and WAL entries
 * are never changed in place (committed history is frozen), so sharing them is safe.
 */
export function updateDb<T>(w: World, f: (db: Database) => T): T {
  const src: Database = isDraft(w.db) ? current(w.db) : w.db;
  const db: Database = {
    tables: src.tables.map((t) => ({ name: t.name, columns: t.columns, rows: [...t.rows] })),
    txns: src.txns.map((t) => ({ xid: t.xid, writes: [...t.writes], failed: t.failed })),
    wal: [...src.wal],
    nextXid: src.nextXid,
    nextLsn: src.nextLsn,
    slot: src.slot ? { ...src.slot } : null,
  };
  const out = f(db);
  // Frozen at the top, immer does not walk the new subtree looking for drafts when it finalises
  // the step; later effects of the step go through `updateDb` again, never write it in place.
  w.db = Object.freeze(db) as Database;
  return out;
}

/** Runs a Kafka mutator on a plain copy of the draft's broker (partition lists copied; records are frozen). */
export function updateKafka<T>(w: World, f: (kafka: Kafka) => T): T {
  const src: Kafka = isDraft(w.kafka) ? current(w.kafka) : w.kafka;
  const kafka: Kafka = { topics: src.topics.map((t) => ({ name: t.name, partitions: t.partitions.map((p) => [...p]) })) };
  const out = f(kafka);
  w.kafka = Object.freeze(kafka) as Kafka;
  return out;
}
