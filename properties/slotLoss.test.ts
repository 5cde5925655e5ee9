import { describe, expect, it } from 'vitest';
import { check } from '../src/engine/check.ts';
import { always } from '../src/engine/Property.ts';
import type { World } from '../models/world/World.ts';
import { debezium } from '../models/catalogue/ScenarioDef.ts';
import { currentDebezium, type DebeziumVersion } from '../models/pipeline/DebeziumVersion.ts';
import { outboxCdc } from '../models/strategies/outboxCdc.ts';
import { buildWorld } from '../models/world/buildWorld.ts';
import { defaultWorldOptions, type WorldOptions } from '../models/world/WorldOptions.ts';
import { scenarioDefs } from '../models/scenarioDefs.ts';
import { atQuiescence } from '../src/engine/Property.ts';
import { exhaustive, indexOf, labels, states } from './internal/checkScenario.ts';
import { noLostEvents } from './noLostEvents.ts';
import { noSilentLoss } from './noSilentLoss.ts';

/** The `slot-lost` world (`snapshot.mode=initial`, one slot loss) on Debezium `version`, checked for `no-silent-loss`. */
function lostSlotOn(version: DebeziumVersion) {
  return check(buildWorld(options(version), { name: `slot-lost-${version}`, version: '1', properties: [noSilentLoss] }), {});
}

/** The options of the `slot-lost` rows, on Debezium `version`. */
function options(version: DebeziumVersion): WorldOptions {
  return { ...defaultWorldOptions, service: outboxCdc, requests: 2, pipeline: debezium({ snapshotMode: 'initial', version }), consumer: { commit: 'after', dedup: 'eventId' }, budget: { slotLoss: 1 } };
}

/**
 * The slot-loss pair across DBZ-9118 (Debezium 3.2.0): the same lost slot under
 * `snapshot.mode=initial`, silent up to 3.1.3 (DBZ-7461's check, from 2.6.0, only warns), a
 * failed task since 3.2.0.
 */
describe('a lost slot across DBZ-9118', () => {
  it('up to 3.1.3 the restarted task streams from a new slot after the commits it missed, and nothing fails', () => {
    const trace = labels(exhaustive('slot-lost'), 'no-silent-loss');
    const dropped = indexOf(trace, /^DbDropSlot/);
    expect(dropped).toBeGreaterThanOrEqual(0);
    expect(indexOf(trace, /^ConnectorStartStreaming/, dropped)).toBeGreaterThan(dropped);
    expect(trace.some((l) => l.startsWith('ConnectorFailTask'))).toBe(false);
  });

  it('since 3.2 the restart fails the task, saying the stored position is gone and naming when_needed', () => {
    const r = exhaustive('slot-lost-fails-loudly');
    expect(r.violations.map((v) => v.property)).not.toContain('no-silent-loss');
    const trace = labels(r, 'no-lost-events');
    const dropped = indexOf(trace, /^DbDropSlot/);
    const failed = indexOf(trace, /^ConnectorFailTask\(connector, stored LSN \d+ is no longer available \(slot debezium is gone\); use snapshot.mode=when_needed\)/, dropped);
    expect(failed).toBeGreaterThan(dropped);
    // After the loss the connector never streams or snapshots again: it waits for an operator.
    expect(trace.slice(dropped).some((l) => /^Connector(StartStreaming|StartSnapshot)/.test(l))).toBe(false);
  });

  // 2.6.1 is the release the real pipeline ran (conformance/pipeline/droppedSlot261.test.ts: a
  // warning, a new slot, the row committed without one lost); 3.1.3 the last with the warning.
  it.each(['2.6.1', '3.1.3'] as const)('on %s (DBZ-7461 but not DBZ-9118) the loss is silent: no task ever fails', (version) => {
    const r = lostSlotOn(version);
    const trace = labels(r, 'no-silent-loss');
    const dropped = indexOf(trace, /^DbDropSlot/);
    expect(indexOf(trace, /^ConnectorStartStreaming/, dropped)).toBeGreaterThan(dropped);
    expect(r.violations.every((v) => v.trace.every((s) => s.state.connectors[0]!.at !== 'failed'))).toBe(true);
  });

  it.each(['3.2.0', currentDebezium] as const)('on %s (DBZ-9118) the loss is announced: the task fails and no-silent-loss holds', (version) => {
    const r = lostSlotOn(version);
    expect(r.status).not.toBe('incomplete');
    expect(r.violations.map((v) => v.property)).not.toContain('no-silent-loss');
    // Not vacuous: the lost slot does fail the task (a claim that it never fails is violated).
    const neverFails = always<World>('task-never-fails', (w) => w.connectors[0]!.at !== 'failed');
    const f = check(buildWorld(options(version), { name: `slot-lost-${version}`, version: '1', properties: [neverFails] }), {});
    expect(f.violations.map((v) => v.property)).toEqual(['task-never-fails']);
  });
});

/**
 * `slot-lost-when-needed-crash`: what the loss is made of (the real pipeline does the same:
 * conformance/pipeline/droppedSlotCrash.test.ts), and that nothing else in that world loses.
 */
describe('when_needed, a lost slot and a crash during the new snapshot', () => {
  it('the shortest loss: the slot dropped, a new snapshot begun, a crash in it, and the restart streams without snapshotting again', () => {
    const r = exhaustive('slot-lost-when-needed-crash');
    const trace = labels(r, 'no-lost-events');
    const dropped = indexOf(trace, /^DbDropSlot/);
    const snapshot = indexOf(trace, /^ConnectorStartSnapshot/, dropped);
    const crash = indexOf(trace, /^CrashConnector/, snapshot);
    const streams = indexOf(trace, /^ConnectorStartStreaming/, crash);
    expect([dropped >= 0, snapshot > dropped, crash > snapshot, streams > crash]).toEqual([true, true, true, true]);
    expect(trace.slice(crash).some((l) => l.startsWith('ConnectorStartSnapshot'))).toBe(false);
    // The restart's stored offsets are a completed snapshot's: no lsn_proc.
    const last = states(r, 'no-lost-events').at(-1)!;
    expect(last.connectors[0]!.stored).toMatchObject({ snapshot: false, lsn: -1 });
  });

  it('every loss in that world restarts from the offsets of a completed snapshot (with an lsn_proc the restart snapshots again)', () => {
    const def = scenarioDefs.find((d) => d.id === 'slot-lost-when-needed-crash')!;
    const fromSnapshotOffsets = atQuiescence<World>('loses-only-from-snapshot-offsets', (w) => noLostEvents.holds(w) || w.connectors[0]!.stored?.lsn === -1);
    const r = check(buildWorld(def.options, { name: 'slot-lost-when-needed-crash', version: '1', properties: [fromSnapshotOffsets, noLostEvents] }), {});
    expect(r.status).toBe('violated');
    expect(r.violations.map((v) => v.property)).toEqual(['no-lost-events']);
  });
});
