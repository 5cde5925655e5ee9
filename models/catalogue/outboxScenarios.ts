import { reach, readsUpstream, stable } from '../../properties/reachability.ts';
import { outboxCdc } from '../strategies/outboxCdc.ts';
import { tableCdc } from '../strategies/tableCdc.ts';
import { defaultWorldOptions } from '../world/WorldOptions.ts';
import { worldResources } from '../world/worldIndependence.ts';
import { ghostStreamOf } from '../world/ghostStreamOf.ts';
import { plainProducer } from '../pipeline/ConnectorConfig.ts';
import { debezium, tableCapture, type ScenarioDef } from './ScenarioDef.ts';

/** Scene 8, the outbox as a contract, and the pipeline's producer and consumer knobs. */
export const outboxScenarios: readonly ScenarioDef[] = [
  {
    id: 'outbox-cdc',
    title: 'Transactional outbox tailed by Debezium: every invariant holds through every crash',
    explanation:
      'The business row and the outbox row commit in one transaction; Debezium snapshots, then streams the outbox, routes it with the Outbox Event Router; Kafka Connect commits the acknowledged offsets whenever its timer fires and the connector confirms them to the slot. Services, the connector (mid-snapshot or mid-stream) and the consumer crash; acks are lost; commits fail. Delivery is at least once and the consumer dedups by eventId in its own transaction. The snapshot SELECT orders the outbox (`snapshot.select.statement.overrides` with an ORDER BY): Debezium\'s default SELECT has none, reads the outbox in heap order and can put one aggregate\'s events out of order (`outbox-snapshot-heap-order`).',
    expected: {
      'no-lost-events': 'holds',
      'no-phantom-events': 'holds',
      'at-least-once': 'holds',
      'exactly-once-effect': 'holds',
      'per-aggregate-order': 'holds',
      'snapshot-stream-consistency': 'holds',
      'consumer-contract': 'holds',
    },
    options: {
      ...defaultWorldOptions,
      service: outboxCdc,
      requests: 2,
      pipeline: debezium({ snapshotOrder: 'key' }),
      consumer: { commit: 'after', dedup: 'eventId' },
      budget: { serviceCrash: 1, commitFail: 1, connectorCrash: 1, consumerCrash: 1, network: 1 },
    },
    scopes: { small: {}, medium: { budget: { serviceCrash: 1, commitFail: 1, connectorCrash: 2, consumerCrash: 1, network: 2 } }, large: { aggregates: 2, requests: 2 } },
    reach: [
      reach('the connector crashes mid-snapshot', (w) => w.budget.connectorCrash === 0 && ghostStreamOf(w).snapshot !== null && w.connectors[0]!.stored === null, readsUpstream('connectorCrash')),
      reach('a redelivered event is deduplicated', (w) => w.consumers[0]!.positions.reduce((a, b) => a + b, 0) > w.groups[0]!.applied.length, {
        reads: () => [worldResources.consumer(0), worldResources.store(0)],
      }),
    ],
  },
  {
    id: 'outbox-cdc-no-dedup',
    title: 'Outbox without consumer dedup: delivered at least once, applied twice after a replay',
    explanation:
      'The same pipeline, but the consumer applies every delivery. A connector restart replays everything since the last committed offset, so the consumer applies an event twice: nothing is lost or invented, but the effect is not exactly once. The snapshot SELECT orders the outbox, as in `outbox-cdc`.',
    expected: { 'no-lost-events': 'holds', 'no-phantom-events': 'holds', 'at-least-once': 'holds', 'exactly-once-effect': 'violated', 'per-aggregate-order': 'holds', 'consumer-contract': 'holds' },
    options: {
      ...defaultWorldOptions,
      service: outboxCdc,
      requests: 2,
      pipeline: debezium({ snapshotOrder: 'key' }),
      budget: { serviceCrash: 1, connectorCrash: 1, network: 1 },
    },
    scopes: { small: {}, medium: { budget: { serviceCrash: 1, connectorCrash: 2, network: 1, consumerCrash: 1 } }, large: { aggregates: 2, requests: 2 } },
  },
  {
    id: 'outbox-cdc-exactly-once-source',
    title: 'Outbox without consumer dedup, with Kafka Connect\'s exactly-once source (KIP-618) and no snapshot: applied once through connector crashes',
    explanation:
      'Not in SCENARIOS.md; `outbox-cdc-no-dedup` with `exactly.once.source.support=enabled` (Kafka 3.3+, KIP-618; `transaction.boundary=poll`). The task\'s transactional, idempotent producer writes its records into a Kafka transaction, and `ExactlyOnceWorkerSourceTask.commitTransaction` writes the source offsets into the same transaction and commits it: the records become visible and the offsets stored at once. A connector crash aborts the open transaction, whose records a `read_committed` consumer never sees (the model\'s consumers read committed), and the restart resumes from exactly the offsets of what is visible. So the replay that `outbox-cdc-no-dedup` applies twice never reaches the consumer, and exactly-once effect holds without dedup. It covers the path into Kafka only: a consumer crash between its effect and its offset commit still redelivers (the medium scope has none for that reason; `consumer-commit-before` and `outbox-cdc-no-dedup` show the consumer side). Nor does it remove the duplicate of a snapshot redone after a crash (`snapshot.mode=initial`, the slot already there: the READ COMMITTED snapshot reads a row that is also streamed), so this row runs `snapshot.mode=no_data`; the same world without the knob applies an event twice (properties/exactlyOnceSource.test.ts).',
    expected: { 'no-lost-events': 'holds', 'no-phantom-events': 'holds', 'at-least-once': 'holds', 'exactly-once-effect': 'holds', 'per-aggregate-order': 'holds', 'consumer-contract': 'holds' },
    options: {
      ...defaultWorldOptions,
      service: outboxCdc,
      requests: 2,
      // No snapshot: a snapshot redone after a crash while the slot exists runs READ COMMITTED and
      // both reads and streams what commits meanwhile, a duplicate that exactly-once source does
      // not remove (properties/exactlyOnceSource.test.ts).
      pipeline: debezium({ snapshotMode: 'no_data', exactlyOnceSource: true, producer: { idempotent: true, maxInFlight: 1, retries: 2147483647 } }),
      // no_data streams from the slot's creation: the slot must exist before the first write.
      schedule: ['slot-before-first-write'],
      budget: { serviceCrash: 1, connectorCrash: 1, network: 1 },
    },
    scopes: { small: {}, medium: { budget: { serviceCrash: 1, connectorCrash: 2, network: 1 } }, large: { aggregates: 2, requests: 2 } },
    reach: [reach('a transaction holds a record while the connector may still crash', (w) => (w.connectors[0]!.txn?.length ?? 0) > 0 && (w.budget.connectorCrash ?? 0) > 0, readsUpstream('connectorCrash'))],
  },
  {
    id: 'outbox-cdc-inflight-reorder',
    title: 'Producer with 5 requests in flight and no idempotence: a retried batch lands after a later one',
    explanation:
      'Not in SCENARIOS.md; a knob combination. With max.in.flight=5, retries and idempotence off, a send that fails is retried after the next batch was already appended, so Kafka holds the events of one aggregate out of commit order and the consumer applies them so. Kafka Connect\'s defaults (max.in.flight=1) or an idempotent producer prevent it. The snapshot SELECT orders the outbox, as in `outbox-cdc`, so that the reorder shown is the producer\'s.',
    expected: { 'per-aggregate-order': 'violated', 'no-lost-events': 'holds', 'at-least-once': 'holds', 'exactly-once-effect': 'holds' },
    options: {
      ...defaultWorldOptions,
      service: outboxCdc,
      requests: 2,
      pipeline: debezium({ producer: { ...plainProducer, idempotent: false }, snapshotOrder: 'key' }),
      consumer: { commit: 'after', dedup: 'eventId' },
      budget: { network: 1 },
    },
    scopes: { small: {}, medium: { requests: 3 }, large: { aggregates: 2, requests: 2, budget: { network: 2 } } },
  },
  {
    id: 'outbox-cdc-idempotent-producer',
    title: 'The plain Kafka producer\'s defaults (idempotent, 5 in flight) instead of Kafka Connect\'s: order and no duplicates hold',
    explanation:
      'Not in SCENARIOS.md; the fix for the previous scenario. The broker tracks producer sequence numbers: a retried batch that was already appended is dropped, and one that was not is resent before anything after it. The snapshot SELECT orders the outbox, as in `outbox-cdc`.',
    expected: { 'per-aggregate-order': 'holds', 'no-lost-events': 'holds', 'at-least-once': 'holds', 'exactly-once-effect': 'holds' },
    options: {
      ...defaultWorldOptions,
      service: outboxCdc,
      requests: 2,
      pipeline: debezium({ producer: plainProducer, snapshotOrder: 'key' }),
      consumer: { commit: 'after', dedup: 'none' },
      budget: { network: 1 },
    },
    scopes: { small: {}, medium: { requests: 3 }, large: { aggregates: 2, requests: 2, budget: { network: 2 } } },
  },
  {
    id: 'consumer-commit-before',
    title: 'A consumer that commits its offset before processing loses events in a crash',
    explanation:
      'Not in SCENARIOS.md; the consumer knob. The consumer commits the offset of a record, then crashes before applying it; it restarts after the record, which is never processed: at most once.',
    expected: { 'at-least-once': 'violated', 'no-lost-events': 'holds', 'exactly-once-effect': 'holds' },
    options: {
      ...defaultWorldOptions,
      service: outboxCdc,
      requests: 2,
      pipeline: debezium({}),
      consumer: { commit: 'before', dedup: 'eventId' },
      budget: { consumerCrash: 1 },
    },
    scopes: { small: {}, medium: { requests: 3 }, large: { aggregates: 2, requests: 2, budget: { consumerCrash: 2 } } },
  },
  {
    id: 'table-cdc',
    title: 'Debezium on the business table: delivery holds, but a column rename reaches consumers',
    explanation:
      'Debezium captures the account table itself. Delivery invariants hold, but the table is now the contract: after `ALTER TABLE account RENAME COLUMN balance TO amount`, the next change event carries `amount` and the consumer receives an event outside the agreed contract.',
    expected: { 'consumer-contract': 'violated', 'no-lost-events': 'holds', 'no-phantom-events': 'holds', 'at-least-once': 'holds', 'exactly-once-effect': 'holds', 'snapshot-stream-consistency': 'holds' },
    options: {
      ...defaultWorldOptions,
      service: tableCdc,
      pipeline: debezium(tableCapture),
      consumer: { commit: 'after', dedup: 'eventId' },
      schemaChange: { table: 'account', from: 'balance', to: 'amount' },
      budget: { connectorCrash: 1, schemaChange: 1 },
    },
    // Medium adds a second connector crash and a service crash, not a second aggregate: with two
    // aggregates the search had not finished after 2,752,707 states (and not within 15 minutes
    // with --symmetry), and two requests on one aggregate before the snapshot is the loss of
    // `table-cdc-snapshot-compaction` (a snapshot reads state, not history), not this row's claim.
    scopes: { small: {}, medium: { budget: { connectorCrash: 2, schemaChange: 1, serviceCrash: 1 } }, large: { aggregates: 3, budget: { connectorCrash: 1, schemaChange: 1, serviceCrash: 1 } } },
  },
  {
    id: 'outbox-cdc-schema-change',
    title: 'Outbox under a business-table rename: the contract holds',
    explanation:
      'The same rename of account.balance, but Debezium tails only the outbox, whose payload the service writes in the agreed shape; business-table DDL is invisible to consumers.',
    expected: { 'consumer-contract': 'holds', 'no-lost-events': 'holds', 'at-least-once': 'holds', 'exactly-once-effect': 'holds' },
    options: {
      ...defaultWorldOptions,
      service: outboxCdc,
      pipeline: debezium({}),
      consumer: { commit: 'after', dedup: 'eventId' },
      schemaChange: { table: 'account', from: 'balance', to: 'amount' },
      budget: { connectorCrash: 1, schemaChange: 1 },
    },
    scopes: { small: {}, medium: { requests: 2 }, large: { aggregates: 2, requests: 2 } },
    reach: [reach('the rename happened and an event was applied after it', (w) => w.budget.schemaChange === 0 && w.groups[0]!.applied.length > 0, stable)],
  },
];
