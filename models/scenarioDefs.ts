import type { Property } from '../src/engine/Property.ts';
import { reach } from '../properties/reachability.ts';
import { defaultConnector, type ConnectorConfig } from './pipeline/ConnectorConfig.ts';
import { dualWrite } from './strategies/dualWrite.ts';
import { dualWriteRetry } from './strategies/dualWriteRetry.ts';
import { listenToYourself } from './strategies/listenToYourself.ts';
import { outboxCdc } from './strategies/outboxCdc.ts';
import { publishThenCommit } from './strategies/publishThenCommit.ts';
import { tableCdc } from './strategies/tableCdc.ts';
import type { World } from './world/World.ts';
import { defaultWorldOptions, type WorldOptions } from './world/WorldOptions.ts';
import type { InvariantId, ScopeName, Verdict } from './Scenario.ts';

/** A catalogue entry: the scenario's claims and its world at each scope. */
export interface ScenarioDef {
  id: string;
  title: string;
  explanation: string;
  expected: Readonly<Partial<Record<InvariantId, Verdict>>>;
  options: WorldOptions;
  /** Per-scope overrides of `options`; `small` is what `npm test` checks exhaustively. */
  scopes: Readonly<Record<ScopeName, Partial<WorldOptions>>>;
  /** Extra reachability properties naming the scenario's mechanism. */
  reach?: readonly Property<World>[];
}

const debezium = (c: Partial<ConnectorConfig>): WorldOptions['pipeline'] => ({ kind: 'debezium', connector: { ...defaultConnector, ...c } });
const tableCapture: Partial<ConnectorConfig> = { tables: ['account'], route: 'table', topicPrefix: 'dbserver1' };
const committedSome = (w: World) => w.ghost.committed.length > 0;

