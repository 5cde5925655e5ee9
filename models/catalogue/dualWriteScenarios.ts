import { reach, readsUpstream, stable } from '../../properties/reachability.ts';
import { dualWrite } from '../strategies/dualWrite.ts';
import { dualWriteRetry } from '../strategies/dualWriteRetry.ts';
import { listenToYourself } from '../strategies/listenToYourself.ts';
import { outboxCdc } from '../strategies/outboxCdc.ts';
import { publishThenCommit } from '../strategies/publishThenCommit.ts';
import { defaultWorldOptions } from '../world/WorldOptions.ts';
import { committedSome, type ScenarioDef } from './ScenarioDef.ts';

/**
 * Scene 1, the dual-write trap (T1–T4), and the alternatives to the outbox that need no CDC:
 * the polling publisher and listen-to-yourself.
 */
export const dualWriteScenarios: readonly ScenarioDef[] = [
  {
    id: 'dual-write',
    title: 'T1: commit, then publish; a crash in between loses the event',
    explanation:
      'The service commits the balance, then publishes the event with no shared transaction. A crash after the commit and before the publish leaves the database saying balance=100 and Kafka saying nothing, for ever.',
    expected: { 'no-lost-events': 'violated', 'at-least-once': 'violated', 'no-phantom-events': 'holds', 'exactly-once-effect': 'holds', 'per-aggregate-order': 'holds', 'consumer-contract': 'holds' },
    options: { ...defaultWorldOptions, service: dualWrite, budget: { serviceCrash: 1, commitFail: 1 } },
    scopes: { small: {}, medium: { requests: 2, budget: { serviceCrash: 2, commitFail: 1 } }, large: { aggregates: 2, requests: 2, budget: { serviceCrash: 2, commitFail: 1 } } },
    reach: [reach('a commit survives a service crash', (w) => committedSome(w) && w.budget.serviceCrash === 0, readsUpstream('serviceCrash'))],
  },
  {
    id: 'publish-then-commit',
    title: 'T2: publish, then commit; a failed commit leaves a phantom event',
    explanation:
      'The service publishes first and commits afterwards. When the commit fails or the service crashes in between, Kafka carries an event for a change the database never made.',
    expected: { 'no-phantom-events': 'violated', 'no-lost-events': 'holds', 'exactly-once-effect': 'holds', 'per-aggregate-order': 'holds', 'consumer-contract': 'holds' },
    options: { ...defaultWorldOptions, service: publishThenCommit, budget: { serviceCrash: 1, commitFail: 1 } },
    scopes: { small: {}, medium: { requests: 2, budget: { serviceCrash: 1, commitFail: 2 } }, large: { aggregates: 2, requests: 2, budget: { serviceCrash: 2, commitFail: 2 } } },
  },
  {
    id: 'dual-write-retry',
    title: 'T3: retry on a lost ack duplicates the event, and still cannot save T1',
    explanation:
      'Both legs succeed but the broker ack is lost; the service retries and the event is appended twice, so a consumer without dedup applies it twice. A crash between commit and the first publish still loses the event.',
    expected: { 'exactly-once-effect': 'violated', 'no-lost-events': 'violated', 'at-least-once': 'violated', 'no-phantom-events': 'holds', 'per-aggregate-order': 'holds', 'consumer-contract': 'holds' },
    options: { ...defaultWorldOptions, service: dualWriteRetry, retries: 1, budget: { serviceCrash: 1, network: 1 } },
    scopes: { small: {}, medium: { requests: 2, retries: 2, budget: { serviceCrash: 1, network: 2 } }, large: { aggregates: 2, requests: 2, retries: 2, budget: { serviceCrash: 1, network: 2 } } },
    reach: [reach('an ack is lost and the retry lands', (w) => w.budget.network === 0 && w.groups[0]!.applied.length > 1, stable)],
  },
  {
    id: 'dual-write-concurrent',
    title: 'T4: two writers on one aggregate; Kafka gets their events in the other order',
    explanation:
      'Two service instances update the same account. Row locks make the database commit A then B, but nothing orders their publishes, so Kafka receives B then A and the consumer ends with the older balance.',
    expected: { 'per-aggregate-order': 'violated', 'no-lost-events': 'holds', 'at-least-once': 'holds', 'no-phantom-events': 'holds', 'exactly-once-effect': 'holds', 'consumer-contract': 'holds' },
    options: { ...defaultWorldOptions, service: dualWrite, requests: 2, servicesPerAggregate: 2 },
    scopes: { small: {}, medium: { requests: 3, servicesPerAggregate: 3 }, large: { aggregates: 2, requests: 2, servicesPerAggregate: 2 } },
  },
  {
    id: 'polling-publisher',
    title: 'Polling publisher: nothing lost, but a crash before marking sent publishes again',
    explanation:
      'A relay selects unsent outbox rows, publishes them, then marks them sent. A relay crash between the publish and the mark makes it publish the row again: no loss, and without consumer dedup a double effect.',
    expected: { 'no-lost-events': 'holds', 'no-phantom-events': 'holds', 'at-least-once': 'holds', 'exactly-once-effect': 'violated' },
    options: { ...defaultWorldOptions, service: outboxCdc, requests: 2, pipeline: { kind: 'polling-relay' }, budget: { connectorCrash: 1, serviceCrash: 1 } },
    scopes: { small: {}, medium: { requests: 3, budget: { connectorCrash: 2, serviceCrash: 1 } }, large: { aggregates: 2, requests: 3, budget: { connectorCrash: 2, serviceCrash: 1 } } },
  },
  {
    id: 'listen-to-yourself',
    title: 'Listen to yourself: publish only, apply your own events to your database',
    explanation:
      'The service writes only to Kafka and updates its own database when it consumes its own topic, deduplicating by eventId in the same transaction. Its crashes only delay the update: no lost and no phantom events.',
    expected: { 'no-lost-events': 'holds', 'no-phantom-events': 'holds', 'at-least-once': 'holds', 'exactly-once-effect': 'holds' },
    options: { ...defaultWorldOptions, service: listenToYourself, listener: true, requests: 2, budget: { serviceCrash: 1 } },
    scopes: { small: {}, medium: { requests: 3, budget: { serviceCrash: 2 } }, large: { aggregates: 2, requests: 3, budget: { serviceCrash: 2 } } },
    reach: [reach('the service applied its own event to its database', committedSome, readsUpstream())],
  },
];
