import type { AnyStateMachine } from 'xstate';
import type { Model } from '../src/engine/Model.ts';
import type { Property } from '../src/engine/Property.ts';
import { reachability } from '../properties/reachability.ts';
import { connectorMachine } from './pipeline/connectorMachine.ts';
import { pollingRelayMachine } from './pipeline/pollingRelay.ts';
import type { Action } from './world/Action.ts';
import { buildWorld, initialBudget } from './world/buildWorld.ts';
import { consumerCommitAfter, consumerCommitBefore } from './world/consumer.ts';
import { operatorMachine } from './world/operatorDef.ts';
import { checkScheduleRules } from './world/constrainSchedule.ts';
import type { World } from './world/World.ts';
import type { ConsumerInstance, WorldOptions } from './world/WorldOptions.ts';
import { resolveInvariant, type Invariant } from './Invariant.ts';
import { RegistryError } from './RegistryError.ts';
import type { Scenario, ScopeName } from './Scenario.ts';
import { invariants, scenarioDefs, type ScenarioDef } from './scenarioDefs.ts';

/**
 * Bump when a change to the world's semantics makes old replay strings meaningless. Version 3:
 * replay strings fingerprint a state's stable JSON instead of its key, so version-2 strings would
 * fail on the hash; the version check says why instead. Version 4: the world holds lists of
 * relay and connector instances (`relays`, `connectors`) and the database a list of named slots
 * (`slots`), instead of one of each, which changes every state's JSON. Version 5: consumer
 * instances keep only their positions; committed offsets and the store move to their consumer
 * group (`groups`). Version 6: the connector's snapshot reads rows in a chosen order (a
 * `ConnectorReadRow` choice per unread row), starts streaming before its records are sent,
 * redoes a snapshot READ COMMITTED, and Kafka Connect commits offsets on a timer, so the
 * choices of an old Debezium trace mean other steps. Version 7: the connector's stream position
 * and offsets carry `lastCommitLsn` (Debezium's `lsn_commit`), so connector states hash differently.
 * Version 8: a connector out of its snapshot keeps no start LSN or rows read (`start`, `cursor`),
 * so the states after a snapshot hash differently. Version 9: the ghost keeps only the highest
 * completed snapshot view, and a producer without idempotence numbers its pending records from
 * the lowest. Version 10: once no connector task can start again, Kafka Connect commits offsets
 * at the end of every connector step (`eagerOffsetCommit`), so there is no `FLUSH` step left to
 * choose and the stored offsets of those states differ. Version 11: a world without a
 * connector keeps no WAL (`Database.decoded`), so its states' JSON, and their fingerprints, differ.
 * Version 12: the ghost keeps the connectors' reads in a record of their own (`Ghost.stream`),
 * and only where a property reads it.
 */
export const modelVersion = '12';

/** Overrides for `buildScenario`: a named scope, then explicit sizes and engine switches. */
export interface BuildScenarioOptions {
  scope?: ScopeName;
  aggregates?: number;
  requests?: number;
  /** Step machines through compiled tables (default) or xstate's `transition` each step. */
  compiled?: boolean;
  /** Copy states by hand (default) or with immer's `produce`; see `WorldSpec.updates`. */
  updates?: 'immer' | 'copy';
  /** Keep the WAL even without a connector (`BuildOptions.keepWal`), for a replay on PostgreSQL. */
  keepWal?: boolean;
}

/** The world options of scenario `def` at `scope`, with size overrides. */
export function worldOptionsOf(def: ScenarioDef, o: BuildScenarioOptions = {}): WorldOptions {
  const scoped = { ...def.options, ...def.scopes[o.scope ?? 'small'] } as WorldOptions;
  return { ...scoped, ...(o.aggregates !== undefined ? { aggregates: o.aggregates } : {}), ...(o.requests !== undefined ? { requests: o.requests } : {}) };
}

/**
 * The properties checking the invariants `def` claims verdicts for, in `expected`'s order, in a
 * world built from `options`: each id resolved among the scenario's own invariants, then
 * `registered`. Throws a `RegistryError` for an id that is neither.
 */
export function expectedProperties(def: ScenarioDef, options: WorldOptions, registered: readonly Invariant[] = invariants): Property<World>[] {
  return Object.keys(def.expected).map((id) => resolveInvariant(def.id, id, def.invariants ?? [], registered).property(options));
}

/**
 * Whether the world of `def` must keep the ghost's stream record: its reach goals read it
 * (`ScenarioDef.readsGhostStream`), or an invariant it expects a verdict for declares that it
 * does (`Invariant.readsGhostStream`). Throws a `RegistryError` for an unknown invariant id.
 */
export function readsGhostStream(def: ScenarioDef, registered: readonly Invariant[] = invariants): boolean {
  return def.readsGhostStream === true || Object.keys(def.expected).some((id) => resolveInvariant(def.id, id, def.invariants ?? [], registered).readsGhostStream === true);
}

