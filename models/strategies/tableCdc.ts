import { serviceSetup } from './internal/serviceSetup.ts';

/**
 * The service of table-cdc: only the business row, in its own transaction; Debezium captures
 * the business table directly, so its schema is the consumers' contract.
 */
export const tableCdc = serviceSetup.createMachine({
  id: 'table-cdc',
  initial: 'idle',
  states: {
    idle: { on: { WRITE: { target: 'inTxn', actions: 'beginWrite' } } },
    inTxn: {
      on: {
        COMMIT: { target: 'idle', actions: ['commit', 'finish'] },
        COMMIT_FAIL: { target: 'idle', actions: ['abortFailed', 'finish'] },
        CRASH: { target: 'idle', actions: 'crash' },
      },
    },
  },
});
