import { setup } from 'xstate';
import { sometimes } from '../src/engine/Property.ts';
import { debezium, strategyScenario } from '../models/scenarioDefs.ts';
import { connectorActions, connectorRunning, connectorStates, type ConnectorEvent } from '../models/pipeline/connectorMachine.ts';
import type { ConnectorState } from '../models/pipeline/ConnectorState.ts';
import type { ActorVariant } from '../models/world/ActorVariant.ts';
import { confirmSlot } from '../models/world/database.ts';
import { updateDb } from '../models/world/internal/plainUpdate.ts';
import { outboxCdc } from '../models/strategies/outboxCdc.ts';
import type { World } from '../models/world/World.ts';

/**
 * A connector variant that confirms the slot to each record's own offset as soon as the broker
 * acknowledges it, as Debezium did before DBZ-7816 (it confirmed `lastOffsets`, the last record
 * reported back), instead of to the offsets Kafka Connect has flushed. With several requests in
 * flight a later record can be acknowledged while an earlier one is still to be retried; the
 * slot then passes a record that never reached Kafka. Same events; one new effect, `confirmAcked`.
 */
export const confirmOnAck: ActorVariant<ConnectorState> = {
  machine: setup({ types: { events: {} as ConnectorEvent }, actions: { ...connectorActions(), confirmAcked: () => {} } }).createMachine({
    id: 'connector-confirm-on-ack',
    initial: 'starting',
    states: connectorStates({ ...connectorRunning, SEND: { actions: ['send', 'confirmAcked'] }, ACK: { actions: ['ack', 'confirmAcked'] } }),
  }),
  effects: {
    confirmAcked(w, c, _arg, _base, before) {
      // The record this step acknowledged: the one that left the records in flight (ACK: any
      // partition's first), or, with one request in flight, the head of the buffer, appended
      // and acknowledged at once (SEND).
      const acked = before.inflight.length > c.inflight.length ? before.inflight.find((p) => !c.inflight.includes(p)) : c.inflight.includes(before.buffer[0]!) ? undefined : before.buffer[0];
      if (acked && !acked.offset.snapshot) updateDb(w, (db) => confirmSlot(db, acked.offset.commitLsn));
    },
  },
};

/** The slot is confirmed past the offsets a restart would resume from. */
export const slotAheadOfOffsets = (w: World) => {
  const slot = w.db.slots[0];
  const stored = w.connectors[0]!.stored;
  return slot !== undefined && stored !== null && !stored.snapshot && slot.confirmedLsn > stored.commitLsn;
};

/** The outbox pipeline with a connector crash, running the variant. */
export const confirmOnAckScenario = strategyScenario(
  outboxCdc,
  { 'no-lost-events': 'violated', 'at-least-once': 'violated', 'no-phantom-events': 'holds', 'exactly-once-effect': 'holds' },
  // Debezium 2.5.4. No snapshot, the slot before the first write: after an empty `initial`
  // snapshot no offset is stored, so the restart would snapshot again and read the record.
  { requests: 2, pipeline: debezium({ producer: { idempotent: false, maxInFlight: 5, retries: 2147483647 }, version: '2.5.4', snapshotMode: 'no_data' }), consumer: { commit: 'after', dedup: 'eventId' }, schedule: ['slot-before-first-write'], budget: { network: 1, connectorCrash: 1 }, variants: { connector: confirmOnAck } },
  {
    id: 'example-confirm-on-ack',
    title: 'A connector that confirms the slot on every acknowledged record',
    explanation: 'Five requests in flight without idempotence: a send fails, a later record is acknowledged and the slot confirmed past the failed one; the connector crashes and resumes from the slot, so the failed record is never sent again.',
    reach: [sometimes<World>('sometimes: the slot is confirmed past the flushed offsets', slotAheadOfOffsets)],
  },
);
