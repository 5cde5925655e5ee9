import { currentDebezium, type DebeziumVersion } from './DebeziumVersion.ts';

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
  /** Offsets are flushed once this many records were acknowledged since the last flush, or when idle. */
  flushEvery: number;
  /**
   * The connector's producer: idempotence, `max.in.flight.requests.per.connection`, and
   * `retries` per record (Kafka Connect's default is Integer.MAX_VALUE). When a record's retries
   * are spent, the send fails for good and the task fails (`errors.tolerance=none`); it restarts
   * from the flushed offsets, like a crash that the crash budget does not pay for.
   */
  producer: { idempotent: boolean; maxInFlight: number; retries: number };
  /** The replication slot's name (`slot.name`): connectors with the same name share one slot. */
  slotName: string;
  /**
   * The Debezium release the connector behaves as (`DebeziumVersion`): each rule that changed
   * between releases follows this one, by the change's name (`debeziumChanges`).
   */
  version: DebeziumVersion;
}

/** The defaults, for the outbox table. */
export const defaultConnector: ConnectorConfig = {
  tables: ['outbox'],
  route: 'outbox',
  topicPrefix: 'outbox.event.',
  snapshotMode: 'initial',
  snapshotOrder: 'heap',
  handover: 'exported',
  flushEvery: 1,
  producer: { idempotent: false, maxInFlight: 1, retries: 2147483647 },
  slotName: 'debezium',
  version: currentDebezium,
};
