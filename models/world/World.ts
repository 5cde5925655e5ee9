import type { Database } from './database.ts';
import type { Kafka } from './kafka.ts';
import type { ConnectorState } from '../pipeline/ConnectorState.ts';

/**
 * The composed world: every system's state as plain serialisable data (no Map, Set or class),
 * so that a state is its own stable JSON key. Actor states hold their xstate control state in
 * `at` and their data beside it; the machines themselves live in the model's closure.
 */
export interface World {
  db: Database;
  kafka: Kafka;
  services: ServiceState[];
  /**
   * The Debezium connectors (each with its Kafka Connect producer and offsets), when the
   * strategy tails the WAL; each its own instance, with its own slot or one shared by name.
   */
  connectors: ConnectorState[];
  /** The polling publishers on the outbox, when the strategy uses them; each its own instance. */
  relays: RelayState[];
  /** The consumer instances, downstream ones first, then the service's own listener if any. */
  consumers: ConsumerState[];
  /** The consumer groups of `consumers`, in order of their first instance. */
  groups: ConsumerGroupState[];
  budget: Budget;
  ghost: Ghost;
}

/** A request a service handles: the aggregate, the new balance, and the eventId it mints. */
export interface Request {
  id: string;
  agg: string;
  value: number;
}

/**
 * A service instance. `next` indexes its request list (the requests before it are finished or
 * abandoned); `xid` is its open transaction; `retries` what is left of the current request's
 * retry budget. All of it is volatile: a crash resets it and the instance moves on.
 */
export interface ServiceState {
  at: string;
  agg: string;
  next: number;
  xid: number | null;
  retries: number;
}

/**
 * A polling publisher: the outbox row it is publishing, if any (its cursor; with
 * `SELECT … FOR UPDATE SKIP LOCKED` also the row it holds locked until it marks it sent).
 */
export interface RelayState {
  at: string;
  row: string | null;
}

/**
 * A consumer instance (one process of a consumer group) reading one topic. `group` indexes its
 * group in `World.groups` (fixed); `positions` are its fetch positions per partition (only its
 * assigned partitions move; the others stay 0); `cursor` is the partition of the record in hand,
 * or -1. All of it is volatile: a crash resumes every assigned partition from the group's
 * committed offset.
 */
export interface ConsumerState {
  at: string;
  group: number;
  positions: number[];
  cursor: number;
}

/**
 * A consumer group and the application behind it. Kafka keeps a group's committed offsets
 * (`committed`, per partition), whichever instance committed them. The effects go to the
 * application's store, which the group's instances share, as replicas of one service share its
 * database: `applied` is every effect applied, in order (the change each stands for), `dedup`
 * the eventIds recorded with the effects, sorted. `name` (the `group.id`) and `sink` (where the
 * effects go: a downstream application's own store, or the service's own database when it
 * listens to itself) are fixed. None of it is lost in a crash.
 */
export interface ConsumerGroupState {
  name: string;
  sink: 'store' | 'database';
  committed: number[];
  applied: string[];
  dedup: string[];
}

/**
 * Fault budgets: how many more of each fault may still be injected, by fault name. Open: the
 * names are the faults the world's actor kinds and variants declare (`FaultDeclarations`), each
 * present from the initial state on (at 0 when the scenario allows none).
 */
export type Budget = Readonly<Record<string, number>>;

/** A committed business change, as the invariants know it. */
export interface CommittedChange {
  /** The eventId of the request that made it. */
  id: string;
  agg: string;
  /** The commit LSN: the database's commit order. */
  lsn: number;
}

/**
 * History ("ghost") variables: what happened, recorded for the invariants only; no modelled
 * system reads them.
 */
export interface Ghost {
  /** Every committed business change, in commit order. */
  committed: CommittedChange[];
  /**
   * What the connectors streamed and the snapshots they completed, or null when no property of
   * the world reads it (see `GhostStream`): read it through `ghostStreamOf`.
   */
  stream: GhostStream | null;
}

/**
 * The ghost's record of the connectors' reads, for `snapshot-stream-consistency`. Kept only in
 * a world where some property reads it: an invariant that declares `readsGhostStream`, or a
 * scenario whose reach goals do (`ScenarioDef.readsGhostStream`). Elsewhere it is null: nothing
 * reads it there, and it would tell apart states by when the connector streamed what.
 */
export interface GhostStream {
  /**
   * The view (LSN) of the completed snapshot with the highest view, or null while none has
   * completed: all that `snapshot-stream-consistency` compares the WAL with. Earlier views are
   * not kept: nothing reads them, and kept, they would tell apart the states after a second
   * snapshot by when the first one ran.
   */
  snapshot: number | null;
  /** LSNs of the captured WAL changes the connector has streamed, sorted, without repeats. */
  streamed: number[];
}
