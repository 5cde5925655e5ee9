import { always } from '../../src/engine/Property.ts';
import { reach, readsUpstream } from '../../properties/reachability.ts';
import { invariant } from '../Invariant.ts';
import { noSilentLossInvariant } from '../../properties/noSilentLoss.ts';
import { outboxCdc } from '../strategies/outboxCdc.ts';
import { currentDebezium, type DebeziumVersion } from '../pipeline/DebeziumVersion.ts';
import type { ConnectorConfig } from '../pipeline/ConnectorConfig.ts';
import type { World } from '../world/World.ts';
import { ghostStreamOf } from '../world/ghostStreamOf.ts';
import { defaultWorldOptions } from '../world/WorldOptions.ts';
import { debezium, type ScenarioDef } from './ScenarioDef.ts';

/** The slot is confirmed past a record the connector still holds, not yet in Kafka. */
export const slotPastUnsent = (w: World): boolean =>
  w.connectors.some((c) => {
    const slot = w.db.slots[0];
    return slot !== undefined && [...c.buffer, ...c.inflight].some((p) => !p.offset.snapshot && p.offset.commitLsn < slot.confirmedLsn);
  });

/**
 * Neither the stored offsets nor the slot ever pass a record the connector has produced and
 * Kafka has not acknowledged: what Kafka Connect's `SubmittedRecords` and the DBZ-7816 fix
 * guarantee together. A restart resumes from the stored offsets, or from the slot if that is
 * ahead, so either passing such a record loses it in a crash.
 */
export const offsetsWaitForUnacknowledged = invariant(
  always<World>('offsets-wait-for-unacknowledged', (w) =>
    w.connectors.every((c) => {
      const slot = w.db.slots[0];
      return [...c.buffer, ...c.inflight].every((p) => {
        const o = p.offset;
        if (o.snapshot) return true;
        const stored = c.stored;
        const storedPast = stored !== null && !stored.snapshot && (stored.commitLsn > o.commitLsn || (stored.commitLsn === o.commitLsn && stored.lsn >= o.lsn));
        return !storedPast && !(slot !== undefined && slot.confirmedLsn > o.commitLsn);
      });
    }),
    // The connectors' records and the slot: upstream of the broker.
    readsUpstream(),
  ),
);

/**
 * Debezium versions and Kafka Connect delivery settings: the slot confirmation before and after
 * DBZ-7816, and `errors.tolerance=all`.
 */
export const connectScenarios: readonly ScenarioDef[] = [
  noDataDeleteAfterInsert('2.6.1'),
  noDataDeleteAfterInsert(currentDebezium),
  inflightFailedSend('2.6.1'),
  inflightFailedSend(currentDebezium),
  partitionAcks('2.6.1'),
  partitionAcks(currentDebezium),
  {
    id: 'errors-tolerance-all',
    title: 'errors.tolerance=all: a send that fails for good is acknowledged and skipped; the slot moves past it',
    explanation:
      'Today\'s Debezium (3.x) and Kafka Connect. The producer has no retries left (retries=0) and a send fails without reaching Kafka. With errors.tolerance=all, AbstractWorkerSourceTask\'s send callback logs the failure and acknowledges the submitted record, so its offset becomes committable; the next offset commit stores it and the connector confirms it to the slot. The event is never sent again, even after a restart: a silent loss. With errors.tolerance=none (the default) the task fails instead and is restarted from the stored offsets.',
    expected: { 'no-lost-events': 'violated', 'at-least-once': 'violated', 'no-phantom-events': 'holds', 'exactly-once-effect': 'holds', 'no-silent-loss': 'violated' },
    invariants: [noSilentLossInvariant],
    options: {
      ...defaultWorldOptions,
      service: outboxCdc,
      pipeline: debezium({ errorsTolerance: 'all', producer: { idempotent: false, maxInFlight: 1, retries: 0 } }),
      consumer: { commit: 'after', dedup: 'eventId' },
      budget: { network: 1 },
    },
    scopes: { small: {}, medium: { requests: 2, budget: { network: 1, connectorCrash: 1 } }, large: { aggregates: 2, requests: 2, budget: { network: 1, connectorCrash: 1 } } },
    reach: [reach('a failed send is skipped and its offset committed', (w) => w.budget.network === 0 && w.connectors[0]!.stored !== null && !w.connectors[0]!.stored.snapshot && w.db.slots[0]!.confirmedLsn > 0, readsUpstream('network'))],
  },
];

