import { reach, readsUpstream, readsUpstreamAndBroker, stable } from '../../properties/reachability.ts';
import { outboxCdc } from '../strategies/outboxCdc.ts';
import { tableCdc } from '../strategies/tableCdc.ts';
import { defaultWorldOptions } from '../world/WorldOptions.ts';
import type { SnapshotMode } from '../pipeline/ConnectorConfig.ts';
import { currentDebezium, type DebeziumVersion } from '../pipeline/DebeziumVersion.ts';
import { noSilentLossInvariant } from '../../properties/noSilentLoss.ts';
import { debezium, tableCapture, committedSome, type ScenarioDef } from './ScenarioDef.ts';
import type { World } from '../world/World.ts';
import { allRecords } from '../world/kafka.ts';
import { always } from '../../src/engine/Property.ts';
import { invariant } from '../Invariant.ts';

/**
 * The Debezium snapshot-to-stream handover: exported and legacy, crashes mid-snapshot,
 * snapshot modes, and what a snapshot of a business table cannot show.
 */
export const snapshotScenarios: readonly ScenarioDef[] = [
  {
    id: 'snapshot-handover',
    title: 'Snapshot then stream through the exported snapshot: no gap',
    explanation:
      'Writes commit while the initial snapshot of the account table runs. The snapshot reads as of the slot\'s consistent point and streaming starts exactly there, so every change shows either as an `r` read or as a streamed change.',
    expected: { 'snapshot-stream-consistency': 'holds', 'no-lost-events': 'holds', 'at-least-once': 'holds' },
    options: { ...defaultWorldOptions, service: tableCdc, aggregates: 2, pipeline: debezium(tableCapture), consumer: { commit: 'after', dedup: 'eventId' } },
    scopes: { small: {}, medium: { aggregates: 3 }, large: { aggregates: 3, budget: { connectorCrash: 1 } } },
    reach: [reach('a commit lands while the snapshot is running', (w) => w.connectors[0]!.at === 'snapshotting' && w.connectors[0]!.cursor > 0 && committedSome(w), readsUpstream())],
  },
  {
    id: 'snapshot-handover-legacy',
    title: 'Legacy handover (before Debezium 1.6, DBZ-2337): a commit falls in the gap',
    explanation:
      'The snapshot transaction takes its view, then the streaming start LSN is read in a separate step. A commit between the two is in neither the snapshot nor the stream: a gap.',
    expected: { 'snapshot-stream-consistency': 'violated', 'no-lost-events': 'violated', 'at-least-once': 'violated' },
    options: { ...defaultWorldOptions, service: tableCdc, aggregates: 2, pipeline: debezium({ ...tableCapture, handover: 'legacy' }), consumer: { commit: 'after', dedup: 'eventId' } },
    scopes: { small: {}, medium: { budget: { connectorCrash: 1 } }, large: { aggregates: 3, budget: { connectorCrash: 1 } } },
  },
  {
    id: 'snapshot-crash',
    title: 'The connector crashes mid-snapshot and redoes it: duplicates of r events, nothing lost',
    explanation:
      'The connector crashes before the snapshot completed; its stored offsets say a snapshot was in progress (or nothing), so on restart it snapshots again. Rows already sent are sent again as `r` events: at least once, with duplicates a consumer without dedup applies twice.',
    expected: { 'at-least-once': 'holds', 'no-lost-events': 'holds', 'snapshot-stream-consistency': 'holds', 'exactly-once-effect': 'violated' },
    options: { ...defaultWorldOptions, service: tableCdc, aggregates: 1, pipeline: debezium(tableCapture), budget: { connectorCrash: 1 } },
    scopes: { small: {}, medium: { aggregates: 2 }, large: { aggregates: 2, budget: { connectorCrash: 2 } } },
    reach: [reach('a snapshot row is in Kafka twice', (w) => w.kafka.topics[0]!.partitions.some((p) => p.filter((r) => r.op === 'r').length > new Set(p.filter((r) => r.op === 'r').map((r) => r.id)).size), stable)],
  },
  {
    id: 'snapshot-mode-no-data',
    title: 'snapshot.mode=no_data: outbox commits made before the slot exists are never seen',
    explanation:
      'The connector never snapshots: it streams from the slot\'s creation. Outbox rows committed before the slot was created are in neither the stream nor any snapshot, so their events are lost.',
    expected: { 'no-lost-events': 'violated', 'at-least-once': 'violated', 'no-phantom-events': 'holds' },
    options: { ...defaultWorldOptions, service: outboxCdc, pipeline: debezium({ snapshotMode: 'no_data' }), consumer: { commit: 'after', dedup: 'eventId' } },
    scopes: { small: {}, medium: { requests: 2 }, large: { aggregates: 2, requests: 2, budget: { connectorCrash: 1 } } },
  },
  {
    id: 'snapshot-mode-initial-only',
    title: 'snapshot.mode=initial_only: the connector snapshots, stops, and creates no replication slot',
    explanation:
      'Not in SCENARIOS.md; from the Debezium source. `InitialOnlySnapshotter.shouldStream()` is false, and `PostgresConnectorTask.tryToCreateSlot` creates a slot only when the snapshotter streams: the snapshot runs in its own transaction (the `snapshot.isolation.mode`, SERIALIZABLE by default), without an exported snapshot, and the task stops. No slot means no WAL retained on the server, and no change after the snapshot is ever captured: an outbox commit after the snapshot is lost, by design.',
    expected: { 'no-lost-events': 'violated', 'no-phantom-events': 'holds', 'initial-only-creates-no-slot': 'holds' },
    invariants: [invariant(always('initial-only-creates-no-slot', (w) => w.db.slots.length === 0, readsUpstream()))],
    options: { ...defaultWorldOptions, service: outboxCdc, pipeline: debezium({ snapshotMode: 'initial_only' }), consumer: { commit: 'after', dedup: 'eventId' } },
    scopes: { small: {}, medium: { requests: 2 }, large: { aggregates: 2, requests: 2, budget: { connectorCrash: 1 } } },
    reach: [
      reach('the snapshot read an outbox row and the task stopped', (w) => w.connectors[0]!.at === 'stopped' && allRecords(w.kafka).some((r) => r.op === 'r'), readsUpstreamAndBroker),
    ],
  },
  {
    id: 'table-cdc-snapshot-compaction',
    title: 'Table CDC snapshots state, not history: changes made before the snapshot have no events',
    explanation:
      'Not in SCENARIOS.md; found by the model. Debezium captures the account table, and two updates of one account commit before the initial snapshot reads it. The snapshot emits the row once, as of its view, so the first update never becomes an event: the replica is consistent, but an event-per-change consumer misses a change. The outbox does not have this problem, because every event is its own row.',
    expected: { 'no-lost-events': 'violated', 'at-least-once': 'violated', 'snapshot-stream-consistency': 'holds', 'no-phantom-events': 'holds' },
    options: { ...defaultWorldOptions, service: tableCdc, requests: 2, pipeline: debezium(tableCapture), consumer: { commit: 'after', dedup: 'eventId' } },
    scopes: { small: {}, medium: { requests: 3 }, large: { aggregates: 2, requests: 2, budget: { connectorCrash: 1 } } },
  },
  {
    id: 'outbox-snapshot-heap-order',
    title: 'The snapshot reads the outbox in heap order: one aggregate\'s events come out of commit order',
    explanation:
      'Not in SCENARIOS.md; found by the model once snapshot order was left to the search. Two outbox rows of one aggregate commit before the connector starts, and the outbox keeps its rows. The initial snapshot\'s `SELECT … FROM outbox` (`SelectAllSnapshotQuery`) has no ORDER BY, so PostgreSQL returns rows in heap order: after deletes and a vacuum a later insert can fill space before an earlier row (measured in conformance/). The snapshot emits `acct-1#2` before `acct-1#1` as `r` events and the consumer applies them so. Ordering the SELECT (`snapshot.select.statement.overrides`, `outbox-snapshot-ordered-select`) or deleting each outbox row in its own transaction (nothing to snapshot) avoids it.',
    expected: { 'per-aggregate-order': 'violated', 'no-lost-events': 'holds', 'at-least-once': 'holds', 'exactly-once-effect': 'holds' },
    options: { ...defaultWorldOptions, service: outboxCdc, requests: 2, pipeline: debezium({}), consumer: { commit: 'after', dedup: 'eventId' } },
    scopes: { small: {}, medium: { requests: 3 }, large: { aggregates: 2, requests: 2, budget: { connectorCrash: 1 } } },
    reach: [reach('the snapshot reads a later outbox row of an aggregate before an earlier one', (w) => snapshotReadOutOfOrder(w), stable)],
  },
  {
    id: 'outbox-snapshot-ordered-select',
    title: 'The same outbox snapshot with an ordered SELECT: per-aggregate order holds',
    explanation:
      'Not in SCENARIOS.md; the fix for `outbox-snapshot-heap-order`. `snapshot.select.statement.overrides` gives the outbox snapshot an ORDER BY that follows each aggregate\'s commit order (here the eventId), so the `r` events of one aggregate come in commit order.',
    expected: { 'per-aggregate-order': 'holds', 'no-lost-events': 'holds', 'at-least-once': 'holds', 'exactly-once-effect': 'holds' },
    options: { ...defaultWorldOptions, service: outboxCdc, requests: 2, pipeline: debezium({ snapshotOrder: 'key' }), consumer: { commit: 'after', dedup: 'eventId' } },
    scopes: { small: {}, medium: { requests: 3 }, large: { aggregates: 2, requests: 2, budget: { connectorCrash: 1 } } },
    reach: [reach('the snapshot reads two outbox rows of one aggregate', (w) => w.kafka.topics.some((t) => t.partitions.some((p) => p.filter((r) => r.op === 'r').length >= 2)), stable)],
  },
  {
    ...slotLostWorld('initial', '3.1.3'),
    id: 'slot-lost',
    title: 'Debezium before 3.2 (3.1.3 here), snapshot.mode=initial and the slot is lost: commits made while no slot existed are never seen, silently',
    explanation:
      'Not in SCENARIOS.md; from the Debezium PostgreSQL documentation on snapshot modes and the Debezium source. Pinned to Debezium 3.1.3, the last release before DBZ-9118. The replication slot is dropped (or invalidated for retaining too much WAL) while the connector runs. The task fails and restarts; offsets exist, so `initial` does not snapshot again. Since 2.6.0 (DBZ-7461) `BaseSourceTask.validateAndLoadSchemaHistory` notices that the stored position is gone, but up to 3.1.3 it only logs a warning, and `PostgresConnectorTask.start` creates a new slot at the current WAL position and streams from it (as before 2.6; a real 2.6.1 does so in conformance/pipeline/droppedSlot261.test.ts). Outbox rows committed after the last flushed offset and before the new slot are in neither the stream nor any snapshot, and nothing but a log line says so. Since 3.2.0 (DBZ-9118) the restart fails instead: see `slot-lost-fails-loudly`.',
    expected: { 'no-lost-events': 'violated', 'at-least-once': 'violated', 'no-phantom-events': 'holds', 'exactly-once-effect': 'holds', 'no-silent-loss': 'violated' },
    invariants: [noSilentLossInvariant],
  },
  {
    ...slotLostWorld('initial', currentDebezium),
    id: 'slot-lost-fails-loudly',
    title: 'Debezium 3.2 and later (DBZ-9118), snapshot.mode=initial and the slot is lost: the task fails loudly, nothing is lost silently',
    explanation:
      'Not in SCENARIOS.md; from the Debezium source. The same lost slot on the current release. On restart, `BaseSourceTask.validateAndLoadSchemaHistory` asks `PostgresConnection.validateLogPosition` whether the slot still holds the stored position (the check came with DBZ-7461 in 2.6.0); the slot is gone, `initial` does not snapshot on a data error, and since 3.2.0 (DBZ-9118, commit cb22d78; before, a warning only) the task fails with "… is no longer available on the server. Reconfigure the connector to use a snapshot mode when needed." and stays failed until an operator acts (a real 3.6.1 does: conformance/pipeline/droppedSlot.test.ts). The events committed after the last flushed offset are not in Kafka when the model stops (`no-lost-events` and `at-least-once` are violated: the pipeline is down), but the loss is announced, not silent: `no-silent-loss` holds, where the 3.1.3 row violates it. The operator\'s remedy, `when_needed`, is `slot-lost-when-needed`.',
    expected: { 'no-lost-events': 'violated', 'at-least-once': 'violated', 'no-phantom-events': 'holds', 'exactly-once-effect': 'holds', 'no-silent-loss': 'holds' },
    invariants: [noSilentLossInvariant],
    reach: [reach('the task failed on the lost slot', (w) => w.connectors[0]!.at === 'failed', readsUpstream())],
  },
  {
    ...slotLostWorld('when_needed'),
    id: 'slot-lost-when-needed',
    title: 'snapshot.mode=when_needed and the slot is lost: the connector snapshots again, nothing is lost',
    explanation:
      'Not in SCENARIOS.md; from the Debezium PostgreSQL documentation on snapshot modes. The same lost slot, but `when_needed` snapshots again when the stored offsets point to a position the slot no longer has. The new snapshot re-emits every outbox row as `r`: duplicates, which the consumer drops by eventId.',
    expected: { 'no-lost-events': 'holds', 'at-least-once': 'holds', 'no-phantom-events': 'holds', 'exactly-once-effect': 'holds' },
    // No connector crash at any scope: a crash during the snapshot it takes again is `slot-lost-when-needed-crash`.
    scopes: { small: {}, medium: { requests: 3 }, large: { aggregates: 2, requests: 2 } },
  },
  {
    ...slotLostWorld('when_needed'),
    id: 'slot-lost-when-needed-crash',
    title: 'snapshot.mode=when_needed, the slot is lost, and the connector crashes during the snapshot it takes again: the commits made while no slot existed are lost, silently',
    explanation:
      'Not in SCENARIOS.md; found by the model at the large scope of `slot-lost-when-needed`, and reproduced on Debezium 3.6.1 (conformance/pipeline/droppedSlotCrash.test.ts). The stored offsets are those of a completed snapshot, which carry no `lsn_proc`. The slot is dropped and outbox rows commit while it is gone; `when_needed` snapshots again and creates the slot anew, and the connector crashes before that snapshot stores an offset. On restart the stored offsets still exist and are not of a snapshot in progress, so `WhenNeededSnapshotter.shouldSnapshot` says no; `PostgresConnection.validateLogPosition` (the check DBZ-5739 and DBZ-7461 added) passes a stored position without `lsn_proc` once any slot exists. The task streams from the new slot: the rows committed while no slot existed are in neither the stream nor any snapshot, and nothing says so. SCENARIOS.md says a crash before the snapshot completed redoes the whole snapshot; that is true of the first snapshot, not of this one. Offsets of a streamed change (with `lsn_proc`) fail the check and the snapshot is taken again.',
    expected: { 'no-lost-events': 'violated', 'at-least-once': 'violated', 'no-phantom-events': 'holds', 'exactly-once-effect': 'holds', 'no-silent-loss': 'violated' },
    invariants: [noSilentLossInvariant],
    options: { ...slotLostWorld('when_needed').options, budget: { slotLoss: 1, connectorCrash: 1 } },
    scopes: { small: {}, medium: { requests: 3 }, large: { aggregates: 2, requests: 2 } },
    reach: [
      reach(
        'the connector streams again after the slot was lost and it crashed, from the offsets of a completed snapshot',
        (w) => w.budget.slotLoss === 0 && w.budget.connectorCrash === 0 && w.connectors[0]!.at === 'streaming' && w.connectors[0]!.stored !== null && !w.connectors[0]!.stored.snapshot && w.connectors[0]!.stored.lsn === -1,
        readsUpstream('slotLoss', 'connectorCrash'),
      ),
    ],
  },
];

