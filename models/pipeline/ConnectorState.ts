import type { StreamPosition } from '../world/database.ts';
import type { KafkaRecord } from '../world/kafka.ts';

/**
 * Where the connector's stream stands: the last change read, with its transaction's commit
 * (`StreamPosition`, what resuming is keyed on), and the commit of the last transaction read
 * before that one (Debezium's `PostgresOffsetContext.lastCommitLsn`, stored as `lsn_commit`).
 */
export interface ReadPosition extends StreamPosition {
  /**
   * The commit LSN of the last transaction whose COMMIT the connector processed before the
   * current change (`PostgresStreamingChangeEventSource.commitMessage`): the transaction read
   * before this one, never this one's own. Null when none was processed since the stream
   * started (after a snapshot, or from the slot), as in Debezium's offsets.
   */
  lastCommitLsn: number | null;
}

/**
 * A Kafka Connect source offset of the Debezium PostgreSQL connector: the stream position to
 * resume after (the change's own transaction and the change, `lsn_proc`; during and right after
 * a snapshot, the snapshot's start LSN with no change processed), the previous transaction's
 * commit (`lsn_commit`, which `commit()` confirms: `confirmedBy`), and whether a snapshot was in
 * progress when it was recorded.
 *
 * Resuming from it (`WalPositionLocator`) and the model's `nextStreamedChange` agree: the first
 * transaction whose commit is past `lsn_commit` is this change's own (the connector streams
 * whole transactions in commit order), and in it the changes after `lsn_proc`.
 */
export interface Offset extends ReadPosition {
  snapshot: boolean;
}

/**
 * Where Debezium's `commitOffset` confirms the slot for `offset`
 * (`PostgresStreamingChangeEventSource.commitOffset`, 2.x and 3.x alike): at `lsn_commit` when
 * it has one, else at `lsn_proc`, else nowhere (null: the offsets of a snapshot, and those that
 * say it completed, carry neither). pgoutput reports a COMMIT at the end of its WAL record, so
 * `lsn_commit` is the previous transaction's commit LSN plus one: the server then re-sends that
 * transaction's successors, this change's own transaction included, and nothing before. Pure.
 */
export function confirmedBy(offset: Offset): number | null {
  if (offset.snapshot) return null;
  if (offset.lastCommitLsn !== null) return offset.lastCommitLsn + 1;
  return offset.lsn >= 0 ? offset.lsn : null;
}

/** A record handed to the connector's producer and not yet acknowledged, with its source offset. */
export interface Pending {
  topic: string;
  record: KafkaRecord;
  /** Production order (and the idempotent producer's sequence number). */
  seq: number;
  offset: Offset;
  /** Failed attempts so far (lost acks and failed sends). */
  tries: number;
}

/**
 * The connector task and its Kafka Connect worker. Everything but `stored` (the offsets flushed
 * to Connect's offset store) and `seq` is volatile and lost in a crash.
 */
export interface ConnectorState {
  at: string;
  /**
   * The snapshot's read view (an LSN: commits below it are visible), while snapshotting; null
   * before a READ COMMITTED snapshot's SELECT has run.
   */
  view: number | null;
  /** Where the snapshot's stream starts (the consistent point), while snapshotting; null until known. */
  start: number | null;
  /**
   * The snapshot rows emitted so far: a bit set over the positions of the rows the snapshot
   * reads (`tableAsOf` order), bit i set once row i was emitted, in whatever order. 0 outside
   * snapshotting.
   */
  cursor: number;
  /** Streaming position: the last change read (see `nextStreamedChange`), and the commit before it. */
  pos: ReadPosition;
  /** Produced records waiting to be sent. */
  buffer: Pending[];
  /**
   * Sent, not yet acknowledged, in send order (only when more than one request may be in
   * flight); acknowledged in order per partition only (`ackableInFlight`).
   */
  inflight: Pending[];
  /**
   * Next producer sequence number. An idempotent producer's is never reused, so a restarted
   * producer never collides; without idempotence the numbers count from the lowest pending
   * record's, which is 0, and the next is 0 when none is pending (`renumberPending`).
   */
  seq: number;
  /**
   * The committable offset (Kafka Connect's `SubmittedRecords.committableOffsets`): that of the
   * latest record which, with every record submitted before it, was acknowledged.
   */
  acked: Offset | null;
  /**
   * Records acknowledged while an earlier-submitted one is not yet: their offsets wait, in
   * submission order, for the records before them.
   */
  ackedAhead: Pending[];
  /**
   * Before DBZ-7816 only: `BaseSourceTask.lastOffsets`, the offset of the last record Connect
   * reported back (sent, dropped by a transform, or skipped by `errors.tolerance=all`), which
   * `commit()` confirms to the slot; null once confirmed. Always null from the fix on.
   */
  lastOffsets: Offset | null;
  /** The offsets Kafka Connect has durably stored. */
  stored: Offset | null;
  /**
   * Under `exactly.once.source.support` only: the records written to Kafka in the producer's
   * open transaction, in order, not yet visible to a `read_committed` consumer. Absent when no
   * transaction is open (always, without the knob), so other states keep their shape.
   */
  txn?: Pending[];
}

/** The connector before its first start: no offsets, nothing in flight. */
export function initialConnector(): ConnectorState {
  return { at: 'starting', view: null, start: null, cursor: 0, pos: { commitLsn: 0, lsn: -1, lastCommitLsn: null }, buffer: [], inflight: [], seq: 0, acked: null, ackedAhead: [], lastOffsets: null, stored: null };
}
