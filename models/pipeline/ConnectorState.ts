import type { StreamPosition } from '../world/database.ts';
import type { KafkaRecord } from '../world/kafka.ts';

/**
 * A Kafka Connect source offset of the Debezium PostgreSQL connector: the stream position to
 * resume after (`lsn_commit`, `lsn_proc`; during and right after a snapshot, the snapshot's
 * start LSN with no change processed), and whether a snapshot was in progress when it was
 * recorded.
 */
export interface Offset extends StreamPosition {
  snapshot: boolean;
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
  /** Where streaming starts (the consistent point); null until known. */
  start: number | null;
  /**
   * The snapshot rows emitted so far: a bit set over the positions of the rows the snapshot
   * reads (`tableAsOf` order), bit i set once row i was emitted, in whatever order.
   */
  cursor: number;
  /** Streaming position: the last change read (see `nextStreamedChange`). */
  pos: StreamPosition;
  /** Produced records waiting to be sent. */
  buffer: Pending[];
  /** Sent, not yet acknowledged (only when more than one request may be in flight). */
  inflight: Pending[];
  /** Next producer sequence number; never reused, so a restarted producer never collides. */
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
}

/** The connector before its first start: no offsets, nothing in flight. */
export function initialConnector(): ConnectorState {
  return { at: 'starting', view: null, start: null, cursor: 0, pos: { commitLsn: 0, lsn: -1 }, buffer: [], inflight: [], seq: 0, acked: null, ackedAhead: [], lastOffsets: null, stored: null };
}
