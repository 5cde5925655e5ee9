import { describe, expect, it } from 'vitest';
import { check } from '../src/engine/check.ts';
import type { Model } from '../src/engine/Model.ts';
import { debezium } from '../models/catalogue/ScenarioDef.ts';
import { invariants } from '../models/scenarioDefs.ts';
import { outboxCdc } from '../models/strategies/outboxCdc.ts';
import type { Action } from '../models/world/Action.ts';
import { buildWorld } from '../models/world/buildWorld.ts';
import { allRecords } from '../models/world/kafka.ts';
import type { World } from '../models/world/World.ts';
import { defaultWorldOptions, type WorldOptions } from '../models/world/WorldOptions.ts';
import { exhaustive, indexOf, labels, states } from './internal/checkScenario.ts';
import { dbz7816InflightLosses } from '../models/catalogue/connectScenarios.ts';
import { scenariosFrom } from '../models/scenarios.ts';
import type { CheckResult } from '../src/engine/CheckResult.ts';
import { noSilentLoss } from './noSilentLoss.ts';
import { confirmedBy } from '../models/pipeline/ConnectorState.ts';
import { walk } from './internal/walkActions.ts';

const [on261, on254] = scenariosFrom(dbz7816InflightLosses);
const inflight = new Map<string, CheckResult<World, Action>>();
/** The exhaustive check of a DBZ-7816 in-flight row, once. */
function checked(s: typeof on261): CheckResult<World, Action> {
  if (!inflight.has(s!.id)) inflight.set(s!.id, check(s!.model(), {}));
  return inflight.get(s!.id)!;
}
/** Its verdict per expected invariant. */
const verdicts = (s: typeof on261) => Object.fromEntries(Object.keys(s!.expected).map((inv) => [inv, checked(s).violations.some((v) => v.property === inv) ? 'violated' : 'holds']));

/** The world of `o` over the outbox defaults, with the registered invariants. */
function world(o: Partial<WorldOptions>): Model<World, Action> {
  const options: WorldOptions = { ...defaultWorldOptions, service: outboxCdc, consumer: { commit: 'after', dedup: 'eventId' }, ...o };
  return buildWorld(options, { name: 'connect', version: '1', properties: invariants.map((i) => i.property(options)) });
}

