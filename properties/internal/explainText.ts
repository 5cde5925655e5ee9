import type { KafkaRecord } from '../../models/world/kafka.ts';
import type { World } from '../../models/world/World.ts';

/** Where a record sits in Kafka: `topic[partition]@offset`. */
export interface PlacedRecord {
  record: KafkaRecord;
  topic: string;
  partition: number;
  offset: number;
}

/** Every record in Kafka with its topic, partition and offset, partition by partition. Pure. */
export function placedRecords(w: World): PlacedRecord[] {
  const out: PlacedRecord[] = [];
  for (const t of w.kafka.topics)
    t.partitions.forEach((log, partition) => log.forEach((record, offset) => out.push({ record, topic: t.name, partition, offset })));
  return out;
}

/** `topic[partition]@offset`, how a reason names a record's place. */
export function placeOf(p: PlacedRecord): string {
  return `${p.topic}[${p.partition}]@${p.offset}`;
}

/** A list of names for a reason: `a, b and c` (or `a, b or c`), and `none` for an empty list. */
export function listText(items: readonly string[], none = 'none', conjunction: 'and' | 'or' = 'and'): string {
  if (items.length === 0) return none;
  if (items.length === 1) return items[0]!;
  return `${items.slice(0, -1).join(', ')} ${conjunction} ${items[items.length - 1]!}`;
}

/** What Kafka holds, as the changes its records stand for, in log order: `Kafka holds acct-1#1, acct-2#1`. */
export function kafkaHolds(w: World): string {
  const changes = placedRecords(w).map((p) => p.record.change ?? `seed row ${p.record.id}`);
  return changes.length === 0 ? 'Kafka holds no record' : `Kafka holds ${listText(changes)}`;
}
