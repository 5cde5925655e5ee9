import type { Model } from '../../src/engine/Model.ts';
import type { Property } from '../../src/engine/Property.ts';
import type { ConnectorConfig } from '../pipeline/ConnectorConfig.ts';
import { noTaskStartLeft } from '../pipeline/eagerOffsetCommit.ts';
import { connectorDef, connectorFaults } from '../pipeline/connectorDef.ts';
import { initialConnector } from '../pipeline/ConnectorState.ts';
import { defaultRelays, pollingRelayDef, relayFaults, type RelayConfig } from '../pipeline/pollingRelay.ts';
import { serviceDef, serviceFaults, serviceReach } from '../strategies/internal/serviceDef.ts';
import { outboxColumns, type ServiceConfig } from '../strategies/ServiceConfig.ts';
import type { Action } from './Action.ts';
import type { ActorDef } from './ActorDef.ts';
import { composeModel } from './composeModel.ts';
import { withVariant } from './ActorVariant.ts';
import { constrainSchedule } from './constrainSchedule.ts';
import { consumerDef, consumerFaults, initialConsumer, initialGroup } from './consumer.ts';
import { consumerLayout } from './consumerLayout.ts';
import { createDatabase } from './database.ts';
import { createKafka } from './kafka.ts';
import { operatorDef, operatorFaults } from './operatorDef.ts';
import type { WorldOptions } from './WorldOptions.ts';
import { worldIndependence, type ActorShape } from './worldIndependence.ts';
import { budgetOf, type FaultDeclarations } from './FaultDeclarations.ts';
import type { Budget, Request, World } from './World.ts';

/** The topic a dual-writing service publishes to directly. */
export const directTopic = 'account-events';
/** The Outbox Event Router's topic for aggregate type `Account` with the default prefix. */
export const outboxTopic = 'outbox.event.Account';
/** Debezium's topic for the `account` table with topic prefix `dbserver1`. */
export const accountTableTopic = 'dbserver1.public.account';

/** The topic a connector configured as `c` writes the account events to. */
export function connectorTopic(c: ConnectorConfig): string {
  return c.route === 'outbox' ? `${c.topicPrefix}Account` : `${c.topicPrefix}.public.${c.tables[0]}`;
}

/** The topic the downstream consumer reads in a world built from `options`: the first connector's, with Debezium. */
export function eventTopic(options: WorldOptions): string {
  if (options.pipeline.kind === 'polling-relay') return outboxTopic;
  if (options.pipeline.kind === 'debezium') return connectorTopic(options.pipeline.connector);
  return directTopic;
}

/** Every connector instance's configuration: the first, then the extra ones. */
export function connectorsOf(options: WorldOptions): readonly ConnectorConfig[] {
  return options.pipeline.kind === 'debezium' ? [options.pipeline.connector, ...(options.pipeline.extraConnectors ?? [])] : [];
}

/** Engine-facing build options: the name and version to stamp, and how machines are stepped. */
export interface BuildOptions {
  name: string;
  version: string;
  properties: readonly Property<World>[];
  /** Step through compiled transition tables (default true) or xstate's `transition`. */
  compiled?: boolean;
  /** Copy states by hand (default) or with immer; see `WorldSpec.updates`. */
  updates?: 'immer' | 'copy';
  /**
   * Whether the ghost records the connectors' reads (`Ghost.stream`): default true. Pass false
   * when no property reads it (see `GhostStream`); the catalogue decides it from its
   * declarations (`buildScenarioOf`).
   */
  ghostStream?: boolean;
  /**
   * Keep the WAL even in a world without a connector (`Database.decoded`), where nothing in the
   * model reads it: a replay on PostgreSQL compares it with the server's logical decoding.
   * Default false. It only tells apart states that are otherwise one.
   */
  keepWal?: boolean;
}

/**
 * The faults of the built-in actor kinds, in a fixed order. They are in every world's budget,
 * whether or not an instance of their kind is present, so that a world's budget has one shape
 * for every pipeline (states and replay fingerprints do not depend on which kinds are absent).
 */
