import type { ConnectorEvent } from './connectorMachine.ts';

/**
 * One rule the connector, its Kafka Connect worker, its producer or the Outbox Event Router
 * follows, with where it comes from in the real source: what `docs/pipeline.md` cites.
 */
export interface ConnectorRule {
  /** The rule, in one sentence. */
  rule: string;
  /** The connector machine's events that carry it out. */
  events: readonly ConnectorEvent['type'][];
  /** The real classes and methods, as `Class.method`. */
  source: string;
  /** The releases it holds for, when that matters. */
  versions?: string;
  /** Where the model simplifies, and why that cannot hide a loss. */
  simplification?: string;
}

/**
 * The connector's streaming, producer, offset-commit and slot-confirmation rules and their
 * sources: Debezium's PostgreSQL connector (`debezium/debezium`) and Kafka Connect's source-task
 * runtime (`apache/kafka`, `connect/runtime`). The snapshot and slot-check rules are cited on the
 * machine's transitions themselves (their `description`).
 */
export const connectorRules: readonly ConnectorRule[] = [
  {
    rule: 'Streaming reads the WAL from the resume position in commit order, skipping the changes of the resumed transaction already processed (lsn_commit, lsn_proc); the server streams a slot from its confirmed position at the earliest.',
    events: ['STREAM_CHANGE'],
    source: 'PostgresStreamingChangeEventSource.execute / processMessages; WalPositionLocator',
  },
  {
    rule: 'Records go to the producer in poll order; each is submitted before it is sent, so submission order is production order.',
    events: ['SEND'],
    source: 'AbstractWorkerSourceTask.sendRecords; WorkerSourceTask.prepareToSendRecord (SubmittedRecords.submit)',
    versions: 'Kafka 3.0 and later (SubmittedRecords, KAFKA-12226)',
  },
  {
    rule: 'A record the broker acknowledges is reported back to the task and its SubmittedRecord acknowledged; with one request in flight it is appended and acknowledged in one step.',
    events: ['SEND', 'ACK'],
    source: 'AbstractWorkerSourceTask.sendRecords (producer callback); WorkerSourceTask.recordSent → commitTaskRecord',
  },
  {
    rule: 'Acknowledgements are ordered per partition only: of the records in flight, the first of each topic-partition may be acknowledged next, so a later record on another partition (of the same topic or another) can be acknowledged before an earlier one. max.in.flight.requests.per.connection bounds the requests to each broker, so each partition may have that many in flight; with one partition and one request in flight, a record is appended and acknowledged in one step.',
    events: ['SEND', 'ACK'],
    source: 'KafkaProducer.send ("callbacks for records being sent to the same partition are guaranteed to execute in order"); Sender.handleProduceResponse → completeBatch → ProducerBatch.done, per partition; RecordAccumulator.drain (at most one batch per partition in a request); NetworkClient (max.in.flight.requests.per.connection, per node)',
    simplification:
      'Each partition\'s leader is taken to be on a broker of its own, the layout that allows the most records in flight and the most orders; one record per request. The buffer is sent in poll order, so a record waits while the one before it waits for its partition\'s request slot, where a real producer sends other partitions\' batches meanwhile: that leaves out some acknowledgement orders. From DBZ-7816 on no order can lose (SubmittedRecords commits the acknowledged prefix in submission order, whatever the order); before it, the orders left out are more schedules of the same loss, which dbz-7816-partition-acks finds. Failures (a lost acknowledgement, a failed send) strike the first record in flight only; another partition\'s record fails once the records before it are acknowledged, which reaches the same states but for the order of retries in the buffer.',
  },
  {
    rule: 'A lost acknowledgement or a failed send with retries left is retried by the producer; without idempotence a retry can duplicate (lost ack) or, with several in flight, reorder (failed send); idempotence makes the broker drop duplicates and resend in order.',
    events: ['ACK_LOST', 'SEND_FAILED'],
    source: 'KafkaProducer / Sender (retries, max.in.flight.requests.per.connection, enable.idempotence)',
    simplification: 'One record per batch; a failure is charged to the network budget.',
  },
  {
    rule: 'Kafka Connect\'s producer defaults: acks=all, max.in.flight.requests.per.connection=1, idempotence off, retries unbounded; the plain producer\'s are idempotent with 5 in flight.',
    events: ['SEND', 'ACK'],
    source: 'Worker.baseProducerConfigs',
    simplification: 'acks=all is assumed throughout: an acknowledged record is never lost by the broker.',
  },
  {
    rule: 'A send that fails with its retries spent fails the task under errors.tolerance=none; the failing task still commits its acknowledged prefix, then restarts from the stored offsets.',
    events: ['ACK_LOST_TASK_FAILED', 'SEND_FAILED_TASK_FAILED'],
    source: 'WorkerSourceTask.producerSendFailed (producerSendException); AbstractWorkerSourceTask.execute → finalOffsetCommit(true)',
    simplification: 'The final commit does not wait for other records in flight (awaitAllMessages): fewer acknowledged records only means more is replayed.',
  },
  {
    rule: 'Under errors.tolerance=all a send that fails for good is logged and its record acknowledged as if sent: its offset becomes committable and the slot moves past it.',
    events: ['ACK_LOST_SKIPPED', 'SEND_FAILED_SKIPPED'],
    source: 'AbstractWorkerSourceTask.sendRecords (send callback: ToleranceType.ALL → submittedRecord.ack()); WorkerSourceTask.producerSendFailed → commitTaskRecord(record, null)',
    versions: 'Kafka 3.x and later',
  },
  {
    rule: 'The offset-commit timer stores the committable offsets, the latest whose record and every record submitted before it were acknowledged, then calls the task\'s commit().',
    events: ['FLUSH'],
    source: 'SourceTaskOffsetCommitter (offset.flush.interval.ms); WorkerSourceTask.commitOffsets / updateCommittableOffsets; SubmittedRecords.committableOffsets; AbstractWorkerSourceTask.commitSourceTask',
    simplification: 'No clock: the timer may fire at any moment, which covers every interval. SubmittedRecords keeps one queue per source partition, and Debezium\'s PostgreSQL task has one (the server name), so the prefix is one sequence over every Kafka partition the records go to: a record acknowledged ahead of an earlier one, on any partition, waits (SubmittedRecords.canCommitHead). Once no task can start again (no crash, slot loss or failing send left, none starting), from DBZ-7816 on and without exactly-once source, the commit follows every connector step instead (eagerOffsetCommit): only a start reads the stored offsets and the slot\'s confirmed position (and offsets-wait-for-unacknowledged, which a commit up to the acknowledged prefix cannot break), so when the timer fires from then on changes nothing any step or invariant sees, and the states it told apart are one.',
  },
  {
    rule: 'From DBZ-7816 on, commit() confirms to the slot the offsets Connect stored: the slot never passes the acknowledged prefix.',
    events: ['FLUSH'],
    source: 'PostgresConnectorTask.commitRecord (no-op), commit, performCommit (getPreviousOffsets → coordinator.commitOffset); PostgresStreamingChangeEventSource.commitOffset',
    versions: '2.6.2, 2.7.0 and later',
    simplification: 'performCommit runs later in the streaming loop; the model confirms at once. Stored offsets only move forward, so a later confirmation confirms less, never more.',
  },
  {
    rule: 'Before DBZ-7816, commitRecord recorded in lastOffsets the offset of every record reported back, in callback order (across partitions, not submission order) and at once for a dropped one, and commit() confirmed lastOffsets: the slot could pass a record not yet in Kafka.',
    events: ['FLUSH'],
    source: 'BaseSourceTask.commitRecord (updateLastOffset), BaseSourceTask.commit (coordinator.commitOffset(lastOffsets))',
    versions: 'up to 2.6.1',
  },
  {
    rule: 'A record the Outbox Event Router drops (a delete; an update, under table.op.invalid.behavior=warn, the default, or error) is never submitted, so Connect never stores its offset; it is reported back to the task at once.',
    events: ['STREAM_CHANGE'],
    source: 'EventRouterDelegate.apply (deletes ignored; updates to handleUnexpectedOperation: SKIP_AND_WARN, SKIP_AND_ERROR log and drop, FATAL throws; the default SKIP_AND_WARN from EventRouterConfigDefinition.OPERATION_INVALID_BEHAVIOR); AbstractWorkerSourceTask.sendRecords → WorkerSourceTask.recordDropped → commitTaskRecord(record, null)',
    simplification: 'With only dropped records after the last sent one, the stored offsets lag (Debezium\'s heartbeats exist for this); a lag only replays.',
  },
  {
    rule: 'Under exactly.once.source.support=enabled (KIP-618, transaction.boundary=poll), the task\'s transactional producer writes its records in a Kafka transaction; the commit writes the source offsets of the records dispatched into the same transaction, commits it once every record is acknowledged, then calls the task\'s commit(). A crash or a failed task aborts the open transaction (no final commit for a failed task), and a failed send fails the task whatever errors.tolerance says. Consumers read committed.',
    events: ['FLUSH', 'SEND', 'CRASH', 'ACK_LOST_TASK_FAILED', 'SEND_FAILED_TASK_FAILED'],
    source: 'ExactlyOnceWorkerSourceTask.recordDispatched (offsetWriter.offset), commitTransaction (offsetWriter.doFlush, producer.commitTransaction, commitSourceTask), finalOffsetCommit (skipped when failed), producerSendFailed (asynchronous errors left to commitTransaction), TransactionBoundaryManager (POLL: after every batch); Producer.initTransactions (fences and aborts the previous generation)',
    versions: 'Kafka 3.3 and later (the model follows connect-runtime 4.x)',
    simplification: 'The transaction\'s records are appended to the model\'s Kafka when it commits, not written and then marked: a read_committed consumer sees exactly that, and an aborted record\'s place in the partition is not modelled (no consumer sees it). The commit may happen whenever nothing is in flight, which covers every poll boundary. A consumer reading read_uncommitted would see aborted records: not modelled.',
  },
  {
    rule: 'A snapshot that read no row sends no record, so no offset says it completed: nothing is committable until a streamed record\'s offset is, and a restart before that snapshots again.',
    events: ['SNAPSHOT_DONE', 'FLUSH'],
    source: 'EventDispatcher.BufferingSnapshotChangeRecordReceiver.completeSnapshot (marks the buffered last record, if any); PostgresOffsetContext.getOffset (a streamed record: no snapshot key, lsn_proc and lsn_commit); SubmittedRecords (only submitted records\' offsets)',
    versions: 'measured on Debezium 3.6.1 (conformance/pipeline/connectorSchedules.test.ts)',
  },
  {
    rule: 'A crash keeps only the stored offsets and the slot: everything since the last offset commit is produced again.',
    events: ['CRASH'],
    source: 'OffsetStorageReader (the worker\'s offset store); BaseSourceTask.getPreviousOffsets',
  },
];
