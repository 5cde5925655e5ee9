import { serviceSetup } from './internal/serviceSetup.ts';

/**
 * Listen to yourself: the request handler only publishes the event; the service applies it to
 * its own database when it reads it back from its topic (a consumer with a database sink, see
 * `consumerDef`). Kafka is the source of truth, so there is no dual write to lose.
 */
export const listenToYourself = serviceSetup.createMachine({
  id: 'listen-to-yourself',
  initial: 'idle',
  states: {
    idle: { on: { PUBLISH: { target: 'idle', actions: ['publish', 'finish'] } } },
  },
});