/**
 * The in-flight DBZ-7816 loss on 2.6.1 (a catalogue row) and on 2.5.4, before DBZ-7461 too (not
 * in the catalogue: the same mechanism and verdicts, since neither fails the task on a lost
 * position: that came with DBZ-9118 in 3.2.0; `properties/connect.test.ts` checks it exhaustively).
 */
export const dbz7816InflightLosses: readonly ScenarioDef[] = [inflightFailedSend('2.6.1'), inflightFailedSend('2.5.4')];

/** `snapshot.mode=no_data`, an outbox that deletes its rows in the inserting transaction, a connector crash. */
function noDataDeleteAfterInsert(version: DebeziumVersion): ScenarioDef {
  const old = version !== currentDebezium;
  return {
    id: old ? 'dbz-7816-no-data-delete' : 'dbz-7816-no-data-delete-fixed',
    title: old
      ? 'Debezium 2.6.1 (before DBZ-7816): a delete dropped by the router confirms the slot past an unsent insert'
      : 'The same outbox deletes on today\'s Debezium: the slot follows only the stored offsets, nothing is lost',
    explanation: old
      ? 'DBZ-7816, fixed in 2.6.2/2.7.0. The service deletes each outbox row in the transaction that inserts it; the Outbox Event Router drops the delete. Kafka Connect reports a dropped record back to the task at once (WorkerSourceTask.recordDropped calls commitTaskRecord), and BaseSourceTask.commitRecord records its offset in lastOffsets, although the insert before it is still waiting to be sent. The offset-commit timer fires; BaseSourceTask.commit() confirms lastOffsets to the slot. The connector crashes; with no stored offsets (no_data) it streams from the slot\'s confirmed position, past the insert, whose event is lost silently. The slot exists before the first write, so only this rule can lose. 2.6.1 has DBZ-7461\'s check of the stored offsets against the slot, but up to 3.1.3 a failed check only logs a warning (the task fails only since 3.2.0, DBZ-9118), so the restart streams on and the loss is silent but for a log line. The silent loss with no offsets stored yet is checked in properties/connect.test.ts.'
      : 'Today\'s rule (3.x): PostgresConnectorTask.commitRecord does nothing, and the slot is confirmed only to the offsets Kafka Connect stored, the prefix of acknowledged records. A dropped delete is never submitted, so its offset is never stored; a restart resumes at or before the unsent insert.',
    expected: old
      ? { 'no-lost-events': 'violated', 'at-least-once': 'violated', 'no-phantom-events': 'holds' }
      : { 'no-lost-events': 'holds', 'at-least-once': 'holds', 'no-phantom-events': 'holds', 'exactly-once-effect': 'holds', 'no-silent-loss': 'holds' },
    invariants: [noSilentLossInvariant],
    options: {
      ...defaultWorldOptions,
      service: outboxCdc,
      requests: 2,
      deleteAfterInsert: true,
      pipeline: debezium({ snapshotMode: 'no_data', version }),
      consumer: { commit: 'after', dedup: 'eventId' },
      schedule: ['slot-before-first-write'],
      budget: { connectorCrash: 1 },
    },
    scopes: { small: {}, medium: { budget: { connectorCrash: 2 } }, large: { aggregates: 2, requests: 2, budget: { connectorCrash: 2 } } },
    reach: [reach('the connector restarts after streaming', (w) => w.budget.connectorCrash === 0 && ghostStreamOf(w).streamed.length > 0, readsUpstream('connectorCrash'))],
    readsGhostStream: true,
  };
}

