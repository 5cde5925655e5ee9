import { describe, expect, it } from 'vitest';
import { check } from '../src/engine/check.ts';
import { always } from '../src/engine/Property.ts';
import { defaultConnector } from '../models/pipeline/ConnectorConfig.ts';
import { storedPosition } from '../models/pipeline/slotRestartLsn.ts';
import { scenarioDefs } from '../models/scenarioDefs.ts';
import { outboxCdc } from '../models/strategies/outboxCdc.ts';
import { buildWorld } from '../models/world/buildWorld.ts';
import { slotOf } from '../models/world/database.ts';
import type { World } from '../models/world/World.ts';
import { defaultWorldOptions, type WorldOptions } from '../models/world/WorldOptions.ts';

/**
 * DBZ-7461's check on start compares the slot's `restart_lsn` with the stored `lsn_proc`
 * (`PostgresConnection.validateLogPosition`), not only whether the slot exists. The model knows the
 * restart LSN up to a bound (`restartLsnBound`); where the stored position is below it, the check
 * may fail or pass, and both starts are explored.
 */

const slotNameOf = (o: WorldOptions, k: number) => (o.pipeline.kind === 'debezium' ? [o.pipeline.connector, ...(o.pipeline.extraConnectors ?? [])][k]!.slotName : '');
/** Connector `k` is starting with stored offsets its slot may no longer hold: DBZ-7461's check may fail. */
const checkMayFail = (o: WorldOptions) => (w: World) =>
  w.connectors.some((c, k) => c.at === 'starting' && c.stored !== null && storedPosition(w.db, slotOf(w.db, slotNameOf(o, k)), c.stored) === 'maybe');
/** The options of catalogue row `id` at `scope`. */
const optionsOf = (id: string, scope: 'small' | 'medium' = 'small'): WorldOptions => {
  const d = scenarioDefs.find((x) => x.id === id)!;
  return { ...d.options, ...(scope === 'medium' ? d.scopes.medium : {}) };
};
/** The shortest trace's last state where `checkMayFail` holds, or undefined when no state has it. */
function firstMaybe(o: WorldOptions) {
  const model = buildWorld(o, { name: 'restart-lsn', version: '1', properties: [always('check-cannot-fail-on-a-present-slot', (w) => !checkMayFail(o)(w))] });
  const r = check(model, {});
  expect(r.status).not.toBe('incomplete');
  return { model, state: r.violations[0]?.trace.at(-1)!.state };
}
const startsOf = (model: ReturnType<typeof firstMaybe>['model'], w: World) => model.actions(w).filter((a) => ['SNAPSHOT', 'STREAM', 'SLOT_CHECK_FAILED'].includes(a.event)).map((a) => a.label.replace(/\(.*/, ''));

describe('the restart LSN under DBZ-7816\'s rule (2.6.2 and later), one connector per slot', () => {
  it.each([
    ['dbz-7816-no-data-delete-fixed', 'medium'],
    ['dbz-7816-inflight-fixed', 'medium'],
    ['dbz-7816-partition-acks-fixed', 'small'],
    ['slot-lost-fails-loudly', 'small'],
    ['slot-lost-when-needed', 'small'],
    ['outbox-cdc-no-dedup', 'small'],
  ] as const)('%s (%s scope): no start finds a present slot that may have passed the stored position', (id, scope) => {
    expect(firstMaybe(optionsOf(id, scope)).state).toBeUndefined();
  });
});

describe('before DBZ-7816 (2.6.1) the slot may be confirmed past the stored position, so its restart LSN may be too', () => {
  // dbz-7816-no-data-delete's world: the dropped delete's lastOffsets confirms the slot past the
  // stored offsets of the acknowledged insert before it.
  it('no_data: only a warning (2.6.0 to 3.1.3), so the task streams on either way', () => {
    const o = optionsOf('dbz-7816-no-data-delete');
    const { model, state } = firstMaybe(o);
    expect(state).toBeDefined();
    expect(startsOf(model, state!)).toEqual(['ConnectorStartStreaming']);
  });

  it('when_needed: the check decides, so the restart may snapshot again (restart LSN past lsn_proc) or stream on (not yet past)', () => {
    const o: WorldOptions = { ...optionsOf('dbz-7816-no-data-delete'), pipeline: { kind: 'debezium', connector: { ...defaultConnector, snapshotMode: 'when_needed', version: '2.6.1' } } };
    const { model, state } = firstMaybe(o);
    expect(state).toBeDefined();
    expect(slotOf(state!.db, 'debezium')).not.toBeNull();
    expect(startsOf(model, state!)).toEqual(['ConnectorStartSnapshot', 'ConnectorStartStreaming']);
  });
});

describe('a slot shared by two connectors on today\'s Debezium (3.2 and later, DBZ-9118)', () => {
  it('one connector confirms the slot past the other\'s stored position: the other\'s restart may fail loudly or stream on past it', () => {
    const shared = { ...defaultConnector, snapshotMode: 'no_data' as const };
    const o: WorldOptions = { ...defaultWorldOptions, service: outboxCdc, requests: 2, schedule: ['slot-before-first-write'], pipeline: { kind: 'debezium', connector: shared, extraConnectors: [{ ...shared, topicPrefix: 'audit.event.' }] }, consumer: { commit: 'after', dedup: 'eventId' }, budget: { connectorCrash: 1 } };
    const { model, state } = firstMaybe(o);
    expect(state).toBeDefined();
    const labels = model.actions(state!).filter((a) => a.event === 'SLOT_CHECK_FAILED' || a.event === 'STREAM').map((a) => a.label);
    expect(labels).toHaveLength(2);
    expect(labels.find((l) => l.startsWith('ConnectorFailTask'))).toMatch(/restart LSN may be past lsn_proc \d+\); use snapshot.mode=when_needed/);
    expect(labels.some((l) => l.startsWith('ConnectorStartStreaming'))).toBe(true);
  });
});
