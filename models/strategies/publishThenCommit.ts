import { serviceSetup } from './internal/serviceSetup.ts';

/**
 * Publish, then commit: the event escapes before the transaction decides. A commit failure or
 * a crash after the publish leaves a phantom event for a change that never committed (T2).
 */
export const publishThenCommit = serviceSetup.createMachine({
  id: 'publish-then-commit',
  initial: 'idle',
  states: {
    idle: { on: { PUBLISH: { target: 'published', actions: 'publish' } } },
    published: { on: { WRITE: { target: 'inTxn', actions: 'beginWrite' }, CRASH: { target: 'idle', actions: 'crash' } } },
    inTxn: {
      on: {
        COMMIT: { target: 'idle', actions: ['commit', 'finish'] },
        COMMIT_FAIL: { target: 'idle', actions: ['abortFailed', 'finish'] },
        CRASH: { target: 'idle', actions: 'crash' },
      },
    },
  },
});
