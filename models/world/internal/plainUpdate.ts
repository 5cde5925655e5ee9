import { current, isDraft } from 'immer';
import type { Database } from '../database.ts';
import type { Kafka } from '../kafka.ts';
import type { World } from '../World.ts';

/**
 * Runs a database mutator on a shallow copy of the world's database and puts the copy back.
 *
 * The database's mutators only assign its fields and replace whatever they change (see
 * `database.ts`), so the new database shares every table, transaction and WAL entry it did not
 * change. Under immer it also keeps the database out of the proxies: the mutators walk tables,
 * transactions and the WAL, and through proxies every element they touch would get a draft.
 */
export function updateDb<T>(w: World, f: (db: Database) => T): T {
  const src: Database = isDraft(w.db) ? current(w.db) : w.db;
  const db: Database = { tables: src.tables, txns: src.txns, decoded: src.decoded, wal: src.wal, nextXid: src.nextXid, nextLsn: src.nextLsn, slots: src.slots };
  const out = f(db);
  // Frozen at the top, immer does not walk the new subtree looking for drafts when it finalises
  // the step; later effects of the step go through `updateDb` again, never write it in place.
  w.db = Object.freeze(db) as Database;
  return out;
}

/** Runs a Kafka mutator (`append`) on a shallow copy of the world's broker and puts the copy back. */
export function updateKafka<T>(w: World, f: (kafka: Kafka) => T): T {
  const src: Kafka = isDraft(w.kafka) ? current(w.kafka) : w.kafka;
  const kafka: Kafka = { topics: src.topics };
  const out = f(kafka);
  w.kafka = Object.freeze(kafka) as Kafka;
  return out;
}
