import type { FaultDeclarations } from '../world/FaultDeclarations.ts';

/** The faults a Debezium connector (its Kafka Connect task and producer, and its slot) can inject. */
export const connectorFaults = {
  /** A producer request times out: an ack is lost, or a send fails (the task may fail with it). */
  network: 'a producer request times out: an ack is lost or a send fails',
  /** The Kafka Connect task dies and restarts from its last flushed offsets. */
  connectorCrash: 'the connector task dies and restarts from its flushed offsets',
  /** The replication slot is dropped by an operator or invalidated (`max_slot_wal_keep_size`). */
  slotLoss: 'the replication slot is dropped or invalidated while the connector runs',
} as const satisfies FaultDeclarations;