/** The request id a label names, as in `BrokerAppend(connector, acct-1#1)`. */
const requestOf = (label: string) => /(acct-\d#\d)/.exec(label)![1]!;

describe('Debezium before DBZ-7816 (2.6.1): the slot is confirmed past a record not in Kafka', () => {
  it('dbz-7816-no-data-delete: the router drops a delete, the commit confirms lastOffsets past the unsent insert, a crash resumes after it', () => {
    // The silent loss, with no offsets stored yet: the shortest no-silent-loss trace (2.6.1's
    // DBZ-7461 check of stored offsets only warns; a failed task needs 3.2.0, DBZ-9118).
    const options: WorldOptions = { ...defaultWorldOptions, service: outboxCdc, requests: 2, deleteAfterInsert: true, pipeline: debezium({ snapshotMode: 'no_data', version: '2.6.1' }), consumer: { commit: 'after', dedup: 'eventId' }, schedule: ['slot-before-first-write'], budget: { connectorCrash: 1 } };
    const r = check(buildWorld(options, { name: 'dbz-7816-no-data-delete-silent', version: '1', properties: [noSilentLoss] }), {});
    const l = labels(r, 'no-silent-loss');
    const s = states(r, 'no-silent-loss');
    const commit = indexOf(l, /^ConnectCommitOffsets\(connector, .*past unacknowledged acct-1#\d/);
    expect(commit).toBeGreaterThan(0);
    const lost = /past unacknowledged (acct-1#\d)/.exec(l[commit]!)![1]!;
    // The delete of a later transaction was read (and dropped) before the commit.
    expect(l.slice(0, commit).some((x) => /^ConnectorReadWal\(connector, d acct-1#\d/.test(x))).toBe(true);
    // After the commit (state commit + 1), the slot is past the lost record's transaction, which is not in Kafka.
    const after = s[commit + 1]!;
    const committedAt = after.ghost.committed.find((c) => c.id === lost)!.lsn;
    expect(after.db.slots[0]!.confirmedLsn).toBeGreaterThan(committedAt);
    expect(allRecords(after.kafka).some((x) => x.change === lost)).toBe(false);
    expect(indexOf(l, /^CrashConnector/, commit)).toBeGreaterThan(commit);
    expect(allRecords(s.at(-1)!.kafka).some((x) => x.change === lost)).toBe(false);
  });

  it('dbz-7816-no-data-delete (the catalogue row): its shortest loss shows the commit confirming the slot at lastOffsets, ahead of the stored offsets, then the crash', () => {
    const l = labels(exhaustive('dbz-7816-no-data-delete'), 'no-lost-events');
    const commit = indexOf(l, /^ConnectCommitOffsets\(connector, stores .*; confirms the slot at lastOffsets \d+, ahead of the stored offsets/);
    expect(commit).toBeGreaterThan(0);
    expect(indexOf(l, /^CrashConnector/, commit)).toBeGreaterThan(commit);
  });

  it('dbz-7816-inflight-2.5 (not in the catalogue) reaches exactly its expected verdicts, exhaustively', () => {
    expect(checked(on254).status).not.toBe('incomplete');
    expect(verdicts(on254)).toEqual(on254!.expected);
  });

  it.each(['no-lost-events', 'no-silent-loss'])('dbz-7816-inflight (the catalogue row), %s: a failed send is retried, a later record is acknowledged, the commit confirms it, a crash loses the first, and the restart streams on past it', (property) => {
    const r = exhaustive('dbz-7816-inflight');
    expect(on261!.id).toBe('dbz-7816-inflight');
    const l = labels(r, property);
    const failed = indexOf(l, /^FailSend\(connector, acct-1#\d\)/);
    const lost = requestOf(l[failed]!);
    const ack = indexOf(l, /^BrokerAppendAck\(connector, acct-1#\d\)/, failed);
    expect(requestOf(l[ack]!)).not.toBe(lost);
    const commit = indexOf(l, new RegExp(`^ConnectCommitOffsets\\(connector, .*past unacknowledged ${lost}`), ack);
    expect(commit).toBeGreaterThan(ack);
    expect(indexOf(l, /^CrashConnector/, commit)).toBeGreaterThan(commit);
    // The slot is confirmed past the lost record's commit at that step, and it is not in Kafka.
    const after = states(r, property)[commit + 1]!;
    expect(after.db.slots[0]!.confirmedLsn).toBeGreaterThan(after.ghost.committed.find((c) => c.id === lost)!.lsn);
    expect(allRecords(after.kafka).some((x) => x.change === lost)).toBe(false);
    const last = states(r, property).at(-1)!;
    expect(allRecords(last.kafka).some((x) => x.change === lost)).toBe(false);
    // 2.6.1's lost-position check only warns (the task fails only since 3.2.0, DBZ-9118), and the
    // slot exists anyway: the restart streams on past the lost record.
    expect(l.some((x) => /^ConnectorFailTask/.test(x))).toBe(false);
    expect(last.connectors[0]!.at).not.toBe('failed');
  });

  it('dbz-7816-inflight under snapshot.mode=initial loses nothing: no offset says the empty snapshot completed, so the restart snapshots again and reads the retried record\'s row', () => {
    const options = { ...dbz7816InflightLosses[0]!.options, pipeline: debezium({ producer: { idempotent: false, maxInFlight: 5, retries: 2147483647 }, version: '2.6.1', snapshotMode: 'initial' }) } as WorldOptions;
    // Losses only: the retried record may still arrive after the later one (per-aggregate order).
    const losses = invariants.filter((i) => i.id === 'no-lost-events' || i.id === 'at-least-once').map((i) => i.property(options));
    expect(losses).toHaveLength(2);
    const r = check(buildWorld(options, { name: 'dbz-7816-inflight-initial', version: '1', properties: [...losses, noSilentLoss] }), {});
    expect(r.status).not.toBe('incomplete');
    expect(r.violations.map((v) => v.property)).toEqual([]);
    // Not vacuous: the slot is still confirmed past a record not in Kafka, and the task crashes after.
    const m = buildWorld(options, { name: 'dbz-7816-inflight-initial', version: '1', properties: [] });
    const s = walk(m, [/^ConnectorStartSnapshot/, /^ConnectorCompleteSnapshot/, /^ServiceWriteWithOutbox\(svc1, acct-1#1/, /^ServiceCommit/, /^ConnectorReadWal/, /^ProducerSend/, /^ServiceWriteWithOutbox\(svc1, acct-1#2/, /^ServiceCommit/, /^ConnectorReadWal/, /^ProducerSend/, /^FailSend\(connector, acct-1#1/, /^BrokerAppendAck\(connector, acct-1#2/, /^ConnectCommitOffsets\(connector, .*past unacknowledged acct-1#1/, /^CrashConnector/]);
    expect(s.at(-1)!.connectors[0]!.stored).toBeNull();
    expect(m.actions(s.at(-1)!).map((a) => a.label)).toContain('ConnectorStartSnapshot(connector)');
  });

  it('today (3.x) the same failed send leaves the stored offsets behind the retried record: its offset waits', () => {
    const m = world({ requests: 2, pipeline: debezium({ producer: { idempotent: false, maxInFlight: 5, retries: 2147483647 } }), budget: { network: 1 } });
    const s = walk(m, [/^ConnectorStartSnapshot/, /^ConnectorCompleteSnapshot/, /^ServiceWriteWithOutbox\(svc1, acct-1#1/, /^ServiceCommit/, /^ConnectorReadWal/, /^ProducerSend/, /^ServiceWriteWithOutbox\(svc1, acct-1#2/, /^ServiceCommit/, /^ConnectorReadWal/, /^ProducerSend/, /^FailSend\(connector, acct-1#1/, /^BrokerAppendAck\(connector, acct-1#2/]);
    const c = s.at(-1)!.connectors[0]!;
    expect(c.ackedAhead.map((p) => p.record.id)).toEqual(['acct-1#2']);
    expect(m.actions(s.at(-1)!).some((a) => a.label.startsWith('ConnectCommitOffsets'))).toBe(false);
    // Once the first is acknowledged too, the committable offset jumps to the second's (SubmittedRecords).
    const t = walk({ ...m, initial: () => [s.at(-1)!] }, [/^ProducerSend\(connector, acct-1#1/, /^BrokerAppendAck\(connector, acct-1#1/]);
    const d = t.at(-1)!.connectors[0]!;
    expect(d.ackedAhead).toEqual([]);
    expect(d.acked).toEqual(c.ackedAhead[0]!.offset);
  });
});

describe('the offset commit is a timer (offset.flush.interval.ms), not a record count', () => {
  it('may fire after one acknowledgement with more records still to send, stores exactly that prefix, and is not enabled when it would change nothing', () => {
    // A crash left, so where a restart resumes depends on when the timer fires.
    const m = world({ requests: 2, pipeline: debezium({ snapshotOrder: 'key' }), budget: { connectorCrash: 1 } });
    const s = walk(m, [/^ConnectorStartSnapshot/, /^ConnectorCompleteSnapshot/, /^ServiceWriteWithOutbox\(svc1, acct-1#1/, /^ServiceCommit/, /^ServiceWriteWithOutbox\(svc1, acct-1#2/, /^ServiceCommit/, /^ConnectorReadWal/, /^BrokerAppend\(connector, acct-1#1/]);
    const before = s.at(-1)!;
    // acct-1#2 is still unread: a flushEvery-style or idle-only rule would not commit here.
    expect(before.connectors[0]!.acked).not.toEqual(before.connectors[0]!.stored);
    const commit = m.actions(before).find((a) => a.label.startsWith('ConnectCommitOffsets'));
    expect(commit).toBeDefined();
    const after = m.next(before, commit!);
    expect(after.connectors[0]!.stored).toEqual(before.connectors[0]!.acked);
    expect(after.db.slots[0]!.confirmedLsn).toBe(confirmedBy(before.connectors[0]!.acked!));
    // Nothing new acknowledged: the timer's firing would change nothing, so it is not an action.
    expect(m.actions(after).some((a) => a.label.startsWith('ConnectCommitOffsets'))).toBe(false);
  });

  it('fires at the end of every connector step once no task can start again: nothing reads when it fires', () => {
    const steps = [/^ConnectorStartSnapshot/, /^ConnectorCompleteSnapshot/, /^ServiceWriteWithOutbox\(svc1, acct-1#1/, /^ServiceCommit/, /^ServiceWriteWithOutbox\(svc1, acct-1#2/, /^ServiceCommit/, /^ConnectorReadWal/, /^BrokerAppend\(connector, acct-1#1/];
    const m = world({ requests: 2, pipeline: debezium({ snapshotOrder: 'key' }) });
    const s = walk(m, steps);
    const c = s.at(-1)!.connectors[0]!;
    // The append's own step stored acct-1#1's offset and confirmed the slot, with acct-1#2 still unread.
    expect(c.stored).toEqual(c.acked);
    expect(c.stored!.lsn).toBe(s.at(-1)!.db.wal.at(-2)!.changes[1]!.lsn);
    expect(s.at(-1)!.db.slots[0]!.confirmedLsn).toBe(confirmedBy(c.acked!));
    expect(m.actions(s.at(-1)!).some((a) => a.label.startsWith('ConnectCommitOffsets'))).toBe(false);
    // Until the last crash is spent the timer decides: the same steps store nothing.
    const timed = walk(world({ requests: 2, pipeline: debezium({ snapshotOrder: 'key' }), budget: { connectorCrash: 1 } }), steps);
    expect(timed.at(-1)!.connectors[0]!.stored).toBeNull();
  });
});

describe('the snapshot completion offset rides on the last snapshot record submitted', () => {
  it('with a failed send retried behind a later record, the completion is committed once both are acknowledged', () => {
    const m = world({ requests: 2, pipeline: debezium({ producer: { idempotent: false, maxInFlight: 5, retries: 2147483647 }, snapshotOrder: 'key' }), budget: { network: 1 } });
    const s = walk(m, [/^ServiceWriteWithOutbox\(svc1, acct-1#1/, /^ServiceCommit/, /^ServiceWriteWithOutbox\(svc1, acct-1#2/, /^ServiceCommit/, /^ConnectorStartSnapshot/, /^ConnectorReadRow\(connector, acct-1#1/, /^ConnectorReadRow\(connector, acct-1#2/, /^ProducerSend\(connector, acct-1#1/, /^ProducerSend\(connector, acct-1#2/, /^FailSend\(connector, acct-1#1/, /^ProducerSend\(connector, acct-1#1/, /^ConnectorCompleteSnapshot/, /^BrokerAppendAck\(connector, acct-1#2/, /^BrokerAppendAck\(connector, acct-1#1/]);
    const c = s.at(-1)!.connectors[0]!;
    expect(c.buffer.length + c.inflight.length + c.ackedAhead.length).toBe(0);
    // Not the in-progress snapshot offset of a row (a restart would redo the whole snapshot), but
    // the completed snapshot's: the consistent point, where the stream starts.
    expect(c.acked).toEqual({ commitLsn: c.pos.commitLsn, lsn: -1, lastCommitLsn: null, snapshot: false });
  });
});

describe('Kafka Connect: errors.tolerance and task failure', () => {
  it('errors-tolerance-all: the skipped record is committed and the slot confirmed past it; it never reaches Kafka', () => {
    const r = exhaustive('errors-tolerance-all');
    const l = labels(r, 'no-lost-events');
    const skip = indexOf(l, /^FailSendSkipRecord\(connector, acct-1#1\)/);
    expect(skip).toBeGreaterThan(0);
    // No crash is left and a skipped send fails no task: the skip's own step commits the offsets.
    expect(l.some((x) => x.startsWith('ConnectCommitOffsets'))).toBe(false);
    const before = states(r, 'no-lost-events')[skip]!.connectors[0]!;
    const after = states(r, 'no-lost-events')[skip + 1]!;
    // The stored offsets (where a restart resumes) are the skipped record's own: it is never read again.
    expect(after.connectors[0]!.stored).toEqual(before.buffer[0]!.offset);
    expect(after.db.slots[0]!.confirmedLsn).toBe(confirmedBy(before.buffer[0]!.offset));
    expect(allRecords(after.kafka)).toEqual([]);
  });

  it('the same failed send under errors.tolerance=none fails the task, which restarts and resends: nothing lost', () => {
    const m = world({ pipeline: debezium({ errorsTolerance: 'none', producer: { idempotent: false, maxInFlight: 1, retries: 0 } }), budget: { network: 1 } });
    const r = check(m, {});
    expect(r.status).not.toBe('incomplete');
    expect(r.violations.filter((v) => v.kind !== 'sometimes').map((v) => v.property)).toEqual([]);
  });

  it('a failing task still commits its acknowledged prefix (finalOffsetCommit) and confirms it to the slot', () => {
    const m = world({ requests: 2, pipeline: debezium({ producer: { idempotent: false, maxInFlight: 1, retries: 0 } }), budget: { network: 1 } });
    const s = walk(m, [/^ConnectorStartSnapshot/, /^ConnectorCompleteSnapshot/, /^ServiceWriteWithOutbox\(svc1, acct-1#1/, /^ServiceCommit/, /^ServiceWriteWithOutbox\(svc1, acct-1#2/, /^ServiceCommit/, /^ConnectorReadWal\(connector, c acct-1#1/, /^BrokerAppend\(connector, acct-1#1/, /^ConnectorReadWal\(connector, c acct-1#2/, /^LoseAckTaskFails\(connector, acct-1#2/]);
    const before = s.at(-2)!.connectors[0]!;
    const after = s.at(-1)!;
    expect(before.stored).toBeNull();
    expect(after.connectors[0]!.at).toBe('starting');
    expect(after.connectors[0]!.stored).toEqual(before.acked);
    expect(after.db.slots[0]!.confirmedLsn).toBe(confirmedBy(before.acked!));
  });
});

describe('flush.lsn.source', () => {
  it('=false: the connector never confirms the slot, so even the 2.6.1 rule loses nothing through it', () => {
    const options = { requests: 2, deleteAfterInsert: true, schedule: ['slot-before-first-write'] as const, budget: { connectorCrash: 1 } };
    const r = check(world({ ...options, pipeline: debezium({ snapshotMode: 'no_data', version: '2.6.1', flushLsnSource: false }) }), {});
    expect(r.status).not.toBe('incomplete');
    expect(r.violations.filter((v) => v.kind !== 'sometimes').map((v) => v.property)).toEqual([]);
    // The same world confirming the slot (the default) loses: the row dbz-7816-no-data-delete.
    const lost = check(world({ ...options, pipeline: debezium({ snapshotMode: 'no_data', version: '2.6.1' }) }), {});
    expect(lost.violations.map((v) => v.property)).toContain('no-lost-events');
  });
});
