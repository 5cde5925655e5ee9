import { setup } from 'xstate';
import { connectorRules } from './connectorRules.ts';

/** The connector's event vocabulary, shared by every connector variant. */
export type ConnectorEvent =
  | { type: 'SNAPSHOT' }
  | { type: 'STREAM' }
  | { type: 'STOP' }
  | { type: 'SLOT_CHECK_FAILED' }
  | { type: 'READ_LSN' }
  | { type: 'READ_ROW' }
  | { type: 'SNAPSHOT_DONE' }
  | { type: 'SNAPSHOT_DONE_STOP' }
  | { type: 'STREAM_CHANGE' }
  | { type: 'CHANGE_REJECTED' }
  | { type: 'SEND' }
  | { type: 'ACK' }
  | { type: 'ACK_LOST' }
  | { type: 'SEND_FAILED' }
  | { type: 'ACK_LOST_TASK_FAILED' }
  | { type: 'SEND_FAILED_TASK_FAILED' }
  | { type: 'ACK_LOST_SKIPPED' }
  | { type: 'SEND_FAILED_SKIPPED' }
  | { type: 'FLUSH' }
  | { type: 'CRASH' }
  | { type: 'SLOT_LOST' };

const noop = () => {};

// The snapshot's rules, cited to the Debezium source (debezium/debezium, PostgreSQL connector);
// `npm run docs` prints them beside the machine in docs/pipeline.md.
const SNAPSHOT_RULE =
  'Snapshot when the snapshotter says so: `InitialSnapshotter.shouldSnapshotData` (no offsets, or a snapshot in progress), `AlwaysSnapshotter` always, `NoDataSnapshotter` never, `WhenNeededSnapshotter` also when the stored position is gone (`BaseSourceTask.validateSchemaHistory` resets the offsets; `shouldSnapshotOnDataError`), by the same check as `SLOT_CHECK_FAILED`: where it may fail or pass, the search takes both. ' +
  'With no slot, `PostgresConnectorTask.tryToCreateSlot` creates one first, only when `shouldStream()` (so `initial_only` creates none), and the snapshot imports its exported snapshot: `PostgresSnapshotChangeEventSource.snapshotTransactionIsolationLevelStatement` (REPEATABLE READ, SET TRANSACTION SNAPSHOT), start LSN the slot\'s (`getTransactionStartLsn`, since 1.6, DBZ-2337). Slot creation waits for every open writer (measured, conformance/). ' +
  'With the slot already there (a snapshot redone), `connectionCreated` sets no isolation level, so the snapshot runs READ COMMITTED (since 1.3, DBZ-2094), and `determineSnapshotOffset` reads the current LSN (`PostgresConnection.currentXLogLocation`, `pg_current_wal_lsn()`) before any data: commits between the two are read and streamed, duplicates but no gap. ' +
  'Simplification: the model\'s start is the WAL insert position, the real one the write position at or below it, which only streams more.';

const READ_ROW_RULE =
  'One row of the snapshot query, emitted as op `r` with the snapshot offset: `SelectAllSnapshotQuery.snapshotQuery` is `SELECT <columns> FROM <table>` with no ORDER BY, so rows come in heap order, which deletes, vacuum and updates make any order (measured, conformance/snapshotOnRestart): with `snapshotOrder: heap` (the default) the search picks the next row; `key` is an ordered `snapshot.select.statement.overrides`. ' +
  'A READ COMMITTED snapshot takes its view at its first row. Simplification: one view for all captured tables, where PostgreSQL takes one per SELECT; every scenario captures one table, and later views only add duplicates.';

const SNAPSHOT_DONE_RULE =
  'After the last row, `ChangeEventSourceCoordinator.executeChangeEventSources` goes on to `streamEvents` at once (`streaming.delay.ms` is 0 by default), while the snapshot records may still wait in the queue and the producer. The last snapshot record carries the offset that says the snapshot completed (`PostgresOffsetContext.preSnapshotCompletion`, `last_snapshot_record`), so Kafka Connect commits the completion only once every snapshot record is acknowledged: a crash before that redoes the snapshot. A snapshot that read no row sends no record (`BufferingSnapshotChangeRecordReceiver.completeSnapshot` has nothing buffered to mark `last`), and Connect stores only the offsets of records it sent (`SubmittedRecords`): no offset says the snapshot completed, and a restart snapshots again until the first streamed record\'s offset (`PostgresOffsetContext.getOffset`: no `snapshot` key, `lsn_proc` and `lsn_commit`) is stored (measured on Debezium 3.6.1: conformance/pipeline/connectorSchedules.test.ts).';