/** The outbox world in which the replication slot can be lost once, under snapshot mode `mode` and Debezium `version`. */
function slotLostWorld(mode: SnapshotMode, version: DebeziumVersion = currentDebezium): Pick<ScenarioDef, 'options' | 'scopes' | 'reach'> {
  return {
    options: { ...defaultWorldOptions, service: outboxCdc, requests: 2, pipeline: debezium({ snapshotMode: mode, version }), consumer: { commit: 'after', dedup: 'eventId' }, budget: { slotLoss: 1 } },
    scopes: { small: {}, medium: { requests: 3 }, large: { aggregates: 2, requests: 2, budget: { slotLoss: 1, connectorCrash: 1 } } },
    reach: [reach('the slot is lost after an event was delivered', (w) => w.budget.slotLoss === 0 && w.groups[0]!.applied.length > 0, stable)],
  };
}

/** True when Kafka holds a snapshot (`r`) record of an aggregate before one with a lower eventId of the same aggregate. */
function snapshotReadOutOfOrder(w: World): boolean {
  for (const t of w.kafka.topics)
    for (const p of t.partitions) {
      const reads = p.filter((r) => r.op === 'r' && r.change !== null).map((r) => r.change!);
      for (let i = 1; i < reads.length; i++) if (reads.slice(0, i).some((e) => e.split('#')[0] === reads[i]!.split('#')[0] && e > reads[i]!)) return true;
    }
  return false;
}
