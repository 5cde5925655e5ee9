import { serviceSetup } from './internal/serviceSetup.ts';

/**
 * Dual write: commit the business change, then publish the event, with no shared transaction.
 * A crash after the commit and before the publish loses the event (T1). Two instances writing
 * the same aggregate can publish in the opposite order of their commits (T4).
 */
export const dualWrite = serviceSetup.createMachine({
  id: 'dual-write',
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
    committed: { on: { PUBLISH: { target: 'idle', actions: ['publish', 'finish'] }, CRASH: { target: 'idle', actions: 'crash' } } },
  },
});
