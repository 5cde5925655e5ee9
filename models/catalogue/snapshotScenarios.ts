import { reach } from '../../properties/reachability.ts';
import { outboxCdc } from '../strategies/outboxCdc.ts';
import { tableCdc } from '../strategies/tableCdc.ts';
import { defaultWorldOptions } from '../world/WorldOptions.ts';
import type { SnapshotMode } from '../pipeline/ConnectorConfig.ts';
import { debezium, tableCapture, committedSome, type ScenarioDef } from './ScenarioDef.ts';

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
    reach: [reach('a commit lands while the snapshot is running', (w) => w.connectors[0]!.at === 'snapshotting' && w.connectors[0]!.cursor > 0 && committedSome(w))],
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
    options: { ...defaultWorldOptions, service: tableCdc, aggregates: 2, pipeline: debezium(tableCapture), budget: { connectorCrash: 1 } },
    scopes: { small: {}, medium: { budget: { connectorCrash: 2 } }, large: { aggregates: 3, budget: { connectorCrash: 2 } } },
    reach: [reach('a snapshot row is in Kafka twice', (w) => w.kafka.topics[0]!.partitions.some((p) => p.filter((r) => r.op === 'r').length > new Set(p.filter((r) => r.op === 'r').map((r) => r.id)).size))],
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
    id: 'table-cdc-snapshot-compaction',
    title: 'Table CDC snapshots state, not history: changes made before the snapshot have no events',
    explanation:
      'Not in SCENARIOS.md; found by the model. Debezium captures the account table, and two updates of one account commit before the initial snapshot reads it. The snapshot emits the row once, as of its view, so the first update never becomes an event: the replica is consistent, but an event-per-change consumer misses a change. The outbox does not have this problem, because every event is its own row.',
    expected: { 'no-lost-events': 'violated', 'at-least-once': 'violated', 'snapshot-stream-consistency': 'holds', 'no-phantom-events': 'holds' },
    options: { ...defaultWorldOptions, service: tableCdc, requests: 2, pipeline: debezium(tableCapture), consumer: { commit: 'after', dedup: 'eventId' } },
    scopes: { small: {}, medium: { requests: 3 }, large: { aggregates: 2, requests: 2, budget: { connectorCrash: 1 } } },
  },
  {
    ...slotLostWorld('initial'),
    id: 'slot-lost',
    title: 'snapshot.mode=initial and the slot is lost: commits made while no slot existed are never seen',
    explanation:
      'Not in SCENARIOS.md; from the Debezium PostgreSQL documentation on snapshot modes. The replication slot is dropped (or invalidated for retaining too much WAL) while the connector runs. The task fails and restarts; offsets exist, so `initial` does not snapshot again and streams from a new slot, created at the current WAL position. Outbox rows committed after the last flushed offset and before the new slot are in neither the stream nor any snapshot.',
    expected: { 'no-lost-events': 'violated', 'at-least-once': 'violated', 'no-phantom-events': 'holds', 'exactly-once-effect': 'holds' },
  },
  {
    ...slotLostWorld('when_needed'),
    id: 'slot-lost-when-needed',
    title: 'snapshot.mode=when_needed and the slot is lost: the connector snapshots again, nothing is lost',
    explanation:
      'Not in SCENARIOS.md; from the Debezium PostgreSQL documentation on snapshot modes. The same lost slot, but `when_needed` snapshots again when the stored offsets point to a position the slot no longer has. The new snapshot re-emits every outbox row as `r`: duplicates, which the consumer drops by eventId.',
    expected: { 'no-lost-events': 'holds', 'at-least-once': 'holds', 'no-phantom-events': 'holds', 'exactly-once-effect': 'holds' },
  },
];

/** The outbox world in which the replication slot can be lost once, under snapshot mode `mode`. */
function slotLostWorld(mode: SnapshotMode): Pick<ScenarioDef, 'options' | 'scopes' | 'reach'> {
  return {
    options: { ...defaultWorldOptions, service: outboxCdc, requests: 2, pipeline: debezium({ snapshotMode: mode }), consumer: { commit: 'after', dedup: 'eventId' }, budget: { slotLoss: 1 } },
    scopes: { small: {}, medium: { requests: 3 }, large: { aggregates: 2, requests: 2, budget: { slotLoss: 1, connectorCrash: 1 } } },
    reach: [reach('the slot is lost after an event was delivered', (w) => w.budget.slotLoss === 0 && w.groups[0]!.applied.length > 0)],
  };
}
