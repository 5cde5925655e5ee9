import { describe, expect, it } from 'vitest';
import { check } from '../src/engine/check.ts';
import { allRecords, topicOf } from '../models/world/kafka.ts';
import { buildWorld } from '../models/world/buildWorld.ts';
import { worldOptionsOf } from '../models/scenarios.ts';
import { scenarioDefs } from '../models/scenarioDefs.ts';
import { exactlyOnceEffect } from './exactlyOnceEffect.ts';
import { exhaustive, indexOf, labels, states } from './internal/checkScenario.ts';

/** Each counterexample must show the mechanism SCENARIOS.md names, not just any failure. */
describe('the counterexamples show their mechanism', () => {
  it('T1 dual-write: commit, crash before the publish, and at quiescence the event is missing from Kafka', () => {
    const r = exhaustive('dual-write');
    for (const p of ['no-lost-events', 'at-least-once']) {
      const l = labels(r, p);
      const commit = indexOf(l, /^ServiceCommit\(svc1, (acct-\d#\d)\)/);
      const req = /, (acct-\d#\d)\)/.exec(l[commit]!)![1]!;
      const crash = indexOf(l, new RegExp(`^CrashService\\(svc1, ${req}\\)`), commit);
      expect(crash).toBeGreaterThan(commit);
      expect(l.slice(commit, crash).some((x) => x.startsWith('ServicePublish'))).toBe(false);
      const last = states(r, p).at(-1)!;
      expect(last.db.tables[0]!.rows).toContainEqual([req.split('#')[0], 100]);
      expect(allRecords(last.kafka).some((x) => x.change === req)).toBe(false);
    }
  });

  it('slot-lost: the slot is lost, commits land before a new slot exists, and initial mode never reads them', () => {
    const r = exhaustive('slot-lost');
    const l = labels(r, 'no-lost-events');
    const lost = indexOf(l, /^DbDropSlot\(connector\)/);
    const commit = indexOf(l, /^ServiceCommit\(svc1, (acct-\d#\d)\)/, lost);
    const restart = indexOf(l, /^ConnectorStartStreaming\(connector\)/, commit);
    expect(lost).toBeGreaterThanOrEqual(0);
    expect(commit).toBeGreaterThan(lost);
    expect(restart).toBeGreaterThan(commit);
    expect(l.slice(lost).some((x) => x.startsWith('ConnectorStartSnapshot'))).toBe(false);
    const last = states(r, 'no-lost-events').at(-1)!;
    const req = /, (acct-\d#\d)\)/.exec(l[commit]!)![1]!;
    expect(last.db.slots[0]!.consistentLsn).toBeGreaterThan(last.ghost.committed.find((c) => c.id === req)!.lsn);
    expect(allRecords(last.kafka).some((x) => x.change === req)).toBe(false);
  });

  it('T2 publish-then-commit: the event is published, then the transaction never commits', () => {
    const r = exhaustive('publish-then-commit');
    const l = labels(r, 'no-phantom-events');
    const publish = indexOf(l, /^ServicePublish\(svc1, acct-1#1\)/);
    expect(publish).toBeGreaterThanOrEqual(0);
    expect(indexOf(l, /^(CrashService|FailCommit)\(svc1, acct-1#1\)/, publish)).toBeGreaterThan(publish);
    expect(l.some((x) => x.startsWith('ServiceCommit'))).toBe(false);
    const last = states(r, 'no-phantom-events').at(-1)!;
    expect(last.ghost.committed).toEqual([]);
    expect(allRecords(last.kafka).map((x) => x.change)).toEqual(['acct-1#1']);
  });

  it('T3 dual-write-retry: the ack is lost, the retry appends again and the consumer applies it twice', () => {
    const r = exhaustive('dual-write-retry');
    const l = labels(r, 'exactly-once-effect');
    const lost = indexOf(l, /^ServicePublishLoseAck\(svc1, acct-1#1\)/);
    expect(indexOf(l, /^ServiceRetryPublish\(svc1, acct-1#1\)/, lost)).toBeGreaterThan(lost);
    const last = states(r, 'exactly-once-effect').at(-1)!;
    expect(allRecords(last.kafka).filter((x) => x.change === 'acct-1#1')).toHaveLength(2);
    expect(last.groups[0]!.applied).toEqual(['acct-1#1', 'acct-1#1']);
    // ...and the retry cannot save T1.
    const t1 = labels(r, 'no-lost-events');
    expect(indexOf(t1, /^CrashService/)).toBeGreaterThan(indexOf(t1, /^ServiceCommit/));
  });

  it('T4 dual-write-concurrent: the database commits A then B, Kafka receives B then A', () => {
    const r = exhaustive('dual-write-concurrent');
    const last = states(r, 'per-aggregate-order').at(-1)!;
    const commitOrder = last.ghost.committed.map((c) => c.id);
    expect(commitOrder).toHaveLength(2);
    const kafkaOrder = topicOf(last.kafka, 'account-events').partitions[0]!.map((x) => x.change);
    expect(kafkaOrder).toEqual([...commitOrder].reverse());
    expect(new Set(labels(r, 'per-aggregate-order').map((x) => /\((svc\d)/.exec(x)?.[1]).filter(Boolean))).toEqual(new Set(['svc1', 'svc2']));
  });

  it('outbox-cdc-no-dedup: a connector restart replays from the last flushed offset and the consumer applies twice', () => {
    const def = scenarioDefs.find((d) => d.id === 'outbox-cdc-no-dedup')!;
    const options = worldOptionsOf(def);
    // Without lost acks, the only way to a duplicate is the replay after a restart.
    const model = buildWorld({ ...options, budget: { ...options.budget, network: 0 } }, { name: 'no-dedup-replay', version: '1', properties: [exactlyOnceEffect] });
    const v = check(model, {}).violations.find((x) => x.property === 'exactly-once-effect')!;
    const l = v.trace.flatMap((s) => (s.action ? [s.action.label] : []));
    const crash = indexOf(l, /^CrashConnector/);
    expect(crash).toBeGreaterThan(indexOf(l, /^BrokerAppend/));
    expect(indexOf(l, /^BrokerAppend/, crash)).toBeGreaterThan(crash);
    const last = v.trace.at(-1)!.state;
    const ids = allRecords(last.kafka).map((x) => x.id);
    expect(new Set(ids).size).toBeLessThan(ids.length);
  });

  it('table-cdc: after the column rename, the consumer receives an event with the new column', () => {
    const r = exhaustive('table-cdc');
    const l = labels(r, 'consumer-contract');
    expect(indexOf(l, /^ConsumerApply/)).toBeGreaterThan(indexOf(l, /^DbRenameColumn\(operator, account\.balance→amount\)/));
    const last = states(r, 'consumer-contract').at(-1)!;
    expect(allRecords(last.kafka).some((x) => x.value !== null && 'amount' in x.value)).toBe(true);
  });

  it('snapshot-handover-legacy: a commit falls between the snapshot view and the start LSN and is in neither', () => {
    const r = exhaustive('snapshot-handover-legacy');
    const l = labels(r, 'snapshot-stream-consistency');
    const view = indexOf(l, /^ConnectorStartSnapshot/);
    const lsn = indexOf(l, /^ConnectorReadStartLsn/);
    expect(indexOf(l, /^ServiceCommit/, view)).toBeLessThan(lsn);
    const trace = states(r, 'snapshot-stream-consistency');
    const viewLsn = trace[view + 1]!.connectors[0]!.view!;
    const startLsn = trace[lsn + 1]!.connectors[0]!.start!;
    const last = trace.at(-1)!;
    const gap = last.ghost.committed.filter((c) => c.lsn >= viewLsn && c.lsn < startLsn);
    expect(gap.length).toBeGreaterThan(0);
    for (const c of gap) expect(allRecords(last.kafka).some((x) => x.change === c.id)).toBe(false);
  });

  it('snapshot-crash: the connector crashes mid-snapshot, redoes it, and an r event is delivered twice', () => {
    const r = exhaustive('snapshot-crash');
    const l = labels(r, 'exactly-once-effect');
    const crash = indexOf(l, /^CrashConnector/);
    expect(indexOf(l, /^ConnectorReadRow/)).toBeLessThan(crash);
    expect(indexOf(l, /^ConnectorStartSnapshot/, crash)).toBeGreaterThan(crash);
    expect(l.some((x) => x.startsWith('ConnectorCompleteSnapshot'))).toBe(false);
    const last = states(r, 'exactly-once-effect').at(-1)!;
    const reads = allRecords(last.kafka).filter((x) => x.op === 'r').map((x) => x.id);
    expect(new Set(reads).size).toBeLessThan(reads.length);
  });

  it('snapshot-mode-no-data: the outbox commit precedes the slot, and no_data never reads it', () => {
    const r = exhaustive('snapshot-mode-no-data');
    const l = labels(r, 'no-lost-events');
    expect(indexOf(l, /^ServiceCommit/)).toBeLessThan(indexOf(l, /^ConnectorStartStreaming/));
    const last = states(r, 'no-lost-events').at(-1)!;
    expect(last.db.slots[0]!.consistentLsn).toBeGreaterThan(last.ghost.committed[0]!.lsn);
    expect(allRecords(last.kafka)).toEqual([]);
  });

  it('table-cdc-snapshot-compaction: two updates before the snapshot become one r event', () => {
    const r = exhaustive('table-cdc-snapshot-compaction');
    const last = states(r, 'no-lost-events').at(-1)!;
    expect(last.ghost.committed.map((c) => c.id)).toEqual(['acct-1#1', 'acct-1#2']);
    expect(allRecords(last.kafka).map((x) => [x.op, x.change])).toEqual([['r', 'acct-1#2']]);
  });

  it('polling-publisher: the relay crashes after publishing and before marking sent, then publishes again', () => {
    const r = exhaustive('polling-publisher');
    const l = labels(r, 'exactly-once-effect');
    const publish = indexOf(l, /^RelayPublish\(relay, (acct-1#\d)\)/);
    const crash = indexOf(l, /^CrashRelay/, publish);
    expect(crash).toBeGreaterThan(publish);
    expect(l.slice(publish, crash).some((x) => x.startsWith('RelayMarkSent'))).toBe(false);
    expect(indexOf(l, /^RelayPublish/, crash)).toBeGreaterThan(crash);
  });

  it('outbox-cdc-inflight-reorder: a failed send is retried after a later batch was appended', () => {
    const r = exhaustive('outbox-cdc-inflight-reorder');
    const l = labels(r, 'per-aggregate-order');
    const failed = indexOf(l, /^FailSend\(connector, (acct-1#1)\)/);
    expect(failed).toBeGreaterThan(0);
    expect(indexOf(l, /^BrokerAppendAck\(connector, acct-1#2\)/, failed)).toBeLessThan(indexOf(l, /^BrokerAppendAck\(connector, acct-1#1\)/, failed));
    const last = states(r, 'per-aggregate-order').at(-1)!;
    expect(allRecords(last.kafka).map((x) => x.change)).toEqual(['acct-1#2', 'acct-1#1']);
  });

  it('consumer-commit-before: the offset is committed, then the consumer crashes before applying', () => {
    const r = exhaustive('consumer-commit-before');
    const l = labels(r, 'at-least-once');
    const poll = l.findLastIndex((x) => x.startsWith('ConsumerPollCommit'));
    expect(indexOf(l, /^CrashConsumer/, poll)).toBe(poll + 1);
  });
});