const builtInFaults: FaultDeclarations = { ...serviceFaults, ...relayFaults, ...consumerFaults, ...operatorFaults, ...connectorFaults };

/** The requests of each service instance: an aggregate's requests dealt round-robin to its instances. */
function requestsOf(options: WorldOptions): Request[][] {
  const requests: Request[][] = [];
  for (let k = 1; k <= options.aggregates; k++) {
    const agg = `acct-${k}`;
    const mine: Request[][] = Array.from({ length: options.servicesPerAggregate }, () => []);
    for (let n = 1; n <= options.requests; n++) mine[(n - 1) % options.servicesPerAggregate]!.push({ id: `${agg}#${n}`, agg, value: 100 * n });
    requests.push(...mine);
  }
  return requests;
}

/** The actor definitions of the world `options` describes, downstream first (see `buildWorld`). */
function actorsOf(options: WorldOptions, requests: Request[][]): ActorDef[] {
  return describedActorsOf(options, requests).actors;
}

/** `actorsOf`, with what partial-order reduction knows of each actor (`worldIndependence`). */
function describedActorsOf(options: WorldOptions, requests: Request[][]): { actors: ActorDef[]; shapes: ActorShape[] } {
  const relay = options.pipeline.kind === 'polling-relay';
  const serviceConfig: ServiceConfig = {
    requests,
    retries: options.retries,
    topic: directTopic,
    idempotent: options.idempotentPublish,
    deleteAfterInsert: options.deleteAfterInsert,
    sentColumn: relay,
  };
  const topic = eventTopic(options);
  // Downstream first: at each step an actor further down the pipeline gets the lower choice
  // index, so random schedules (which shrink towards choice 0) move events along as soon as
  // they can, and shrunk counterexamples stay close to the shortest ones.
  const variants = options.variants ?? {};
  const layout = consumerLayout(options);
  const actors: ActorDef[] = layout.instances.map((c, k) =>
    withVariant(
      consumerDef({ topic, partitions: options.partitions, commit: c.commit, dedup: c.dedup, sink: 'store', name: c.name, lane: c.lane, group: c.group, assigned: c.assigned }, k),
      c.variant ?? variants.consumer,
      (w) => w.consumers[k]!,
    ),
  );
  // A variant may read anything, so an actor with one is described as touching everything.
  const shapes: ActorShape[] = layout.instances.map((c, k) =>
    (c.variant ?? variants.consumer) ? { kind: 'everything' } : { kind: 'consumer', index: k, group: c.group, crashBudget: 'consumerCrash', sink: 'store', topic, assigned: c.assigned },
  );
  if (options.listener) {
    actors.push(consumerDef({ topic, partitions: options.partitions, commit: 'after', dedup: 'eventId', sink: 'database', name: 'listener', group: layout.groups.length }, layout.instances.length));
    shapes.push({ kind: 'consumer', index: layout.instances.length, group: layout.groups.length, crashBudget: 'serviceCrash', sink: 'database', topic, assigned: Array.from({ length: options.partitions }, (_, p) => p) });
  }
  const upstream = (variant: unknown): ActorShape => ({ kind: variant ? 'everything' : 'upstream' });
  const connectors = connectorsOf(options);
  // A variant's steps may start a task some other way, so only the built-in connector commits
  // its offsets at once when no task can start again.
  const settled = variants.connector ? undefined : noTaskStartLeft(connectors);
  connectors.forEach((c, k) => {
    actors.push(withVariant(connectorDef(c, k, connectors.length, options.partitions, settled), variants.connector, (w) => w.connectors[k]!));
    shapes.push(variants.connector ? { kind: 'everything' } : { kind: 'connector', index: k, tables: c.tables, exactlyOnce: c.exactlyOnceSource === true });
  });
  const relays = relaysOf(options);
  relays.forEach((_, k) => {
    actors.push(withVariant(pollingRelayDef('outbox.event.', k, relays), variants.relay, (w) => w.relays[k]!));
    shapes.push(upstream(variants.relay));
  });
  const schedule = options.schedule ?? [];
  actors.push(constrainSchedule(serviceDef(options.service, serviceConfig), schedule, options.pipeline.kind === 'debezium'));
  shapes.push({ kind: 'service', ...serviceReach(options.service), scheduled: schedule.length > 0 });
  if (options.schemaChange) {
    actors.push(operatorDef(options.schemaChange.table, options.schemaChange.from, options.schemaChange.to));
    shapes.push(upstream(undefined));
  }
  return { actors, shapes };
}

