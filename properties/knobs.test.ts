import { describe, expect, it } from 'vitest';
import { check } from '../src/engine/check.ts';
import { worldOptionsOf } from '../models/scenarios.ts';
import { invariants, scenarioDefs } from '../models/scenarioDefs.ts';
import type { ConnectorConfig } from '../models/pipeline/ConnectorConfig.ts';
import { buildWorld } from '../models/world/buildWorld.ts';
import type { WorldOptions } from '../models/world/WorldOptions.ts';

const base = worldOptionsOf(scenarioDefs.find((d) => d.id === 'outbox-cdc')!);
const connector = (c: Partial<ConnectorConfig>): WorldOptions['pipeline'] => ({ kind: 'debezium', connector: { ...(base.pipeline.kind === 'debezium' ? base.pipeline.connector : ({} as ConnectorConfig)), ...c } });

/** The violated invariants of outbox-cdc with some knobs changed, checked exhaustively. */
function violated(o: Partial<WorldOptions>): string[] {
  const options = { ...base, ...o };
  const r = check(buildWorld(options, { name: 'knobs', version: '1', properties: invariants.map((i) => i.property(options)) }), {});
  expect(r.status).not.toBe('incomplete');
  return r.violations.map((v) => v.property).sort();
}

/** The knobs compose: combinations nobody registered still get faithful verdicts. */
describe('connector and consumer knobs on the outbox pipeline', () => {
  it('snapshot.mode=always redoes the snapshot after a crash: nothing lost', () => {
    expect(violated({ pipeline: connector({ snapshotMode: 'always' }), budget: { connectorCrash: 1 } })).toEqual([]);
  });

  it('snapshot.mode=when_needed behaves like initial while offsets and WAL exist', () => {
    expect(violated({ pipeline: connector({ snapshotMode: 'when_needed' }), budget: { connectorCrash: 1 } })).toEqual([]);
  });

  it('snapshot.mode=initial_only snapshots and stops: later commits are never captured', () => {
    expect(violated({ pipeline: connector({ snapshotMode: 'initial_only' }), budget: {} })).toEqual(['at-least-once', 'no-lost-events', 'snapshot-stream-consistency']);
  });

  it('the legacy handover also opens a gap on the outbox', () => {
    expect(violated({ pipeline: connector({ handover: 'legacy' }), budget: {} })).toEqual(['at-least-once', 'no-lost-events', 'snapshot-stream-consistency']);
  });

  it('the Debezium 2.6.1 confirmation rule (before DBZ-7816) loses an event only through a restart, which reads the slot', () => {
    // no_data and a slot before the first write: with delete-after-insert, a snapshot (first, or
    // redone after a crash mid-snapshot) would miss earlier rows whatever the version.
    const old = { pipeline: connector({ version: '2.6.1', snapshotMode: 'no_data' }), deleteAfterInsert: true, schedule: ['slot-before-first-write'] as const };
    expect(violated({ ...old, budget: { network: 1 } })).toEqual([]);
    expect(violated({ ...old, budget: { connectorCrash: 1 } })).toEqual(['at-least-once', 'no-lost-events']);
  });

  it('two partitions keep per-aggregate order, since a key always maps to one partition', () => {
    expect(violated({ aggregates: 2, requests: 1, partitions: 2, budget: { connectorCrash: 1 } })).toEqual([]);
  });

  it('an idempotent producer with one request in flight dedups lost-ack retries even without consumer dedup', () => {
    expect(violated({ pipeline: connector({ producer: { idempotent: true, maxInFlight: 1, retries: 2147483647 } }), consumer: { commit: 'after', dedup: 'none' }, budget: { network: 1 } })).toEqual([]);
    expect(violated({ pipeline: connector({ producer: { idempotent: false, maxInFlight: 1, retries: 2147483647 } }), consumer: { commit: 'after', dedup: 'none' }, budget: { network: 1 } })).toEqual(['exactly-once-effect']);
  });

  it('a producer out of retries fails the task; restarted from the flushed offsets it replays, never loses', () => {
    const noRetries = connector({ producer: { idempotent: false, maxInFlight: 1, retries: 0 } });
    expect(violated({ pipeline: noRetries, consumer: { commit: 'after', dedup: 'none' }, budget: { network: 1 } })).toEqual(['exactly-once-effect']);
    expect(violated({ pipeline: noRetries, budget: { network: 1 } })).toEqual([]);
  });
});
