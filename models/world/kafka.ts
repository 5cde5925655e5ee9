import type { Value } from './database.ts';
import { murmur2 } from './internal/murmur2.ts';

/**
 * One record in a partition.
 * - `key`: the record key (the aggregate id); it picks the partition.
 * - `id`: what a consumer can deduplicate on (the outbox `id` header, or source position).
 * - `change`: ghost, never read by the modelled system: the request whose committed (or not)
 *   change this record stands for, or null (a seed row). Invariants use it.
 * - `op`: the Debezium operation, or null for a record a service produced itself.
 * - `value`: the payload the consumer reads.
 * - `seq`: producer sequence number, present only when the producer is idempotent.
 */
export interface KafkaRecord {
  key: string;
  id: string;
  change: string | null;
  op: 'c' | 'u' | 'd' | 'r' | null;
  value: Record<string, Value> | null;
  seq?: number;
}

/** A topic and its partitions, each an append-only log. */
export interface Topic {
  name: string;
  partitions: KafkaRecord[][];
}

/** The broker: its topics, created up front in a fixed order. */
export interface Kafka {
  topics: Topic[];
}

/** A broker with the given topics, each with `partitions` empty partitions. Pure. */
export function createKafka(topics: readonly string[], partitions: number): Kafka {
  return { topics: topics.map((name) => ({ name, partitions: Array.from({ length: partitions }, () => []) })) };
}

/**
 * The partition of `key` among `count`, as Kafka's default partitioner chooses it for a keyed
 * record: `toPositive(murmur2(utf8(key))) % count`. Pure.
 */
export function partitionFor(key: string, count: number): number {
  let h = hashes.get(key);
  if (h === undefined) hashes.set(key, (h = murmur2(key) & 0x7fffffff));
  return h % count;
}

// Keys are few and hashing encodes UTF-8 each time: remember each key's hash.
const hashes = new Map<string, number>();

/** The topic named `name`; throws if the model never created it. */
export function topicOf(kafka: Kafka, name: string): Topic {
  // A loop, not `find`: this runs in guards and invariants on every state.
  for (const t of kafka.topics) if (t.name === name) return t;
  throw new Error(`no topic ${name}`);
}

/**
 * Appends `record` to its key's partition of `topic` and returns true. With `idempotent`, the
 * broker drops a record whose sequence number it already holds in that partition (the
 * idempotent producer's dedup) and returns false. Assigns `kafka.topics`; no topic, partition
 * or record is changed in place (they are replaced), so a shallow copy of `kafka` is enough
 * for a pure update, sharing every partition the append did not touch.
 */
export function append(kafka: Kafka, topic: string, record: KafkaRecord, idempotent = false): boolean {
  const i = kafka.topics.findIndex((x) => x.name === topic);
  const t = kafka.topics[i];
  if (!t) throw new Error(`no topic ${topic}`);
  const p = partitionFor(record.key, t.partitions.length);
  const log = t.partitions[p]!;
  if (idempotent && record.seq !== undefined && log.some((r) => r.seq === record.seq)) return false;
  // A record is immutable once appended. One that is already frozen (a producer's resend of the
  // same record) is appended as it is, so every copy of it in every state is one object.
  const frozen = Object.isFrozen(record) ? record : frozenRecord(record);
  kafka.topics = kafka.topics.with(i, { name: t.name, partitions: t.partitions.with(p, [...log, frozen]) });
  return true;
}

/** Every record of every topic, partition by partition. Pure. */
export function allRecords(kafka: Kafka): KafkaRecord[] {
  const out: KafkaRecord[] = [];
  for (const t of kafka.topics) for (const p of t.partitions) out.push(...p);
  return out;
}

/** A frozen copy of `record`, value included, to be shared by every state that holds it. Pure. */
export function frozenRecord(record: KafkaRecord): KafkaRecord {
  return Object.freeze({ ...record, value: record.value ? Object.freeze({ ...record.value }) : null });
}