/** Five requests in flight without idempotence, one failed send, one connector crash. */
function inflightFailedSend(version: DebeziumVersion): ScenarioDef {
  const old = version !== currentDebezium;
  const producer: ConnectorConfig['producer'] = { idempotent: false, maxInFlight: 5, retries: 2147483647 };
  if (version === '2.5.4') {
    // Before DBZ-7461 too (no check, where 2.6.1's only warns): the restart streams from the slot, past the lost record, silently.
    const on261 = inflightFailedSend('2.6.1');
    return {
      ...on261,
      id: 'dbz-7816-inflight-2.5',
      title: 'Debezium 2.5.4 (before DBZ-7816 and DBZ-7461): the same failed send is lost silently',
      explanation:
        'The mechanism of dbz-7816-inflight, on a release before DBZ-7461 too: after the crash the connector finds the slot past its stored offsets and, with no check (2.6.1\'s only warns, until DBZ-9118 in 3.2.0), streams from the slot\'s confirmed position. The first record is never read again and no task fails: a silent loss.',
      expected: { ...on261.expected, 'no-silent-loss': 'violated' },
      options: { ...on261.options, pipeline: debezium({ producer, version, snapshotMode: 'no_data' }) },
    };
  }
  return {
    id: old ? 'dbz-7816-inflight' : 'dbz-7816-inflight-fixed',
    title: old
      ? 'Debezium 2.6.1 (before DBZ-7816): a later record acknowledged while an earlier one is retried confirms the slot past it'
      : 'The same failed send among 5 in flight on today\'s Debezium: committed offsets wait for the earlier record',
    explanation: old
      ? 'DBZ-7816, fixed in 2.6.2/2.7.0. With max.in.flight=5 and no idempotence, the send of the first record fails and is retried while the second is acknowledged. BaseSourceTask.commitRecord runs in callback order, so lastOffsets is the second record\'s offset; the offset-commit timer fires and commit() confirms it to the slot, past the first record, which is not in Kafka. The connector crashes. With `snapshot.mode=no_data` (no offsets stored, so nothing for DBZ-7461\'s check to compare) the restart streams from the slot, past the first record: a silent loss. Under `initial` the same schedule loses nothing: no record carried the empty snapshot\'s completion, so nothing was stored, and the restart snapshots again and reads the first record\'s outbox row.'
      : 'Today\'s rule (3.x): Kafka Connect\'s SubmittedRecords commits only the prefix, in submission order, whose every record is acknowledged; the second record\'s offset waits for the first. The slot follows the stored offsets, so a restart resends the first record: reordered and duplicated perhaps, never lost.',
    expected: old
      ? { 'no-lost-events': 'violated', 'at-least-once': 'violated', 'no-phantom-events': 'holds', 'no-silent-loss': 'violated' }
      : { 'no-lost-events': 'holds', 'at-least-once': 'holds', 'no-phantom-events': 'holds', 'offsets-wait-for-unacknowledged': 'holds', 'no-silent-loss': 'holds' },
    // The hole test's claim is made where it must hold; where it fails, a random run would stop
    // at that first violation, before the loss it leads to.
    invariants: old ? [noSilentLossInvariant] : [offsetsWaitForUnacknowledged, noSilentLossInvariant],
    options: {
      ...defaultWorldOptions,
      service: outboxCdc,
      requests: 2,
      // No snapshot: with `initial`, the first snapshot finds the outbox empty and stores no
      // offset (no record carries its completion), so a crash before any offset is stored
      // snapshots again and reads the first record's row from the outbox: nothing is lost
      // (properties/connect.test.ts). The loss needs a restart that streams from the slot.
      pipeline: debezium({ producer, version, snapshotMode: 'no_data' }),
      consumer: { commit: 'after', dedup: 'eventId' },
      // The slot comes first: no write is waited for by its creation.
      schedule: ['slot-before-first-write'],
      budget: { network: 1, connectorCrash: 1 },
    },
    // Medium adds a second failed send, not a third request: random sampling must find the loss
    // there (properties/random.test.ts), and it needs a rare order of independent steps (a failed
    // send, the later record's ack, the commit timer and the crash, all before the resend). With
    // a third request, 10,000 schedules (seed 7) never hit it and breadth-first search does not
    // reach it within 400,000 states; with a second failed send, 10,000 schedules do and
    // breadth-first search finds the shortest in 23 steps.
    scopes: { small: {}, medium: { budget: { network: 2, connectorCrash: 1 } }, large: { aggregates: 2, requests: 2 } },
    reach: old
      ? [reach('the slot is confirmed past a record not yet in Kafka', slotPastUnsent, readsUpstream())]
      : [reach('a record is acknowledged ahead of an earlier one', (w) => w.connectors[0]!.ackedAhead.length > 0, readsUpstream())],
  };
}

