import { serviceSetup } from './internal/serviceSetup.ts';

/**
 * Transactional outbox: the business row and the outbox row are written in one transaction,
 * so both commit or neither does. The service never talks to Kafka; Debezium tails the outbox
 * (or, for table-cdc, the business table itself) and the pipeline delivers.
 */
export const outboxCdc = serviceSetup.createMachine({
  id: 'outbox-cdc',
  initial: 'idle',
  states: {
    idle: { on: { WRITE_OUTBOX: { target: 'inTxn', actions: 'beginWriteWithOutbox' } } },
    inTxn: {
      on: {
        COMMIT: { target: 'idle', actions: ['commit', 'finish'] },
        COMMIT_FAIL: { target: 'idle', actions: ['abortFailed', 'finish'] },
        CRASH: { target: 'idle', actions: 'crash' },
      },
    },
  },
});
