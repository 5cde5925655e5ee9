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

/** The transform threw on the event (`table.op.invalid.behavior=fatal`): Kafka Connect's error handling decides. */
export interface RouteFailed {
  failed: string;
}

/**
 * The Outbox Event Router's `table.op.invalid.behavior`, for an update of an outbox row (the
 * router expects an insert-only outbox): `warn` (the default, `SKIP_AND_WARN`) and `error`
 * (`SKIP_AND_ERROR`) drop the update with a log line, `fatal` throws
 * (`EventRouterDelegate.handleUnexpectedOperation`).
 */
export type InvalidOpBehavior = 'warn' | 'error' | 'fatal';

/** True when `r` is the transform's failure, not a record or a drop. Pure. */
export function routeFailed(r: Routed | RouteFailed): r is RouteFailed {
  return r !== null && 'failed' in r;
}

/**
 * Debezium's Outbox Event Router (`io.debezium.transforms.outbox.EventRouter`, whose
 * `EventRouterDelegate.apply` does the work) with its default field names: an insert (`c`) or
 * snapshot read (`r`) of an outbox row becomes a record on topic `prefix + aggregatetype`, keyed
 * by `aggregateid`, whose value is `payload` and whose `id` header is the eventId. Deletes are
 * dropped. Updates follow `onUpdate` (`table.op.invalid.behavior`): dropped under `warn` and
 * `error` (the log line has no effect on what is delivered, so the model keeps no trace of it),
 * a failure of the transform under `fatal`. Pure.
 */
export function outboxEventRouter(prefix: string, onUpdate?: 'warn' | 'error'): (e: ChangeEvent) => Routed;
/** The router with `onUpdate` possibly `fatal`: an update may fail the transform. */
export function outboxEventRouter(prefix: string, onUpdate: InvalidOpBehavior): (e: ChangeEvent) => Routed | RouteFailed;
export function outboxEventRouter(prefix: string, onUpdate: InvalidOpBehavior = 'warn') {
  return (e: ChangeEvent): Routed | RouteFailed => {
    if (e.op === 'u' && onUpdate === 'fatal') return { failed: `Unexpected update message received ${e.pk}, fail.` };
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
