import type { KafkaRecord } from '../../models/world/kafka.ts';
import type { RealRecord } from './HarnessClient.ts';

/** A raw Debezium change event as the comparison needs it: op, key, `source.lsn` and the snapshot flag. */
export interface RealEvent {
  op: 'c' | 'u' | 'd' | 'r';
  pk: string;
  lsn: number;
  snapshot: boolean;
}

/** Reads a raw change event (JsonConverter, schemas off) off a record; null for a tombstone. */
export function realEvent(record: RealRecord): RealEvent | null {
  if (record.value === null) return null;
  const e = JSON.parse(record.value) as { op: RealEvent['op']; before: { id: string } | null; after: { id: string } | null; source: { lsn: number; snapshot: string } };
  return { op: e.op, pk: (e.after ?? e.before)!.id, lsn: e.source.lsn, snapshot: e.source.snapshot !== 'false' };
}

/** The events of `records` (tombstones left out) as `op pk` strings, the form both sides are compared in. */
export function realOps(records: readonly RealRecord[]): string[] {
  return records.map(realEvent).filter((e) => e !== null).map((e) => `${e.op} ${e.pk}`);
}

/** The model's records (table route) as `op pk` strings. */
export function modelOps(records: readonly KafkaRecord[]): string[] {
  return records.map((r) => `${r.op} ${r.key}`);
}