/**
 * Builds the model of catalogue entry `def`: its world at the scope (or explicit sizes, for
 * benchmarks of growth: aggregates 1→3, requests 1→3), with one property per expected
 * invariant (named by its id) and the reachability properties, keeping the ghost's stream
 * record only when one of them reads it (`readsGhostStream`). Pure.
 */
export function buildScenarioOf(def: ScenarioDef, o: BuildScenarioOptions = {}, registered: readonly Invariant[] = invariants): Model<World, Action> {
  const options = worldOptionsOf(def, o);
  return buildWorld(options, {
    name: def.id,
    version: modelVersion,
    properties: [...expectedProperties(def, options, registered), ...reachability(initialBudget(def.id, options), options.aggregates * options.requests > 1), ...(def.reach ?? [])],
    ghostStream: readsGhostStream(def, registered),
    ...(o.compiled === undefined ? {} : { compiled: o.compiled }),
    ...(o.updates === undefined ? {} : { updates: o.updates }),
    ...(o.keepWal ? { keepWal: true } : {}),
  });
}

/** Builds registered scenario `id`'s model (see `buildScenarioOf`). Pure. */
export function buildScenario(id: string, o: BuildScenarioOptions = {}): Model<World, Action> {
  const def = scenarioDefs.find((d) => d.id === id);
  if (!def) throw new Error(`unknown scenario ${id}`);
  return buildScenarioOf(def, o);
}

function machinesOf(options: WorldOptions): Record<string, AnyStateMachine> {
  const out: Record<string, AnyStateMachine> = { service: options.service };
  const v = options.variants ?? {};
  if (options.pipeline.kind === 'debezium') out.connector = v.connector?.machine ?? connectorMachine;
  if (options.pipeline.kind === 'polling-relay') out.relay = v.relay?.machine ?? pollingRelayMachine;
  out.consumer = v.consumer?.machine ?? (options.consumer.commit === 'after' ? consumerCommitAfter : consumerCommitBefore);
  if (options.listener) out.listener = consumerCommitAfter;
  if (options.schemaChange) out.operator = operatorMachine;
  return out;
}

function knobsOf(options: WorldOptions): Record<string, unknown> {
  const { service, variants, ...rest } = options;
  const named = Object.entries(variants ?? {}).map(([kind, v]) => [`${kind}Variant`, v.machine.id] as const);
  // A consumer instance's own variant is named by its machine's id, like the kinds' variants.
  const instance = ({ variant, ...c }: ConsumerInstance) => (variant ? { ...c, variant: variant.machine.id } : c);
  const consumers = { consumer: instance(rest.consumer), ...(rest.extraConsumers ? { extraConsumers: rest.extraConsumers.map(instance) } : {}) };
  return { strategy: service.id, ...Object.fromEntries(named), ...rest, ...consumers };
}

/**
 * The checkable scenarios of catalogue entries `defs`, with invariants resolved against
 * `registered`. Checks the registry first: a repeated scenario or invariant id, an expected
 * verdict for an invariant nobody registered, a schedule rule the world cannot honour, or a
 * budget naming a fault no actor of the world declares, is a `RegistryError` naming it.
 */
export function scenariosFrom(defs: readonly ScenarioDef[], registered: readonly Invariant[] = invariants): Scenario<World, Action>[] {
  const repeated = (ids: readonly string[]) => ids.find((id, i) => ids.indexOf(id) !== i);
  const scenarioId = repeated(defs.map((d) => d.id));
  if (scenarioId !== undefined) throw new RegistryError(`two scenarios have the id '${scenarioId}'; give each its own`);
  const invariantId = repeated(registered.map((i) => i.id));
  if (invariantId !== undefined) throw new RegistryError(`two invariants have the id '${invariantId}'; give each its own`);
  for (const def of defs) {
    for (const id of Object.keys(def.expected)) resolveInvariant(def.id, id, def.invariants ?? [], registered);
    for (const scope of ['small', 'medium', 'large'] as const) {
      const o = worldOptionsOf(def, { scope });
      checkScheduleRules(o.schedule ?? [], o.pipeline.kind === 'debezium');
      initialBudget(def.id, o);
    }
  }
  return defs.map((def) => ({
    id: def.id,
    title: def.title,
    explanation: def.explanation,
    expected: def.expected,
    knobs: knobsOf(worldOptionsOf(def)),
    model: (scope?: ScopeName) => buildScenarioOf(def, scope ? { scope } : {}, registered),
    machines: () => machinesOf(worldOptionsOf(def)),
  }));
}

/** Every registered scenario, in catalogue order (SCENARIOS.md), then the ones added. */
export const scenarios: readonly Scenario<World, Action>[] = scenariosFrom(scenarioDefs);

/** The scenario with id `id`, or undefined. */
export function getScenario(id: string): Scenario<World, Action> | undefined {
  return scenarios.find((s) => s.id === id);
}
