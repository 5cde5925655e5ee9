import type { Value } from '../world/database.ts';
import type { KafkaRecord } from '../world/kafka.ts';

/** A raw Debezium change event, before any single message transform. */
export interface ChangeEvent {
  op: 'c' | 'u' | 'd' | 'r';
  table: string;
  pk: string;
  /** The row after the change, named by the columns of its time; null for a delete. */
  after: Record<string, Value> | null;
  /** LSN of the change (for `r`, of the change that wrote the row read). */
  lsn: number;
  /** Ghost: the request that wrote this version. */
  tag: string | null;
}

/** Where a routed record goes: topic and record. Null means the transform dropped the event. */
export type Routed = { topic: string; record: KafkaRecord } | null;

/**
 * Debezium's Outbox Event Router (`io.debezium.transforms.outbox.EventRouter`) with its default
 * field names: an insert (`c`) or snapshot read (`r`) of an outbox row becomes a record on topic
 * `prefix + aggregatetype`, keyed by `aggregateid`, whose value is `payload` and whose `id`
 * header is the eventId. Deletes are dropped; updates are dropped with a warning (the router
 * expects an insert-only outbox). The warning is only a log line in Debezium, with no effect on
 * what is delivered, so the model drops the update and keeps no trace of the warning. Pure.
 */
export function outboxEventRouter(prefix: string) {
  return (e: ChangeEvent): Routed => {
    if (e.op === 'd' || e.op === 'u' || e.after === null) return null;
    const a = e.after;
    const id = String(a.id);
    return {
      topic: prefix + String(a.aggregatetype),
      record: { key: String(a.aggregateid), id, change: e.tag ?? id, op: e.op, value: JSON.parse(String(a.payload)) as Record<string, Value> },
    };
  };
}

/**
 * No transform: the raw change event on the table's own topic (`prefix.public.table`), keyed by
 * the primary key, with the after-image as value. Consumers identify a change by key and source
 * LSN. Pure.
 */
export function tableTopicRouter(prefix: string) {
  return (e: ChangeEvent): Routed => ({
    topic: `${prefix}.public.${e.table}`,
    record: { key: e.pk, id: `${e.pk}@${e.lsn}`, change: e.tag, op: e.op, value: e.after },
  });
}
