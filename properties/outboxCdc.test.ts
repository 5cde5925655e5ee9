import { describe, expect, it } from 'vitest';
import { check } from '../src/engine/check.ts';
import { buildScenario, getScenario, worldOptionsOf } from '../models/scenarios.ts';
import { scenarioDefs } from '../models/scenarioDefs.ts';
import { reach } from './reachability.ts';
import { buildWorld } from '../models/world/buildWorld.ts';
import { noLostEvents } from './noLostEvents.ts';
import { atLeastOnce } from './atLeastOnce.ts';
import { exactlyOnceEffect } from './exactlyOnceEffect.ts';
import { perAggregateOrder } from './perAggregateOrder.ts';
import { exhaustive } from './internal/checkScenario.ts';
import { currentDebezium } from '../models/pipeline/DebeziumVersion.ts';

const all = ['no-lost-events', 'no-phantom-events', 'at-least-once', 'exactly-once-effect', 'per-aggregate-order', 'snapshot-stream-consistency', 'consumer-contract'];

describe('outbox-cdc, the transactional outbox with the full Debezium pipeline', () => {
  it('holds all seven invariants exhaustively, never incomplete', () => {
    const r = exhaustive('outbox-cdc');
    expect(r.status).toBe('ok');
    expect(Object.keys(getScenario('outbox-cdc')!.expected).sort()).toEqual([...all].sort());
    expect(r.violations).toEqual([]);
  });

  it('has every fault in scope: service crash, failed commit, connector crash, consumer crash, lost ack; a snapshot, under the current Debezium', () => {
    const o = worldOptionsOf(scenarioDefs.find((d) => d.id === 'outbox-cdc')!);
    expect(o.budget).toMatchObject({ serviceCrash: 1, commitFail: 1, connectorCrash: 1, consumerCrash: 1, network: 1 });
    expect(o.pipeline.kind === 'debezium' && o.pipeline.connector).toMatchObject({ snapshotMode: 'initial', handover: 'exported', version: currentDebezium, errorsTolerance: 'none' });
    expect(o.deleteAfterInsert).toBe(false);
  });

  it('reaches connector crashes mid-snapshot and mid-stream, and deliveries after each', () => {
    const def = scenarioDefs.find((d) => d.id === 'outbox-cdc')!;
    const model = buildWorld(worldOptionsOf(def), {
      name: 'outbox-cdc-reach',
      version: '1',
      properties: [
        reach('crash mid-snapshot after an r event was sent', (w) => w.connectors[0]!.at === 'starting' && w.budget.connectorCrash === 0 && (w.connectors[0]!.stored?.snapshot ?? true) && w.kafka.topics[0]!.partitions[0]!.some((x) => x.op === 'r')),
        reach('crash mid-stream', (w) => w.connectors[0]!.at === 'starting' && w.budget.connectorCrash === 0 && w.ghost.stream!.streamed.length > 0),
        reach('a delivery after a connector crash mid-stream', (w) => w.budget.connectorCrash === 0 && w.ghost.stream!.streamed.length > 0 && w.groups[0]!.applied.length === 2),
        reach('offsets flushed and confirmed to the slot', (w) => w.db.slots.length === 1 && w.db.slots[0]!.confirmedLsn > w.db.slots[0]!.consistentLsn),
      ],
    });
    const r = check(model, {});
    expect(r.status).toBe('ok');
  });

  it('with deleteAfterInsert the router drops the deletes: no duplicate effect, no reordering', () => {
    const def = scenarioDefs.find((d) => d.id === 'outbox-cdc')!;
    const o = worldOptionsOf(def);
    const model = buildWorld({ ...o, deleteAfterInsert: true, budget: { connectorCrash: 1, network: 1 } }, { name: 'outbox-delete', version: '1', properties: [exactlyOnceEffect, perAggregateOrder] });
    expect(check(model, {}).status).toBe('ok');
  });

  it('loses pre-slot events with deleteAfterInsert, since the snapshot finds an empty outbox', () => {
    const def = scenarioDefs.find((d) => d.id === 'outbox-cdc')!;
    const o = worldOptionsOf(def);
    const model = buildWorld({ ...o, deleteAfterInsert: true, budget: {} }, { name: 'outbox-delete-lost', version: '1', properties: [noLostEvents, atLeastOnce] });
    const r = check(model, {});
    expect(r.violations.map((v) => v.property).sort()).toEqual(['at-least-once', 'no-lost-events']);
  });
});

describe('symmetry reduction over aggregates', () => {
  it('explores fewer states with the same verdicts', () => {
    for (const id of ['dual-write', 'snapshot-handover-legacy']) {
      const model = buildScenario(id, { aggregates: 2, requests: 1 });
      const plain = check(model, {});
      const reduced = check(model, { symmetry: true });
      expect(reduced.stats.states).toBeLessThan(plain.stats.states);
      expect(reduced.status).toBe(plain.status);
      expect(reduced.violations.map((v) => v.property)).toEqual(plain.violations.map((v) => v.property));
      expect(reduced.violations.map((v) => v.trace.length)).toEqual(plain.violations.map((v) => v.trace.length));
    }
  });
});

describe('compiled transition tables', () => {
  it('explore exactly the states that stepping with xstate explores', () => {
    for (const id of ['dual-write-concurrent', 'polling-publisher', 'snapshot-handover-legacy']) {
      const a = check(buildScenario(id, { compiled: true }), {});
      const b = check(buildScenario(id, { compiled: false }), {});
      expect(a.stats.states).toBe(b.stats.states);
      expect(a.violations.map((v) => v.replay)).toEqual(b.violations.map((v) => v.replay));
    }
  });
});
