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
  SLOT_LOST: { target: 'starting', actions: 'loseSlot' },
} as const;

/**
 * The Debezium PostgreSQL connector task with its Kafka Connect producer and offset flushing.
 *
 * - `starting`: decide from the snapshot mode, the stored offsets and the slot: snapshot
 *   (creating the slot if there is none), resume streaming, or stop (`initial_only`, done);
 *   or, since Debezium 2.6 (DBZ-7461), fail for good (`failed`) when stored offsets point to a
 *   slot that is gone and the snapshot mode is not `when_needed`: a loud failure that waits for
 *   an operator, where earlier releases streamed from a new slot and lost the gap silently.
 * - `snapshotting`: with the legacy handover, first read the start LSN (`READ_LSN`), separately
 *   from the snapshot's view; then read the captured tables row by row as of the view (op `r`);
 *   then record that the snapshot completed and stream (or stop, with `initial_only`).
 * - `streaming`: read the WAL from the start position in commit order (op `c`/`u`/`d`).
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
        SNAPSHOT: { target: 'snapshotting', actions: 'beginSnapshot' },
        STREAM: { target: 'streaming', actions: 'beginStream' },
        STOP: { target: 'stopped' },
        SLOT_CHECK_FAILED: { target: 'failed' },
      },
    },
    snapshotting: {
      on: {
        READ_LSN: { actions: 'readStartLsn' },
        READ_ROW: { actions: 'readRow' },
        SNAPSHOT_DONE: { target: 'streaming', actions: 'completeSnapshot' },
        SNAPSHOT_DONE_STOP: { target: 'stopped', actions: 'completeSnapshot' },
        ...running,
      },
    },
    streaming: { on: { STREAM_CHANGE: { actions: 'streamChange' }, ...running } },
    stopped: { on: { ...running } },
    failed: {},
  } as const;
}