/** The scenario catalogue of SCENARIOS.md, scenes 1 and 8 and the Debezium pipeline. */
export const scenarioDefs: readonly ScenarioDef[] = [
  {
    id: 'dual-write',
    title: 'T1: commit, then publish; a crash in between loses the event',
    explanation:
      'The service commits the balance, then publishes the event with no shared transaction. A crash after the commit and before the publish leaves the database saying balance=100 and Kafka saying nothing, for ever.',
    expected: { 'no-lost-events': 'violated', 'at-least-once': 'violated', 'no-phantom-events': 'holds', 'exactly-once-effect': 'holds', 'per-aggregate-order': 'holds', 'consumer-contract': 'holds' },
    options: { ...defaultWorldOptions, service: dualWrite, budget: { serviceCrash: 1, commitFail: 1 } },
    scopes: { small: {}, medium: { requests: 2, budget: { serviceCrash: 2, commitFail: 1 } }, large: { aggregates: 2, requests: 2, budget: { serviceCrash: 2, commitFail: 1 } } },
    reach: [reach('a commit survives a service crash', (w) => committedSome(w) && w.budget.serviceCrash === 0)],
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
    reach: [reach('an ack is lost and the retry lands', (w) => w.budget.network === 0 && w.consumers[0]!.applied.length > 1)],
  },
  {
    id: 'dual-write-concurrent',
    title: 'T4: two writers on one aggregate; Kafka gets their events in the other order',
    explanation:
      'Two service instances update the same account. Row locks make the database commit A then B, but nothing orders their publishes, so Kafka receives B then A and the consumer ends with the older balance.',
    expected: { 'per-aggregate-order': 'violated', 'no-lost-events': 'holds', 'at-least-once': 'holds', 'no-phantom-events': 'holds', 'exactly-once-effect': 'holds', 'consumer-contract': 'holds' },
    options: { ...defaultWorldOptions, service: dualWrite, requests: 2, servicesPerAggregate: 2 },
    scopes: { small: {}, medium: { requests: 3, servicesPerAggregate: 3 }, large: { aggregates: 2, requests: 2, servicesPerAggregate: 2, budget: { serviceCrash: 1 } } },
  },
  {
    id: 'outbox-cdc',
    title: 'Transactional outbox tailed by Debezium: every invariant holds through every crash',
    explanation:
      'The business row and the outbox row commit in one transaction; Debezium snapshots, then streams the outbox, routes it with the Outbox Event Router, flushes offsets every 2 records and confirms them to the slot. Services, the connector (mid-snapshot or mid-stream) and the consumer crash; acks are lost; commits fail. Delivery is at least once and the consumer dedups by eventId in its own transaction.',
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
      pipeline: debezium({ flushEvery: 2 }),
      consumer: { commit: 'after', dedup: 'eventId' },
      budget: { serviceCrash: 1, commitFail: 1, connectorCrash: 1, consumerCrash: 1, network: 1 },
    },
    scopes: { small: {}, medium: { budget: { serviceCrash: 1, commitFail: 1, connectorCrash: 2, consumerCrash: 1, network: 2 } }, large: { aggregates: 2, requests: 2 } },
    reach: [
      reach('the connector crashes mid-snapshot', (w) => w.budget.connectorCrash === 0 && w.ghost.snapshots.length > 0 && w.connector!.stored === null),
      reach('a redelivered event is deduplicated', (w) => w.consumers[0]!.positions.reduce((a, b) => a + b, 0) > w.consumers[0]!.applied.length),
    ],
  },
  {
    id: 'outbox-cdc-no-dedup',
    title: 'Outbox without consumer dedup: delivered at least once, applied twice after a replay',
    explanation:
      'The same pipeline, but the consumer applies every delivery. A connector restart replays everything since the last flushed offset, so the consumer applies an event twice: nothing is lost or invented, but the effect is not exactly once.',
    expected: { 'no-lost-events': 'holds', 'no-phantom-events': 'holds', 'at-least-once': 'holds', 'exactly-once-effect': 'violated', 'per-aggregate-order': 'holds', 'consumer-contract': 'holds' },
    options: {
      ...defaultWorldOptions,
      service: outboxCdc,
      requests: 2,
      pipeline: debezium({ flushEvery: 2 }),
      budget: { serviceCrash: 1, connectorCrash: 1, network: 1 },
    },
    scopes: { small: {}, medium: { budget: { serviceCrash: 1, connectorCrash: 2, network: 1, consumerCrash: 1 } }, large: { aggregates: 2, requests: 2 } },
  },
  {
    id: 'outbox-cdc-inflight-reorder',
    title: 'Producer with 5 requests in flight and no idempotence: a retried batch lands after a later one',
    explanation:
      'Not in SCENARIOS.md; a knob combination. With max.in.flight=5, retries and idempotence off, a send that fails is retried after the next batch was already appended, so Kafka holds the events of one aggregate out of commit order and the consumer applies them so. Kafka Connect\'s defaults (max.in.flight=1) or an idempotent producer prevent it.',
    expected: { 'per-aggregate-order': 'violated', 'no-lost-events': 'holds', 'at-least-once': 'holds', 'exactly-once-effect': 'holds' },
    options: {
      ...defaultWorldOptions,
      service: outboxCdc,
      requests: 2,
      pipeline: debezium({ producer: { idempotent: false, maxInFlight: 5 } }),
      consumer: { commit: 'after', dedup: 'eventId' },
      budget: { network: 1 },
    },
    scopes: { small: {}, medium: { requests: 3 }, large: { aggregates: 2, requests: 2, budget: { network: 2 } } },
  },
  {
    id: 'outbox-cdc-idempotent-producer',
    title: 'The same 5 requests in flight with an idempotent producer: order and no duplicates hold',
    explanation:
      'Not in SCENARIOS.md; the fix for the previous scenario. The broker tracks producer sequence numbers: a retried batch that was already appended is dropped, and one that was not is resent before anything after it.',
    expected: { 'per-aggregate-order': 'holds', 'no-lost-events': 'holds', 'at-least-once': 'holds', 'exactly-once-effect': 'holds' },
    options: {
      ...defaultWorldOptions,
      service: outboxCdc,
      requests: 2,
      pipeline: debezium({ producer: { idempotent: true, maxInFlight: 5 } }),
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
    scopes: { small: {}, medium: { aggregates: 2 }, large: { aggregates: 3, budget: { connectorCrash: 1, schemaChange: 1, serviceCrash: 1 } } },
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
    reach: [reach('the rename happened and an event was applied after it', (w) => w.budget.schemaChange === 0 && w.consumers[0]!.applied.length > 0)],
  },
  {
    id: 'snapshot-handover',
    title: 'Snapshot then stream through the exported snapshot: no gap',
    explanation:
      'Writes commit while the initial snapshot of the account table runs. The snapshot reads as of the slot\'s consistent point and streaming starts exactly there, so every change shows either as an `r` read or as a streamed change.',
    expected: { 'snapshot-stream-consistency': 'holds', 'no-lost-events': 'holds', 'at-least-once': 'holds' },
    options: { ...defaultWorldOptions, service: tableCdc, aggregates: 2, pipeline: debezium(tableCapture), consumer: { commit: 'after', dedup: 'eventId' } },
    scopes: { small: {}, medium: { aggregates: 3 }, large: { aggregates: 3, budget: { connectorCrash: 1 } } },
    reach: [reach('a commit lands while the snapshot is running', (w) => w.connector!.at === 'snapshotting' && w.connector!.cursor > 0 && committedSome(w))],
  },
  {
    id: 'snapshot-handover-legacy',
    title: 'Legacy handover (before Debezium 1.6, DBZ-2337): a commit falls in the gap',
    explanation:
      'The snapshot transaction takes its view, then the streaming start LSN is read in a separate step. A commit between the two is in neither the snapshot nor the stream: a gap.',
    expected: { 'snapshot-stream-consistency': 'violated', 'no-lost-events': 'violated', 'at-least-once': 'violated' },
    options: { ...defaultWorldOptions, service: tableCdc, aggregates: 2, pipeline: debezium({ ...tableCapture, handover: 'legacy' }), consumer: { commit: 'after', dedup: 'eventId' } },
    scopes: { small: {}, medium: { aggregates: 3 }, large: { aggregates: 3, budget: { connectorCrash: 1 } } },
  },
  {
    id: 'snapshot-crash',
    title: 'The connector crashes mid-snapshot and redoes it: duplicates of r events, nothing lost',
    explanation:
      'The connector crashes before the snapshot completed; its stored offsets say a snapshot was in progress (or nothing), so on restart it snapshots again. Rows already sent are sent again as `r` events: at least once, with duplicates a consumer without dedup applies twice.',
    expected: { 'at-least-once': 'holds', 'no-lost-events': 'holds', 'snapshot-stream-consistency': 'holds', 'exactly-once-effect': 'violated' },
    options: { ...defaultWorldOptions, service: tableCdc, aggregates: 2, pipeline: debezium(tableCapture), budget: { connectorCrash: 1 } },
    scopes: { small: {}, medium: { budget: { connectorCrash: 2 } }, large: { aggregates: 3, budget: { connectorCrash: 2 } } },
    reach: [reach('a snapshot row is in Kafka twice', (w) => w.kafka.topics[0]!.partitions.some((p) => p.filter((r) => r.op === 'r').length > new Set(p.filter((r) => r.op === 'r').map((r) => r.id)).size))],
  },
  {
    id: 'snapshot-mode-no-data',
    title: 'snapshot.mode=no_data: outbox commits made before the slot exists are never seen',
    explanation:
      'The connector never snapshots: it streams from the slot\'s creation. Outbox rows committed before the slot was created are in neither the stream nor any snapshot, so their events are lost.',
    expected: { 'no-lost-events': 'violated', 'at-least-once': 'violated', 'no-phantom-events': 'holds' },
    options: { ...defaultWorldOptions, service: outboxCdc, pipeline: debezium({ snapshotMode: 'no_data' }), consumer: { commit: 'after', dedup: 'eventId' } },
    scopes: { small: {}, medium: { requests: 2 }, large: { aggregates: 2, requests: 2, budget: { connectorCrash: 1 } } },
  },
  {
    id: 'table-cdc-snapshot-compaction',
    title: 'Table CDC snapshots state, not history: changes made before the snapshot have no events',
    explanation:
      'Not in SCENARIOS.md; found by the model. Debezium captures the account table, and two updates of one account commit before the initial snapshot reads it. The snapshot emits the row once, as of its view, so the first update never becomes an event: the replica is consistent, but an event-per-change consumer misses a change. The outbox does not have this problem, because every event is its own row.',
    expected: { 'no-lost-events': 'violated', 'at-least-once': 'violated', 'snapshot-stream-consistency': 'holds', 'no-phantom-events': 'holds' },
    options: { ...defaultWorldOptions, service: tableCdc, requests: 2, pipeline: debezium(tableCapture), consumer: { commit: 'after', dedup: 'eventId' } },
    scopes: { small: {}, medium: { requests: 3 }, large: { aggregates: 2, requests: 2, budget: { connectorCrash: 1 } } },
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
    scopes: { small: {}, medium: { requests: 3, budget: { serviceCrash: 2 } }, large: { aggregates: 2, requests: 3, budget: { serviceCrash: 2, consumerCrash: 1 } } },
    reach: [reach('the service applied its own event to its database', committedSome)],
  },
];
