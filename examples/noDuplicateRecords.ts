import { always } from '../src/engine/Property.ts';
import { debezium, invariant, strategyScenario, type ScenarioDef } from '../models/scenarioDefs.ts';
import { outboxCdc } from '../models/strategies/outboxCdc.ts';
import type { World } from '../models/world/World.ts';

/**
 * `no-duplicate-records`, a user's invariant: no event id is in Kafka twice, so consumers need
 * no dedup. Checked in every reachable state.
 */
export const noDuplicateRecords = invariant(
  always<World>('no-duplicate-records', (w) => {
    const seen = new Set<string>();
    for (const t of w.kafka.topics) for (const p of t.partitions) for (const r of p) {
      if (seen.has(r.id)) return false;
      seen.add(r.id);
    }
    return true;
  }),
);

const pipeline = debezium({ producer: { idempotent: true, maxInFlight: 5, retries: 2147483647 } });

/**
 * Two scenarios claiming opposite verdicts for it: an idempotent producer keeps a lost ack's
 * retry from appending twice, but not a connector restart, which replays from the flushed offsets.
 */
export const noDuplicateRecordsScenarios: readonly ScenarioDef[] = [
  strategyScenario(outboxCdc, { 'no-duplicate-records': 'holds', 'exactly-once-effect': 'holds' }, { requests: 2, pipeline, budget: { network: 1 } }, {
    id: 'example-idempotent-no-duplicates',
    title: 'An idempotent producer: a lost ack is retried without a duplicate in Kafka',
    explanation: 'The broker drops a retried batch it already appended, so every event id is in Kafka once and even a consumer without dedup applies each once.',
    invariants: [noDuplicateRecords],
  }),
  strategyScenario(outboxCdc, { 'no-duplicate-records': 'violated', 'no-lost-events': 'holds' }, { requests: 2, pipeline, budget: { connectorCrash: 1 } }, {
    id: 'example-restart-duplicates',
    title: 'An idempotent producer does not stop a restarted connector from sending a record again',
    explanation: 'The connector crashes after a record was sent and before its offset was flushed; the restarted task replays it with a new producer session, and Kafka holds it twice.',
    invariants: [noDuplicateRecords],
  }),
];
