import { describe, expect, it } from 'vitest';
import { check } from '../src/engine/check.ts';
import type { Model } from '../src/engine/Model.ts';
import { always } from '../src/engine/Property.ts';
import { debezium } from '../models/catalogue/ScenarioDef.ts';
import { outboxScenarios } from '../models/catalogue/outboxScenarios.ts';
import type { ConnectorConfig } from '../models/pipeline/ConnectorConfig.ts';
import type { Action } from '../models/world/Action.ts';
import { buildWorld } from '../models/world/buildWorld.ts';
import { allRecords } from '../models/world/kafka.ts';
import type { World } from '../models/world/World.ts';
import type { WorldOptions } from '../models/world/WorldOptions.ts';
import { exactlyOnceEffect } from './exactlyOnceEffect.ts';
import { indexOf } from './internal/checkScenario.ts';
import { walk } from './internal/walkActions.ts';

const row = outboxScenarios.find((d) => d.id === 'outbox-cdc-exactly-once-source')!;
/** The row's options with the connector changed by `change`. */
function withConnector(change: Partial<ConnectorConfig>, o: Partial<WorldOptions> = {}): WorldOptions {
  const p = row.options.pipeline as { kind: 'debezium'; connector: ConnectorConfig };
  return { ...row.options, pipeline: debezium({ ...p.connector, ...change }), ...o };
}

/** Kafka holds one record twice (the same event id and op): a replay reached the consumer's topic. */
const noDuplicateInKafka = always<World>('no-duplicate-in-kafka', (w) => {
  const seen = allRecords(w.kafka).map((r) => `${r.op} ${r.id}`);
  return new Set(seen).size === seen.length;
});

const labelsOf = (r: ReturnType<typeof check<World, Action>>, property: string) => r.violations.find((v) => v.property === property)!.trace.flatMap((s) => (s.action ? [s.action.label] : []));

/**
 * KIP-618, `exactly.once.source.support`: records and source offsets commit in one Kafka
 * transaction (`ExactlyOnceWorkerSourceTask.commitTransaction`), a crash aborts the open one.
 */
describe('Kafka Connect exactly-once source (KIP-618)', () => {
  it('with the knob, no record reaches Kafka twice and a consumer without dedup applies each event once; without it, a connector restart replays a record and the consumer applies it twice', () => {
    const on = check(buildWorld(row.options, { name: 'eos-on', version: '1', properties: [noDuplicateInKafka, exactlyOnceEffect] }), {});
    expect(on.status).not.toBe('incomplete');
    expect(on.violations).toEqual([]);
    const offOptions = withConnector({ exactlyOnceSource: undefined });
    const off = check(buildWorld(offOptions, { name: 'eos-off', version: '1', properties: [noDuplicateInKafka, exactlyOnceEffect] }), {});
    expect(off.violations.map((v) => v.property).sort()).toEqual(['exactly-once-effect', 'no-duplicate-in-kafka']);
    // The duplicate comes from a connector restart re-sending what it sent before the crash.
    const l = labelsOf(off, 'no-duplicate-in-kafka');
    const crash = indexOf(l, /^CrashConnector/);
    expect(crash).toBeGreaterThan(indexOf(l, /^BrokerAppend/));
    expect(indexOf(l, /^BrokerAppend/, crash)).toBeGreaterThan(crash);
  });

  it('a record sent in an open transaction is invisible until the offset commit, which makes it visible and stores its offset in the same step', () => {
    const m = buildWorld(row.options, { name: 'eos', version: '1', properties: [] });
    const s = walk(m, [/^ConnectorStartStreaming/, /^ServiceWriteWithOutbox/, /^ServiceCommit/, /^ConnectorReadWal/, /^BrokerAppend/]);
    const open = s.at(-1)!;
    expect(open.connectors[0]!.txn?.map((p) => p.record.id)).toEqual(['acct-1#1']);
    expect(allRecords(open.kafka)).toEqual([]);
    expect(m.actions(open).some((a) => a.label.startsWith('ConsumerApply'))).toBe(false);
    const commit = m.actions(open).find((a) => a.label.startsWith('ConnectCommitOffsets'))!;
    expect(commit.label).toMatch(/commits the transaction of acct-1#1 with the offsets/);
    const after = m.next(open, commit);
    expect(allRecords(after.kafka).map((r) => r.id)).toEqual(['acct-1#1']);
    expect(after.connectors[0]!.stored).toEqual(open.connectors[0]!.acked);
    expect(after.connectors[0]!.txn).toBeUndefined();
  });

  it('a crash aborts the open transaction: its record never becomes visible, and the restart sends it once, from the committed offsets', () => {
    const m = buildWorld(row.options, { name: 'eos', version: '1', properties: [] });
    const s = walk(m, [/^ConnectorStartStreaming/, /^ServiceWriteWithOutbox/, /^ServiceCommit/, /^ConnectorReadWal/, /^BrokerAppend/, /^CrashConnector/]);
    const crashed = s.at(-1)!;
    expect(crashed.connectors[0]!.txn).toBeUndefined();
    expect(allRecords(crashed.kafka)).toEqual([]);
    const t = walk({ ...m, initial: () => [crashed] }, [/^ConnectorStartStreaming/, /^ConnectorReadWal/, /^BrokerAppend/, /^ConnectCommitOffsets/]);
    expect(allRecords(t.at(-1)!.kafka).map((r) => `${r.op} ${r.id}`)).toEqual(['c acct-1#1']);
  });

  it('a send that fails for good fails the task even under errors.tolerance=all, and the failed task commits nothing', () => {
    const m = buildWorld(withConnector({ errorsTolerance: 'all', producer: { idempotent: true, maxInFlight: 1, retries: 0 } }, { budget: { network: 1 } }), { name: 'eos-fail', version: '1', properties: [] });
    const s = walk(m, [/^ConnectorStartStreaming/, /^ServiceWriteWithOutbox/, /^ServiceCommit/, /^ConnectorReadWal/]);
    const labels = m.actions(s.at(-1)!).map((a) => a.label);
    expect(labels.some((l) => /^(LoseAckSkipRecord|FailSendSkipRecord)/.test(l))).toBe(false);
    const fail = m.actions(s.at(-1)!).find((a) => a.label.startsWith('LoseAckTaskFails'))!;
    const after = m.next(s.at(-1)!, fail);
    // The lost ack's write was in the transaction, which is aborted: nothing visible, nothing stored.
    expect(allRecords(after.kafka)).toEqual([]);
    expect(after.connectors[0]!.stored).toBeNull();
  });

  it('it does not remove the duplicate of a snapshot redone after a crash (snapshot.mode=initial, the slot already there)', () => {
    const r = check(buildWorld(withConnector({ snapshotMode: 'initial' }, { schedule: [] }), { name: 'eos-initial', version: '1', properties: [exactlyOnceEffect] }), {});
    const l = labelsOf(r, 'exactly-once-effect');
    const crash = indexOf(l, /^CrashConnector/);
    const read = indexOf(l, /^ConnectorReadRow\(connector, (acct-\d#\d)\)/, crash);
    expect(read).toBeGreaterThan(crash);
    const id = /(acct-\d#\d)/.exec(l[read]!)![1]!;
    expect(l.some((x) => x.startsWith(`ConnectorReadWal(connector, c ${id}`))).toBe(true);
  });
});