const STREAM_RULE =
  'Stream from the stored offset (`lsn_commit`, `lsn_proc`: whole transactions by commit LSN, skipping changes already processed), or from the slot\'s `confirmed_flush_lsn` when that is later: the server starts a slot there whatever the client asks (measured over `START_REPLICATION`, conformance/snapshotOnRestart). ' +
  'Before 3.2 a missing slot is created here (`PostgresConnectorTask.tryToCreateSlot`) and streaming starts at its consistent point, losing what was committed in between with no more than a warning in the log (from 2.6.0, DBZ-7461). ' +
  'Simplification: from a bare slot the model also re-sends the transaction committing exactly at the confirmed LSN, which the server skips: a duplicate, never a loss.';

const SLOT_CHECK_RULE =
  'DBZ-9118, since 3.2.0 (`version`): on start with offsets, `BaseSourceTask.validateAndLoadSchemaHistory` asks `PostgresConnection.validateLogPosition` whether the slot still holds the stored position: no slot is no; otherwise yes when the offsets carry no `lsn_proc` (`PostgresOffsetContext.lastCompletelyProcessedLsn`; a snapshot\'s `initialContext` has none) or the slot\'s `restart_lsn` is at or below it. The model knows the restart LSN only between the slot\'s creation point and a bound (`restartLsnBound`: the confirmed LSN, and the first change of every transaction still to be streamed, since PostgreSQL moves it only at running-transactions records to where such transactions can be decoded whole, `SnapBuildProcessRunningXacts`); where `lsn_proc` lies between the two, both answers are explored. Under DBZ-7816\'s rule a slot of one connector never gets there (the slot is confirmed at most to the stored `lsn_commit` + 1, before the stored change\'s own transaction), so there the check fails only on a missing or re-created slot; before DBZ-7816 (2.6.0, 2.6.1: the check only warns), and with a slot another connector confirms, it may fail on a present slot. If not and the snapshotter streams but does not snapshot on a data error (every mode but `when_needed` and `initial_only`), the task fails: "… is no longer available on the server. Reconfigure the connector to use a snapshot mode when needed." (a `DebeziumException`, commit cb22d78). It stays failed until an operator acts: nothing is lost silently (`no-silent-loss`). The check came in 2.6.0 (DBZ-7461), but up to 3.1.3 a failed check only logs a warning and the task streams on (`STREAM`); a real 2.6.1 does (conformance/pipeline/droppedSlot261.test.ts).';

const CHANGE_REJECTED_RULE =
  'The Outbox Event Router meets an update of an outbox row under `table.op.invalid.behavior=fatal`: `EventRouterDelegate.handleUnexpectedOperation` throws ("Unexpected update message received …, fail."). The transformation stage runs under `RetryWithToleranceOperator.execute`: with `errors.tolerance=none` the task fails ("Tolerance exceeded in error handler") and stays failed until restarted by hand, and every restart reads the same update again; it commits its acknowledged prefix first (`AbstractWorkerSourceTask.execute`, the final offset commit). With `errors.tolerance=all` the failure is skipped and the record dropped (`recordDropped`), as under `warn`.';

/** Producer and offset events, accepted in every running phase. */
export const connectorRunning = {
  SEND: { actions: 'send' },
  ACK: { actions: 'ack' },
  ACK_LOST: { actions: 'ackLost' },
  SEND_FAILED: { actions: 'sendFailed' },
  ACK_LOST_TASK_FAILED: { target: 'starting', actions: ['appendHead', 'failTask'] },
  SEND_FAILED_TASK_FAILED: { target: 'starting', actions: 'failTask' },
  ACK_LOST_SKIPPED: { actions: ['appendHead', 'skipHead'] },
  SEND_FAILED_SKIPPED: { actions: 'skipHead' },
  FLUSH: { actions: 'flush' },
  CRASH: { target: 'starting', actions: 'crash' },
  SLOT_LOST: {
    target: 'starting',
    actions: 'loseSlot',
    description:
      'The replication slot is dropped by an operator, or invalidated by PostgreSQL for retaining more WAL than `max_slot_wal_keep_size` (13+): the stream breaks and the task restarts. What the restart does is the snapshot mode\'s and the release\'s (`SLOT_CHECK_FAILED`, `STREAM`).',
  },
} as const;

