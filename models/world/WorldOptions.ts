import type { AnyStateMachine } from 'xstate';
import type { ConnectorConfig } from '../pipeline/ConnectorConfig.ts';
import type { ConnectorState } from '../pipeline/ConnectorState.ts';
import type { RelayConfig } from '../pipeline/pollingRelay.ts';
import type { ActorVariant } from './ActorVariant.ts';
import type { ConsumerState, RelayState } from './World.ts';
import type { ConsumerConfig } from './consumer.ts';
import type { ScheduleRule } from './constrainSchedule.ts';
import type { Assignor } from './assignPartitions.ts';

/**
 * Everything that defines one composed world: the strategy's service machine, which pipeline
 * carries events, the knobs, and the scope. All knobs compose; `buildWorld` turns this into a
 * model. Plain data apart from the machine.
 */
export interface WorldOptions {
  /** The service machine of the strategy (`models/strategies/`). */
  service: AnyStateMachine;
  /** Aggregates `acct-1`…; each starts with balance 0. */
  aggregates: number;
  /** Requests per aggregate; request n of `acct-k` sets balance 100·n and mints eventId `acct-k#n`. */
  requests: number;
  /** Service instances per aggregate; an aggregate's requests are dealt round-robin to them. */
  servicesPerAggregate: number;
  /**
   * How many of each fault may be injected, by the fault's declared name (see
   * `FaultDeclarations`); a fault left out gets 0, a name nobody declares is a `RegistryError`.
   */
  budget: Readonly<Record<string, number>>;
  /** Publish retries per request (dual-write-retry). */
  retries: number;
  /** Direct publishes use an idempotent producer. */
  idempotentPublish: boolean;
  /**
   * The pipeline between the database and Kafka, if the service does not publish itself. A
   * polling relay pipeline runs one relay instance per entry of `relays` (default: one, no locking);
   * a Debezium one runs `connector` and one more connector instance per `extraConnectors` entry.
   */
  pipeline: { kind: 'none' } | { kind: 'debezium'; connector: ConnectorConfig; extraConnectors?: readonly ConnectorConfig[] } | { kind: 'polling-relay'; relays?: readonly RelayConfig[] };
  /** Listen-to-yourself: the service applies its own topic to its database. */
  listener: boolean;
  /** The downstream consumer instance (the first, when `extraConsumers` adds more). */
  consumer: ConsumerInstance;
  /**
   * More downstream consumer instances, each with its own configuration. An instance without a
   * `group` is alone in a group of its own; instances naming one `group` share it: its
   * committed offsets, its store, and the topic's partitions, dealt among them by `assignor`.
   */
  extraConsumers?: readonly ConsumerInstance[];
  /** How a group's partitions are dealt among its instances (default `range`); see `Assignor`. */
  assignor?: Assignor;
  partitions: number;
  deleteAfterInsert: boolean;
  /** The DDL fault, if any: rename `table.from` to `to`. */
  schemaChange: { table: string; from: string; to: string } | null;
  /** Constraints on the schedule, for example `['slot-before-first-write']` (none by default). */
  schedule?: readonly ScheduleRule[];
  /**
   * Variants of the pipeline's actors, each an xstate machine over its kind's vocabulary (see
   * `ActorVariant`): the connector, the polling relay, the downstream consumer (every instance
   * that names no `variant` of its own). Unset: the kind's own machine.
   */
  variants?: { connector?: ActorVariant<ConnectorState>; relay?: ActorVariant<RelayState>; consumer?: ActorVariant<ConsumerState> };
}

/**
 * One downstream consumer instance: its commit order and dedup (`ConsumerConfig`), the consumer
 * group it joins (`group.id`; default a group of its own, named after the instance), and the
 * variant it runs (default `variants.consumer`, else the kind's own machine).
 */
export interface ConsumerInstance extends Pick<ConsumerConfig, 'commit' | 'dedup'> {
  group?: string;
  variant?: ActorVariant<ConsumerState>;
}

/** Defaults: one aggregate, one request, one service, no faults, Kafka Connect and consumer defaults. */
export const defaultWorldOptions: Omit<WorldOptions, 'service'> = {
  aggregates: 1,
  requests: 1,
  servicesPerAggregate: 1,
  budget: {},
  retries: 0,
  idempotentPublish: false,
  pipeline: { kind: 'none' },
  listener: false,
  consumer: { commit: 'after', dedup: 'none' },
  partitions: 1,
  deleteAfterInsert: false,
  schemaChange: null,
};
