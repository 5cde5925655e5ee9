import type { Request } from '../world/World.ts';

/** How the service side of a scenario is set up (static; not part of the state). */
export interface ServiceConfig {
  /** The requests of each service instance, handled in order. */
  requests: readonly (readonly Request[])[];
  /** The retry budget of each request's publish (dual-write-retry). */
  retries: number;
  /** The topic a service publishes to directly (dual writes). */
  topic: string;
  /** Whether the producer of a direct publish is idempotent (dedups its own retries). */
  idempotent: boolean;
  /** Outbox: delete the outbox row in the same transaction as its insert. */
  deleteAfterInsert: boolean;
  /** Outbox: the table has a `sent` flag column (for a polling publisher). */
  sentColumn: boolean;
}

/** The outbox table's columns, as Debezium's Outbox Event Router expects them. */
export function outboxColumns(sentColumn: boolean): string[] {
  return ['id', 'aggregatetype', 'aggregateid', 'type', 'payload', ...(sentColumn ? ['sent'] : [])];
}