/**
 * Two aggregates on two partitions (acct-1 hashes to partition 0, acct-2 to 1), Kafka Connect's
 * own producer (one request in flight per connection, no idempotence), no fault but one
 * connector crash: the broker acknowledges the later record first.
 */
function partitionAcks(version: DebeziumVersion): ScenarioDef {
  const old = version !== currentDebezium;
  return {
    id: old ? 'dbz-7816-partition-acks' : 'dbz-7816-partition-acks-fixed',
    title: old
      ? 'Debezium 2.6.1 (before DBZ-7816): a later record on another partition is acknowledged first, and the slot is confirmed past the earlier one'
      : 'The same acknowledgements out of order across partitions on today\'s Debezium: committed offsets wait for the earlier record',
    explanation: old
      ? 'DBZ-7816, fixed in 2.6.2/2.7.0, by another path than a failed send: nothing fails, and the producer is Kafka Connect\'s own (max.in.flight=1, no idempotence). The two aggregates\' events go to two partitions; max.in.flight counts requests per broker connection, so with the partitions\' leaders on two brokers both records are in flight at once, and a producer\'s callbacks are ordered per partition only (KafkaProducer.send): the broker may acknowledge acct-2#1 (partition 1) before acct-1#1 (partition 0). BaseSourceTask.commitRecord runs in callback order, so lastOffsets is the later record\'s offset; the offset-commit timer fires and commit() confirms it to the slot, past acct-1#1, which is not yet in Kafka. The connector crashes before acct-1#1 is appended. With `snapshot.mode=no_data` and no offsets stored, the restart streams from the slot, past acct-1#1: a silent loss (2.6.1\'s DBZ-7461 check only warns).'
      : 'Today\'s rule (3.x): the callbacks still come out of order, but Kafka Connect\'s SubmittedRecords.committableOffsets commits only the prefix, in submission order, whose every record is acknowledged (Debezium has one source partition, so the whole task is one sequence): acct-2#1\'s offset waits for acct-1#1\'s acknowledgement. The slot follows the stored offsets, so a restart resends acct-1#1, never loses it.',
    expected: old
      ? { 'no-lost-events': 'violated', 'at-least-once': 'violated', 'no-phantom-events': 'holds', 'no-silent-loss': 'violated' }
      : { 'no-lost-events': 'holds', 'at-least-once': 'holds', 'no-phantom-events': 'holds', 'exactly-once-effect': 'holds', 'offsets-wait-for-unacknowledged': 'holds', 'no-silent-loss': 'holds' },
    invariants: old ? [noSilentLossInvariant] : [offsetsWaitForUnacknowledged, noSilentLossInvariant],
    options: {
      ...defaultWorldOptions,
      service: outboxCdc,
      aggregates: 2,
      partitions: 2,
      // No snapshot, the slot before the first write: after an empty `initial` snapshot no offset
      // is stored, so a restart would snapshot again and read the outbox row (as for dbz-7816-inflight).
      pipeline: debezium({ version, snapshotMode: 'no_data' }),
      consumer: { commit: 'after', dedup: 'eventId' },
      schedule: ['slot-before-first-write'],
      budget: { connectorCrash: 1 },
    },
    // Medium adds a second crash, not a request: with a second request per aggregate, 3,000
    // random schedules (seed 7) are needed and breadth-first search does not finish within
    // 400,000 states; with a second crash, 1,000 schedules find the loss and breadth-first search
    // finds the shortest (21 steps) in 61,116 states. Large adds the second request; not a third
    // aggregate, whose key would share a partition with one of the others (acct-1, acct-2 and
    // acct-3 all hash to partition 2 of 3).
    scopes: { small: {}, medium: { budget: { connectorCrash: 2 } }, large: { requests: 2, budget: { connectorCrash: 2 } } },
    reach: old
      ? [reach('the slot is confirmed past a record not yet in Kafka', slotPastUnsent, readsUpstream())]
      : [reach('a record is acknowledged ahead of an earlier one on another partition', (w) => w.connectors[0]!.ackedAhead.length > 0, readsUpstream())],
  };
}