/**
 * The Debezium PostgreSQL connector task with its Kafka Connect producer and offset flushing.
 *
 * - `starting`: decide from the snapshot mode, the stored offsets and the slot: snapshot
 *   (creating the slot if there is none), resume streaming, or stop (`initial_only`, done);
 *   or, since Debezium 3.2 (DBZ-9118), fail for good (`failed`) when stored offsets point to a
 *   slot that is gone and the snapshot mode is not `when_needed`: a loud failure that waits for
 *   an operator, where earlier releases streamed from a new slot and lost the gap silently
 *   (from 2.6, DBZ-7461, with a warning in the log).
 * - `snapshotting`: with the legacy handover, first read the start LSN (`READ_LSN`), separately
 *   from the snapshot's view; then read the captured tables row by row as of the view (op `r`);
 *   then record that the snapshot completed and stream (or stop, with `initial_only`).
 * - `streaming`: read the WAL from the start position in commit order (op `c`/`u`/`d`); an
 *   update the Outbox Event Router refuses (`table.op.invalid.behavior=fatal`, with
 *   `errors.tolerance=none`) fails the task for good (`CHANGE_REJECTED`).
 * - every running phase: the producer sends, is acknowledged or loses acks; Kafka Connect's
 *   offset-commit timer stores offsets and confirms the slot (`FLUSH`); a crash, or a send that
 *   fails with its retries spent under `errors.tolerance=none` (the task fails, after a last
 *   offset commit), goes back to `starting` with only the stored offsets left. Under
 *   `errors.tolerance=all` such a send is skipped instead (`*_SKIPPED`): the task runs on. So does losing the replication slot
 *   (`SLOT_LOST`): the stream breaks, the task fails, and on restart the snapshot mode decides
 *   what happens to the changes the lost slot was holding.
 */
export const connectorMachine = setup({
  types: { events: {} as ConnectorEvent },
  actions: connectorActions(),
}).createMachine({
  id: 'debezium-connector',
  initial: 'starting',
  // The rules and their sources, which docs/pipeline.md cites under the machine's diagram.
  meta: { rules: connectorRules },
  states: connectorStates(connectorRunning),
});

/**
 * The connector's effect names, each doing nothing when run (the world applies them): a
 * variant's `setup` spreads them and adds its own.
 */
export function connectorActions() {
  return {
    beginSnapshot: noop,
    beginStream: noop,
    readStartLsn: noop,
    readRow: noop,
    completeSnapshot: noop,
    streamChange: noop,
    rejectChange: noop,
    send: noop,
    ack: noop,
    ackLost: noop,
    sendFailed: noop,
    appendHead: noop,
    failTask: noop,
    skipHead: noop,
    flush: noop,
    crash: noop,
    loseSlot: noop,
  };
}

/**
 * The connector's control states, with `running` as the events every running phase accepts: a
 * variant that changes what a producer or offset event does passes its own (`{ ...connectorRunning, ACK: … }`).
 */
export function connectorStates<const R extends Record<string, unknown>>(running: R) {
  return {
    starting: {
      on: {
        SNAPSHOT: { target: 'snapshotting', actions: 'beginSnapshot', description: SNAPSHOT_RULE },
        STREAM: { target: 'streaming', actions: 'beginStream', description: STREAM_RULE },
        STOP: {
          target: 'stopped',
          description: '`initial_only` after its snapshot completed: `InitialOnlySnapshotter.shouldStream()` is false, so the task does nothing more.',
        },
        SLOT_CHECK_FAILED: { target: 'failed', description: SLOT_CHECK_RULE },
      },
    },
    snapshotting: {
      on: {
        READ_LSN: {
          actions: 'readStartLsn',
          description:
            '`handover: legacy` only (before Debezium 1.6, DBZ-2337): the start LSN is read after the snapshot transaction took its view, so a commit in between is in neither the snapshot nor the stream.',
        },
        READ_ROW: { actions: 'readRow', description: READ_ROW_RULE },
        SNAPSHOT_DONE: { target: 'streaming', actions: 'completeSnapshot', description: SNAPSHOT_DONE_RULE },
        SNAPSHOT_DONE_STOP: {
          target: 'stopped',
          actions: 'completeSnapshot',
          description: '`initial_only`: the snapshot completed, and the task stops instead of streaming (`InitialOnlySnapshotter.shouldStream()` is false).',
        },
        ...running,
      },
    },
    streaming: { on: { STREAM_CHANGE: { actions: 'streamChange' }, CHANGE_REJECTED: { target: 'failed', actions: 'rejectChange', description: CHANGE_REJECTED_RULE }, ...running } },
    stopped: { on: { ...running } },
    failed: {},
  } as const;
}
