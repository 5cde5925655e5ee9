import { describe, expect, it } from 'vitest';
import { check } from '../src/engine/check.ts';
import { getScenario } from '../models/scenarios.ts';
import { buildWorld } from '../models/world/buildWorld.ts';
import { allRecords, partitionFor } from '../models/world/kafka.ts';
import type { WorldOptions } from '../models/world/WorldOptions.ts';
import { exhaustive, indexOf, labels, states } from './internal/checkScenario.ts';
import { walk } from './internal/walkActions.ts';
import { noSilentLoss } from './noSilentLoss.ts';
import { debezium, invariants, scenarioDefs } from '../models/scenarioDefs.ts';

/**
 * Acknowledgements are per partition (issue 16): a producer's callbacks are ordered per
 * partition only, so a later record on another partition may be acknowledged first. Before
 * DBZ-7816 that alone, with no failed send, confirms the slot past the earlier record; today
 * Kafka Connect's SubmittedRecords keeps the committed offsets behind it.
 */

// acct-1 hashes to partition 0 of 2, acct-2 to partition 1: their events are on two partitions.
const twoPartitions = () => expect([partitionFor('acct-1', 2), partitionFor('acct-2', 2)]).toEqual([0, 1]);

/** Both requests written and read, both records in flight, acct-1#1 sent first. */
const bothInFlight = [/^ConnectorStartStreaming/, /^ServiceWriteWithOutbox\(svc1, acct-1#1/, /^ServiceCommit\(svc1/, /^ConnectorReadWal\(connector, c acct-1#1/, /^ProducerSend\(connector, acct-1#1/, /^ServiceWriteWithOutbox\(svc2, acct-2#1/, /^ServiceCommit\(svc2/, /^ConnectorReadWal\(connector, c acct-2#1/, /^ProducerSend\(connector, acct-2#1/];

describe('dbz-7816-partition-acks: Debezium 2.6.1, two partitions, no failed send', () => {
  it.each(['no-lost-events', 'no-silent-loss'])('%s: acct-2#1 is acknowledged before acct-1#1, the commit confirms the slot past acct-1#1, and a crash loses it', (property) => {
    twoPartitions();
    const r = exhaustive('dbz-7816-partition-acks');
    const l = labels(r, property);
    const s = states(r, property);
    // No network fault at all: the loss comes from the order of the callbacks alone.
    expect(l.some((x) => /^(FailSend|LoseAck)/.test(x))).toBe(false);
    const sentFirst = indexOf(l, /^ProducerSend\(connector, acct-1#1\)/);
    const sentSecond = indexOf(l, /^ProducerSend\(connector, acct-2#1\)/);
    const ack = indexOf(l, /^BrokerAppendAck\(connector, acct-2#1\)/);
    expect(sentFirst).toBeGreaterThanOrEqual(0);
    expect(sentSecond).toBeGreaterThan(sentFirst);
    expect(ack).toBeGreaterThan(sentSecond);
    const commit = indexOf(l, /^ConnectCommitOffsets\(connector, .*past unacknowledged acct-1#1/, ack);
    expect(commit).toBeGreaterThan(ack);
    // acct-1#1 was never acknowledged before the commit.
    expect(l.slice(0, commit).some((x) => /^BrokerAppendAck\(connector, acct-1#1\)/.test(x))).toBe(false);
    const after = s[commit + 1]!;
    expect(after.db.slots[0]!.confirmedLsn).toBeGreaterThan(after.ghost.committed.find((c) => c.id === 'acct-1#1')!.lsn);
    expect(allRecords(after.kafka).some((x) => x.change === 'acct-1#1')).toBe(false);
    const crash = indexOf(l, /^CrashConnector/, commit);
    expect(crash).toBeGreaterThan(commit);
    expect(l.slice(commit, crash).some((x) => /^BrokerAppendAck\(connector, acct-1#1\)/.test(x))).toBe(false);
    expect(allRecords(s.at(-1)!.kafka).some((x) => x.change === 'acct-1#1')).toBe(false);
  });

  it('Kafka Connect\'s own producer (max.in.flight=1 per connection): each partition has its record in flight, and either may be acknowledged first', () => {
    const o = scenarioDefs.find((d) => d.id === 'dbz-7816-partition-acks')!.options;
    expect(o.pipeline.kind === 'debezium' && o.pipeline.connector.producer).toEqual({ idempotent: false, maxInFlight: 1, retries: 2147483647 });
    const m = buildWorld(o, { name: 'connect-producer', version: '1', properties: [] });
    const last = walk(m, bothInFlight).at(-1)!;
    expect(last.connectors[0]!.inflight.map((p) => p.record.id)).toEqual(['acct-1#1', 'acct-2#1']);
    expect(m.actions(last).filter((a) => a.event === 'ACK').map((a) => a.label)).toEqual(['BrokerAppendAck(connector, acct-1#1)', 'BrokerAppendAck(connector, acct-2#1)']);
    // A second record for partition 0 waits: one request in flight per partition.
    const o2: WorldOptions = { ...o, aggregates: 1, requests: 2 };
    const m2 = buildWorld(o2, { name: 'connect-producer-one-aggregate', version: '1', properties: [] });
    const s2 = walk(m2, [/^ConnectorStartStreaming/, /^ServiceWriteWithOutbox\(svc1, acct-1#1/, /^ServiceCommit/, /^ConnectorReadWal/, /^ProducerSend\(connector, acct-1#1/, /^ServiceWriteWithOutbox\(svc1, acct-1#2/, /^ServiceCommit/, /^ConnectorReadWal/]).at(-1)!;
    expect(s2.connectors[0]!.buffer.map((p) => p.record.id)).toEqual(['acct-1#2']);
    expect(m2.actions(s2).some((a) => a.event === 'SEND')).toBe(false);
  });

  it('with one partition the same 2.6.1 world loses nothing, even with 5 requests in flight: acknowledgements then come in send order', () => {
    const base = scenarioDefs.find((d) => d.id === 'dbz-7816-partition-acks')!.options;
    const options: WorldOptions = { ...base, partitions: 1, pipeline: debezium({ version: '2.6.1', snapshotMode: 'no_data', producer: { idempotent: false, maxInFlight: 5, retries: 2147483647 } }) };
    const losses = invariants.filter((i) => i.id === 'no-lost-events' || i.id === 'at-least-once').map((i) => i.property(options));
    const r = check(buildWorld(options, { name: 'one-partition', version: '1', properties: [...losses, noSilentLoss] }), {});
    expect(r.status).not.toBe('incomplete');
    expect(r.violations.map((v) => v.property)).toEqual([]);
    // Not vacuous: both records are in flight, and only the first sent may be acknowledged.
    const m = buildWorld(options, { name: 'one-partition', version: '1', properties: [] });
    const last = walk(m, bothInFlight).at(-1)!;
    expect(last.connectors[0]!.inflight.map((p) => p.record.id)).toEqual(['acct-1#1', 'acct-2#1']);
    expect(m.actions(last).filter((a) => a.event === 'ACK').map((a) => a.label)).toEqual(['BrokerAppendAck(connector, acct-1#1)']);
  });
});

describe('dbz-7816-partition-acks-fixed: the same on today\'s Debezium (3.x)', () => {
  const m = () => getScenario('dbz-7816-partition-acks-fixed')!.model();

  it('both partitions\' records may be acknowledged first, in send order of the actions', () => {
    twoPartitions();
    const last = walk(m(), bothInFlight).at(-1)!;
    expect(m().actions(last).filter((a) => a.event === 'ACK').map((a) => a.label)).toEqual(['BrokerAppendAck(connector, acct-1#1)', 'BrokerAppendAck(connector, acct-2#1)']);
  });

  it('after acct-2#1\'s acknowledgement the offset commit has nothing to store, and a crash then resends acct-1#1', () => {
    const s = walk(m(), [...bothInFlight, /^BrokerAppendAck\(connector, acct-2#1\)/]);
    const c = s.at(-1)!.connectors[0]!;
    expect(c.acked).toBeNull();
    expect(c.ackedAhead.map((p) => p.record.id)).toEqual(['acct-2#1']);
    expect(m().actions(s.at(-1)!).some((a) => a.event === 'FLUSH')).toBe(false);
    const t = walk({ ...m(), initial: () => [s.at(-1)!] }, [/^CrashConnector/, /^ConnectorStartStreaming/, /^ConnectorReadWal\(connector, c acct-1#1/]);
    expect(t.at(-1)!.connectors[0]!.buffer.map((p) => p.record.id)).toEqual(['acct-1#1']);
  });

  it('once acct-1#1 is acknowledged too, the stored offsets jump to acct-2#1\'s and the slot follows', () => {
    const s = walk(m(), [...bothInFlight, /^BrokerAppendAck\(connector, acct-2#1\)/, /^BrokerAppendAck\(connector, acct-1#1\)/, /^ConnectCommitOffsets/]);
    const before = s.at(-2)!.connectors[0]!;
    const after = s.at(-1)!;
    expect(before.ackedAhead).toEqual([]);
    expect(after.connectors[0]!.stored).toEqual(before.acked);
    expect(after.connectors[0]!.stored!.lsn).toBe(after.ghost.committed.find((c) => c.id === 'acct-2#1')!.lsn - 1);
  });
});
