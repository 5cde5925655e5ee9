import { currentDebezium, type DebeziumVersion } from './DebeziumVersion.ts';
import type { InvalidOpBehavior } from './outboxEventRouter.ts';

/** Debezium's `snapshot.mode` values the model implements. */
export type SnapshotMode = 'initial' | 'always' | 'no_data' | 'when_needed' | 'initial_only';

/**
 * The connector's knobs (SCENARIOS.md). Defaults are Debezium's and Kafka Connect's:
 * `initial`, exported snapshot, `acks=all`, `max.in.flight=1`, idempotence off.
 */
export interface ConnectorConfig {
  /** The captured tables (`table.include.list`). */
  tables: readonly string[];
  /** `outbox`: the Outbox Event Router; `table`: raw change events on the table topics. */
  route: 'outbox' | 'table';
  /** Outbox: `route.topic.replacement` prefix; table: `topic.prefix`. */
  topicPrefix: string;
  /**
   * Outbox only: the router's `table.op.invalid.behavior` for an update of an outbox row.
   * `warn` (the default) and `error` drop it, like a delete; `fatal` fails the transform, so
   * under `errors.tolerance=none` the task fails for good (every restart reads the update
   * again), and under `all` the update is dropped after all (`InvalidOpBehavior`).
   */
  invalidOpBehavior: InvalidOpBehavior;
  snapshotMode: SnapshotMode;
  /**
   * The order the snapshot reads a table's rows in. `heap` is PostgreSQL's: the snapshot's
   * `SELECT … FROM table` (`SelectAllSnapshotQuery`) has no ORDER BY, so rows come in heap order,
   * which deletes, vacuum and updates make any order; the search chooses it. `key`: primary-key
   * order, one order only, for scenarios whose claims do not depend on it (fewer states).
   */
  snapshotOrder: 'heap' | 'key';
  /**
   * `exported`: the snapshot reads through the slot's exported snapshot, so its view and the
   * streaming start are the same point. `legacy` (before Debezium 1.6, DBZ-2337): the start LSN
   * is read in a separate step after the snapshot transaction took its view.
   */
  handover: 'exported' | 'legacy';
  /**
   * Kafka Connect's `errors.tolerance` for a send whose retries are spent. `none` (the
   * default): the task fails, commits the acknowledged prefix and restarts from the stored
   * offsets. `all`: the failure is logged and the record is acknowledged as if sent
   * (`AbstractWorkerSourceTask.sendRecords`' send callback), so its offset becomes committable.
   *
   * There is no knob for `offset.flush.interval.ms`: the model has no clock, so Connect's
   * offset-commit timer may fire at any moment (`ConnectCommitOffsets`), which covers every interval.
   */
  errorsTolerance: 'none' | 'all';
  /**
   * The connector's producer: idempotence, `max.in.flight.requests.per.connection` (per broker
   * connection, so the model bounds each partition's records in flight by it, as if every
   * partition's leader were on a broker of its own: `inFlightOn`), and `retries` per record
   * (Kafka Connect's default is Integer.MAX_VALUE). When a record's retries are spent, the send
   * fails for good: see `errorsTolerance`.
   */
  producer: { idempotent: boolean; maxInFlight: number; retries: number };
  /**
   * Debezium's `flush.lsn.source` (default true): whether `commit()` confirms LSNs to the slot
   * at all. With false, the slot is never confirmed by the connector (something else must
   * advance it), so a restart always reads from the stored offsets and WAL is retained.
   */
  flushLsnSource: boolean;
  /**
   * Kafka Connect's `exactly.once.source.support=enabled` (KIP-618, Kafka 3.3+), with the default
   * `transaction.boundary=poll`; absent means disabled. The task's transactional producer writes
   * its records and, in the same Kafka transaction, its source offsets
   * (`ExactlyOnceWorkerSourceTask.commitTransaction`: `offsetWriter.doFlush`, then
   * `producer.commitTransaction`, which waits until every record sent is acknowledged; then
   * the task's `commit()`). Records of the open transaction are invisible to the model's
   * consumers, which read `read_committed` (the model appends them to Kafka at the commit:
   * an aborted record's offset in the partition is not modelled, no consumer sees it). A crash
   * or a failed task aborts the open transaction (`finalOffsetCommit` skips a failed task, and
   * the next producer's `initTransactions` fences and aborts it), and the restart resumes from
   * the offsets committed with the last transaction. A send that fails for good fails the task
   * whatever `errors.tolerance` says (`producerSendFailed` leaves asynchronous errors to
   * `commitTransaction`, which throws). The producer is idempotent (Connect requires it).
   */
  exactlyOnceSource?: boolean;
  /** The replication slot's name (`slot.name`): connectors with the same name share one slot. */
  slotName: string;
  /**
   * The Debezium release the connector behaves as (`DebeziumVersion`): each rule that changed
   * between releases follows this one, by the change's name (`debeziumChanges`).
   */
  version: DebeziumVersion;
}

/**
 * Kafka Connect's overrides of its source tasks' producer (`Worker.baseProducerConfigs`):
 * `acks=all`, one request in flight, idempotence off, retries unbounded.
 */
export const connectProducer: ConnectorConfig['producer'] = { idempotent: false, maxInFlight: 1, retries: 2147483647 };

/** The plain Kafka producer's defaults since Kafka 3.0 (KIP-679): idempotent, five requests in flight. */
export const plainProducer: ConnectorConfig['producer'] = { idempotent: true, maxInFlight: 5, retries: 2147483647 };

/** The defaults, for the outbox table. */
export const defaultConnector: ConnectorConfig = {
  tables: ['outbox'],
  route: 'outbox',
  topicPrefix: 'outbox.event.',
  invalidOpBehavior: 'warn',
  snapshotMode: 'initial',
  snapshotOrder: 'heap',
  handover: 'exported',
  errorsTolerance: 'none',
  producer: connectProducer,
  flushLsnSource: true,
  slotName: 'debezium',
  version: currentDebezium,
};
