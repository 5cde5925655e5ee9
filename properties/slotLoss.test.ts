import { describe, expect, it } from 'vitest';
import { check } from '../src/engine/check.ts';
import { always } from '../src/engine/Property.ts';
import type { World } from '../models/world/World.ts';
import { debezium } from '../models/catalogue/ScenarioDef.ts';
import { currentDebezium, type DebeziumVersion } from '../models/pipeline/DebeziumVersion.ts';
import { outboxCdc } from '../models/strategies/outboxCdc.ts';
import { buildWorld } from '../models/world/buildWorld.ts';
import { defaultWorldOptions, type WorldOptions } from '../models/world/WorldOptions.ts';
import { exhaustive, indexOf, labels } from './internal/checkScenario.ts';
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
