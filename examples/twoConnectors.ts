import { atQuiescence } from '../src/engine/Property.ts';
import { invariant, strategyScenario, type ScenarioDef } from '../models/scenarioDefs.ts';
import { defaultConnector, type ConnectorConfig } from '../models/pipeline/ConnectorConfig.ts';
import { outboxCdc } from '../models/strategies/outboxCdc.ts';
import { connectorTopic, connectorsOf } from '../models/world/buildWorld.ts';
import type { World } from '../models/world/World.ts';

/**
 * `every-topic-has-every-event`: at quiescence, each connector's topic holds an event for every
 * committed change, so every downstream system sees all of them.
 */
const everyTopicHasEveryEvent = invariant('every-topic-has-every-event', (o) => {
  const topics = connectorsOf(o).map(connectorTopic);
  return atQuiescence<World>('every-topic-has-every-event', (w) =>
    topics.every((name) => {
      const records = w.kafka.topics.find((t) => t.name === name)!.partitions.flat();
      return w.ghost.committed.every((c) => records.some((r) => r.change === c.id));
    }),
  );
});

const main: ConnectorConfig = { ...defaultConnector };
const audit = (slotName: string): ConnectorConfig => ({ ...main, topicPrefix: 'audit.event.', slotName });

/**
 * Two connectors tailing one outbox into two topics (`outbox.event.Account`, and
 * `audit.event.Account` for an audit trail). Each on its own slot, a crash of either loses
 * nothing. On one shared slot, one connector's confirmation releases WAL the other has not yet
 * read, and a restart of the other resumes past it (PostgreSQL lets one reader use a slot at a
 * time; the connectors here take turns, as a failover would).
 */
export const twoConnectorsScenarios: readonly ScenarioDef[] = [
  strategyScenario(outboxCdc, { 'every-topic-has-every-event': 'holds', 'no-lost-events': 'holds', 'at-least-once': 'holds' }, { pipeline: { kind: 'debezium', connector: main, extraConnectors: [audit('audit')] }, consumer: { commit: 'after', dedup: 'eventId' }, budget: { connectorCrash: 1 } }, {
    id: 'example-two-connectors',
    title: 'Two connectors, each with its own slot, tail one outbox into two topics',
    explanation: 'Each connector confirms its own slot, so each resumes where it flushed, and both topics get every event.',
    invariants: [everyTopicHasEveryEvent],
  }),
  // Debezium 2.5 (before DBZ-7461 and DBZ-7816): commit() confirms the offsets of the last
  // record reported back, whose lsn_commit is the commit before it, so a confirmation passes a
  // change only once a later transaction is read: two requests. No snapshots (no_data) and the
  // slot first keep the space small.
  strategyScenario(outboxCdc, { 'every-topic-has-every-event': 'violated', 'no-lost-events': 'holds' }, { requests: 2, schedule: ['slot-before-first-write'], pipeline: { kind: 'debezium', connector: { ...main, snapshotMode: 'no_data', version: '2.5.4' }, extraConnectors: [{ ...audit('debezium'), snapshotMode: 'no_data', version: '2.5.4' }] }, consumer: { commit: 'after', dedup: 'eventId' }, budget: { connectorCrash: 1 } }, {
    id: 'example-two-connectors-shared-slot',
    title: 'Two connectors on one shared slot: one confirms what the other has not read',
    explanation: 'One connector confirms the shared slot past a change the other has not read; the other, starting (or restarting after a crash) later, is resumed by the server from the confirmed position, past the change.',
    invariants: [everyTopicHasEveryEvent],
  }),
];