/** Every relay instance's configuration, with a polling-relay pipeline. */
function relaysOf(options: WorldOptions): readonly RelayConfig[] {
  return options.pipeline.kind === 'polling-relay' ? (options.pipeline.relays ?? defaultRelays) : [];
}

/** The initial budget: every fault the built-in kinds and `actors` declare, then `options.budget`'s amounts. */
function budgetFrom(scenario: string, actors: readonly ActorDef[], options: WorldOptions): Budget {
  const declared: Record<string, string> = { ...builtInFaults };
  for (const a of actors) Object.assign(declared, a.budgets);
  return budgetOf(scenario, declared, options.budget);
}

/**
 * The initial fault budget of scenario `scenario`'s world built from `options`: every fault its
 * actor kinds and variants declare, at 0 unless `options.budget` gives an amount. Throws a
 * `RegistryError` (see `budgetOf`) for a fault nobody in the world declares. Pure.
 */
export function initialBudget(scenario: string, options: WorldOptions): Budget {
  return budgetFrom(scenario, actorsOf(options, requestsOf(options)), options);
}

/**
 * Builds the model of the world `options` describes: database (account table seeded with
 * balance 0 per aggregate, outbox, processed), Kafka, the strategy's services, the pipeline,
 * the consumers, the operator for DDL, budgets and ghost variables. The database keeps its WAL
 * only when a connector decodes it (`Database.decoded`): a property or actor variant that reads
 * `db.wal` finds it empty in a world without one. Pure. Throws a `RegistryError` for a budget
 * naming an undeclared fault.
 */
export function buildWorld(options: WorldOptions, build: BuildOptions): Model<World, Action> {
  const aggs = Array.from({ length: options.aggregates }, (_, k) => `acct-${k + 1}`);
  const requests = requestsOf(options);
  const relay = options.pipeline.kind === 'polling-relay';
  const topic = eventTopic(options);
  const { actors, shapes } = describedActorsOf(options, requests);
  const connectors = connectorsOf(options);
  const relays = relaysOf(options);
  const layout = consumerLayout(options);

  const db = createDatabase([
    { name: 'account', columns: ['id', 'balance'], rows: aggs.map((a) => [a, 0]) },
    { name: 'outbox', columns: outboxColumns(relay) },
    ...(options.listener ? [{ name: 'processed', columns: ['id'] }] : []),
  ], connectors.length > 0 || build.keepWal === true);
  const initial: World = {
    db,
    kafka: createKafka([...new Set([topic, ...connectors.map(connectorTopic)])], options.partitions),
    services: requests.map((rs) => ({ at: 'idle', agg: rs[0]?.agg ?? '', next: 0, xid: null, retries: options.retries })),
    connectors: connectors.map(() => initialConnector()),
    relays: relays.map(() => ({ at: 'idle', row: null })),
    consumers: [...layout.instances.map((c) => initialConsumer(options.partitions, c.group)), ...(options.listener ? [initialConsumer(options.partitions, layout.groups.length)] : [])],
    groups: [...layout.groups.map((name) => initialGroup(name, options.partitions, 'store')), ...(options.listener ? [initialGroup('listener', options.partitions, 'database')] : [])],
    budget: budgetFrom(build.name, actors, options),
    ghost: { committed: [], stream: build.ghostStream === false ? null : { snapshot: null, streamed: [] } },
  };
  const model = composeModel({
    name: build.name,
    version: build.version,
    initial,
    actors,
    properties: build.properties,
    compiled: build.compiled ?? true,
    updates: build.updates ?? 'copy',
    ...(options.partitions === 1 && aggs.length > 1 ? { symmetricAggregates: aggs } : {}),
  });
  return { ...model, independence: worldIndependence(actors, shapes) };
}
