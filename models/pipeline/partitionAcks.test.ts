import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { createKafka, partitionFor } from '../world/kafka.ts';
import { defaultConnector } from './ConnectorConfig.ts';
import { connectorContext } from './ConnectorContext.ts';
import { initialConnector, type ConnectorState, type Offset, type Pending } from './ConnectorState.ts';
import { currentDebezium } from './DebeziumVersion.ts';
import { offsetCommit } from './offsetCommit.ts';
import { ackableInFlight, partitionOf } from './partitionAcks.ts';
import type { World } from '../world/World.ts';
import { buildWorld } from '../world/buildWorld.ts';
import { createSlot } from '../world/database.ts';
import { defaultWorldOptions } from '../world/WorldOptions.ts';
import { outboxCdc } from '../strategies/outboxCdc.ts';
import { debezium } from '../catalogue/ScenarioDef.ts';

/** The initial outbox world with a slot at LSN 0 and connector state `c`. */
function worldWith(c: ConnectorState): World {
  const initial = buildWorld({ ...defaultWorldOptions, service: outboxCdc, pipeline: debezium({}) }, { name: 'acks', version: '1', properties: [] }).initial()[0]!;
  const db = { ...initial.db };
  createSlot(db, 'debezium');
  return { ...initial, db, connectors: [c] };
}

const topic = 'outbox.event.Account';
/** A streamed record of `key`'s request `n`, at commit `commitLsn` (the transaction before it committed at `commitLsn - 3`). */
function pending(key: string, n: number, seq: number, commitLsn: number, on = topic): Pending {
  const offset: Offset = { commitLsn, lsn: commitLsn - 1, lastCommitLsn: commitLsn - 3, snapshot: false };
  return { topic: on, record: { key, id: `${key}#${n}`, change: `${key}#${n}`, op: 'c', value: null }, seq, offset, tries: 0 };
}

describe('ackableInFlight: callbacks are ordered per partition only', () => {
  // acct-1 and acct-4 hash to partition 0 of 2, acct-2 to partition 1.
  it('the keys used below land where the tests say', () => {
    expect([partitionFor('acct-1', 2), partitionFor('acct-4', 2), partitionFor('acct-2', 2)]).toEqual([0, 0, 1]);
  });

  it('with one topic of one partition, only the first record sent may be acknowledged', () => {
    const kafka = createKafka([topic], 1);
    expect(ackableInFlight(kafka, [pending('acct-1', 1, 0, 5), pending('acct-2', 1, 1, 8)])).toEqual([0]);
    expect(ackableInFlight(kafka, [])).toEqual([]);
  });

  it('with two partitions, each partition\'s first record in flight, in send order; a record behind another of its partition waits', () => {
    const kafka = createKafka([topic], 2);
    const inflight = [pending('acct-1', 1, 0, 5), pending('acct-4', 1, 1, 8), pending('acct-2', 1, 2, 11), pending('acct-2', 2, 3, 14)];
    expect(inflight.map((p) => partitionOf(kafka, p))).toEqual([0, 0, 1, 1]);
    expect(ackableInFlight(kafka, inflight)).toEqual([0, 2]);
    expect(ackableInFlight(kafka, inflight.slice(1))).toEqual([0, 1]);
  });

  it('records of two topics are on different partitions, even with one partition each', () => {
    const kafka = createKafka([topic, 'outbox.event.Order'], 1);
    expect(ackableInFlight(kafka, [pending('acct-1', 1, 0, 5), pending('acct-1', 2, 1, 8), pending('acct-1', 3, 2, 11, 'outbox.event.Order')])).toEqual([0, 2]);
  });
});

describe('the offsets of records acknowledged out of order, across partitions', () => {
  // acct-1#1 (partition 0) was sent first, acct-2#1 (partition 1) second; acct-2#1 is acknowledged first.
  const earlier = pending('acct-1', 1, 0, 5);
  const later = pending('acct-2', 1, 1, 8);
  const state = (): ConnectorState => ({ ...initialConnector(), at: 'streaming', seq: 2, inflight: [earlier] });

  it('today (3.x): the committable offset stays before the unacknowledged earlier record, then jumps to the later one once it is acknowledged (SubmittedRecords)', () => {
    const oc = offsetCommit(connectorContext({ ...defaultConnector, version: currentDebezium }, 0));
    const c = state();
    oc.reportedBack(c, later);
    expect(c.acked).toBeNull();
    expect(c.ackedAhead).toEqual([later]);
    expect(c.lastOffsets).toBeNull();
    expect(oc.canCommit(c)).toBe(false);
    c.inflight = [];
    oc.reportedBack(c, earlier);
    expect(c.acked).toEqual(later.offset);
    expect(c.ackedAhead).toEqual([]);
  });

  it('Debezium 2.6.1: lastOffsets follows callback order, so the commit would confirm the slot past the earlier record', () => {
    const oc = offsetCommit(connectorContext({ ...defaultConnector, version: '2.6.1' }, 0));
    const c = state();
    oc.reportedBack(c, later);
    expect(c.lastOffsets).toEqual(later.offset);
    expect(c.acked).toBeNull();
    expect(oc.canCommit(c)).toBe(true);
    expect(oc.passedUnacknowledged(c)).toEqual(['acct-1#1']);
    // The commit confirms lastOffsets' lsn_commit + 1 = 6, past acct-1#1's transaction (commit 5).
    const w = worldWith(c);
    oc.commitOffsets(w);
    expect(w.connectors[0]!.stored).toBeNull();
    expect(w.db.slots[0]!.confirmedLsn).toBe(6);
  });
});

describe('SubmittedRecords under any acknowledgement order (today\'s rule)', () => {
  // n records submitted in order, then acknowledged in any order (any per-partition order is
  // one of these): after each acknowledgement the committable offset is that of the longest
  // prefix, in submission order, whose every record is acknowledged, and never past a record
  // not yet acknowledged.
  const order = fc.integer({ min: 1, max: 6 }).chain((n) => fc.shuffledSubarray([...Array(n).keys()], { minLength: n, maxLength: n }));
  test.prop([order])('the committable offset is the acknowledged prefix\'s last', (acks) => {
    const oc = offsetCommit(connectorContext({ ...defaultConnector, version: currentDebezium }, 0));
    const records = acks.map((_, i) => pending(i % 2 === 0 ? 'acct-1' : 'acct-2', i + 1, i, 5 + 3 * i));
    const c: ConnectorState = { ...initialConnector(), at: 'streaming', seq: records.length, inflight: records };
    const done = new Set<number>();
    for (const i of acks) {
      c.inflight = c.inflight.filter((p) => p.seq !== i);
      oc.reportedBack(c, records[i]!);
      done.add(i);
      let prefix = -1;
      while (done.has(prefix + 1)) prefix++;
      expect(c.acked).toEqual(prefix < 0 ? null : records[prefix]!.offset);
      expect(c.ackedAhead.map((p) => p.seq)).toEqual([...done].filter((k) => k > prefix).sort((a, b) => a - b));
    }
  });
});
