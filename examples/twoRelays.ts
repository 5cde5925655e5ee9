import { strategyScenario, type ScenarioDef } from '../models/scenarioDefs.ts';
import { outboxCdc } from '../models/strategies/outboxCdc.ts';

/**
 * Two relay instances polling one outbox, with a consumer that does not deduplicate. With a
 * plain `SELECT` both may take the same row: it is published twice. With `FOR UPDATE SKIP
 * LOCKED` each row goes to one relay, but the second relay skips the first's locked row and
 * publishes a later change of the same aggregate first.
 */
export const twoRelaysScenarios: readonly ScenarioDef[] = [
  strategyScenario(outboxCdc, { 'exactly-once-effect': 'violated', 'per-aggregate-order': 'holds', 'no-lost-events': 'holds', 'at-least-once': 'holds' }, { requests: 2, pipeline: { kind: 'polling-relay', relays: [{ locking: 'none' }, { locking: 'none' }] } }, {
    id: 'example-two-relays',
    title: 'Two relays with a plain SELECT publish the same row twice',
    explanation: 'Both relays select the oldest unsent row before either marks it sent; both publish it, and the consumer applies it twice.',
  }),
  strategyScenario(outboxCdc, { 'exactly-once-effect': 'holds', 'per-aggregate-order': 'violated', 'no-lost-events': 'holds', 'at-least-once': 'holds' }, { requests: 2, pipeline: { kind: 'polling-relay', relays: [{ locking: 'skip-locked' }, { locking: 'skip-locked' }] } }, {
    id: 'example-two-relays-skip-locked',
    title: 'Two relays with SKIP LOCKED publish each row once, but out of order',
    explanation: 'Each relay locks the row it takes and skips locked rows, so no row is published twice; the second relay takes the next row while the first holds the older one, and publishes it first.',
  }),
];
