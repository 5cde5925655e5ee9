import type { AnyStateMachine } from 'xstate';
import type { Model } from '../src/engine/Model.ts';
import type { Property } from '../src/engine/Property.ts';
import { atLeastOnce } from '../properties/atLeastOnce.ts';
import { consumerContract } from '../properties/consumerContract.ts';
import { exactlyOnceEffect } from '../properties/exactlyOnceEffect.ts';
import { noLostEvents } from '../properties/noLostEvents.ts';
import { noPhantomEvents } from '../properties/noPhantomEvents.ts';
import { perAggregateOrder } from '../properties/perAggregateOrder.ts';
import { reachability } from '../properties/reachability.ts';
import { snapshotStreamConsistency } from '../properties/snapshotStreamConsistency.ts';
import { connectorMachine } from './pipeline/connectorMachine.ts';
import { pollingRelayMachine } from './pipeline/pollingRelay.ts';
import type { Action } from './world/Action.ts';
import { buildWorld, eventTopic } from './world/buildWorld.ts';
import { consumerCommitAfter, consumerCommitBefore } from './world/consumer.ts';
import { operatorMachine } from './world/operatorDef.ts';
import { noFaults, type World } from './world/World.ts';
import type { WorldOptions } from './world/WorldOptions.ts';
import type { InvariantId, Scenario, ScopeName } from './Scenario.ts';
import { scenarioDefs, type ScenarioDef } from './scenarioDefs.ts';

/**
 * Bump when a change to the world's semantics makes old replay strings meaningless. Version 3:
 * replay strings fingerprint a state's stable JSON instead of its key, so version-2 strings would
 * fail on the hash; the version check says why instead.
 */
export const modelVersion = '3';

/** Overrides for `buildScenario`: a named scope, then explicit sizes and engine switches. */
export interface BuildScenarioOptions {
  scope?: ScopeName;
  aggregates?: number;
  requests?: number;
  /** Step machines through compiled tables (default) or xstate's `transition` each step. */
  compiled?: boolean;
  /** Copy states by hand (default) or with immer's `produce`; see `WorldSpec.updates`. */
  updates?: 'immer' | 'copy';
}

/** The world options of scenario `def` at `scope`, with size overrides. */
export function worldOptionsOf(def: ScenarioDef, o: BuildScenarioOptions = {}): WorldOptions {
  const scoped = { ...def.options, ...def.scopes[o.scope ?? 'small'] } as WorldOptions;
  return { ...scoped, ...(o.aggregates !== undefined ? { aggregates: o.aggregates } : {}), ...(o.requests !== undefined ? { requests: o.requests } : {}) };
}

/** The property that checks invariant `id` in a world built from `options`. */
export function invariantProperty(id: InvariantId, options: WorldOptions): Property<World> {
  switch (id) {
    case 'no-lost-events':
      return noLostEvents;
    case 'no-phantom-events':
      return noPhantomEvents;
    case 'at-least-once':
      return atLeastOnce;
    case 'exactly-once-effect':
      return exactlyOnceEffect;
    case 'per-aggregate-order':
      return perAggregateOrder;
    case 'snapshot-stream-consistency':
      return snapshotStreamConsistency(options.pipeline.kind === 'debezium' ? options.pipeline.connector.tables : []);
    case 'consumer-contract': {
      const raw = options.pipeline.kind === 'debezium' && options.pipeline.connector.route === 'table';
      return consumerContract({ topic: eventTopic(options), fields: raw ? ['id', 'balance'] : ['accountId', 'balance'] });
    }
  }
}

/**
 * Builds scenario `id`'s model: its world at the scope (or explicit sizes, for benchmarks of
 * growth: aggregates 1→3, requests 1→3), with one property per expected invariant (named by
 * its id) and the reachability properties. Pure.
 */
export function buildScenario(id: string, o: BuildScenarioOptions = {}): Model<World, Action> {
  const def = scenarioDefs.find((d) => d.id === id);
  if (!def) throw new Error(`unknown scenario ${id}`);
  const options = worldOptionsOf(def, o);
  const invariants = (Object.keys(def.expected) as InvariantId[]).map((inv) => invariantProperty(inv, options));
  return buildWorld(options, {
    name: def.id,
    version: modelVersion,
    properties: [...invariants, ...reachability({ ...noFaults, ...options.budget }, options.aggregates * options.requests > 1), ...(def.reach ?? [])],
    ...(o.compiled === undefined ? {} : { compiled: o.compiled }),
    ...(o.updates === undefined ? {} : { updates: o.updates }),
  });
}

function machinesOf(options: WorldOptions): Record<string, AnyStateMachine> {
  const out: Record<string, AnyStateMachine> = { service: options.service };
  if (options.pipeline.kind === 'debezium') out.connector = connectorMachine;
  if (options.pipeline.kind === 'polling-relay') out.relay = pollingRelayMachine;
  out.consumer = options.consumer.commit === 'after' ? consumerCommitAfter : consumerCommitBefore;
  if (options.listener) out.listener = consumerCommitAfter;
  if (options.schemaChange) out.operator = operatorMachine;
  return out;
}

function knobsOf(options: WorldOptions): Record<string, unknown> {
  const { service, ...rest } = options;
  return { strategy: service.id, ...rest };
}

/** Every registered scenario, in catalogue order (SCENARIOS.md). */
export const scenarios: readonly Scenario<World, Action>[] = scenarioDefs.map((def) => ({
  id: def.id,
  title: def.title,
  explanation: def.explanation,
  expected: def.expected,
  knobs: knobsOf(worldOptionsOf(def)),
  model: (scope?: ScopeName) => buildScenario(def.id, scope ? { scope } : {}),
  machines: () => machinesOf(worldOptionsOf(def)),
}));

/** The scenario with id `id`, or undefined. */
export function getScenario(id: string): Scenario<World, Action> | undefined {
  return scenarios.find((s) => s.id === id);
}
