import { setup } from 'xstate';

type ServiceEvent =
  | { type: 'WRITE' }
  | { type: 'WRITE_OUTBOX' }
  | { type: 'COMMIT' }
  | { type: 'COMMIT_FAIL' }
  | { type: 'PUBLISH' }
  | { type: 'PUBLISH_ACK_LOST' }
  | { type: 'RETRY' }
  | { type: 'RETRY_ACK_LOST' }
  | { type: 'GIVE_UP' }
  | { type: 'CRASH' };

const noop = () => {};

/**
 * xstate `setup` shared by every service machine: the event vocabulary and the effect names of
 * `serviceDef`. The actions do nothing when run: the model reads their names from `transition`'s
 * result and the world applies them.
 */
export const serviceSetup = setup({
  types: { events: {} as ServiceEvent },
  actions: { beginWrite: noop, beginWriteWithOutbox: noop, commit: noop, abortFailed: noop, publish: noop, loseAck: noop, useRetry: noop, finish: noop, crash: noop },
});
