import { serviceSetup } from './internal/serviceSetup.ts';

/**
 * Dual write with retries: commit, then publish; on an ack timeout, publish again while the
 * retry budget lasts. A lost ack means the first append did happen, so the retry duplicates
 * the event (T3); and the retry cannot help when the service crashes before its first publish (T1).
 */
export const dualWriteRetry = serviceSetup.createMachine({
  id: 'dual-write-retry',
  initial: 'idle',
  states: {
    idle: { on: { WRITE: { target: 'inTxn', actions: 'beginWrite' } } },
    inTxn: {
      on: {
        COMMIT: { target: 'committed', actions: 'commit' },
        COMMIT_FAIL: { target: 'idle', actions: ['abortFailed', 'finish'] },
        CRASH: { target: 'idle', actions: 'crash' },
      },
    },
    committed: {
      on: {
        PUBLISH: { target: 'idle', actions: ['publish', 'finish'] },
        PUBLISH_ACK_LOST: { target: 'retrying', actions: ['publish', 'loseAck'] },
        CRASH: { target: 'idle', actions: 'crash' },
      },
    },
    retrying: {
      on: {
        RETRY: { target: 'idle', actions: ['publish', 'useRetry', 'finish'] },
        RETRY_ACK_LOST: { target: 'retrying', actions: ['publish', 'loseAck', 'useRetry'] },
        GIVE_UP: { target: 'idle', actions: 'finish' },
        CRASH: { target: 'idle', actions: 'crash' },
      },
    },
  },
});
