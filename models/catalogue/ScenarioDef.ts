import type { Property } from '../../src/engine/Property.ts';
import { defaultConnector, type ConnectorConfig } from '../pipeline/ConnectorConfig.ts';
import type { World } from '../world/World.ts';
import type { AnyStateMachine } from 'xstate';
import { defaultWorldOptions, type WorldOptions } from '../world/WorldOptions.ts';
import type { Invariant } from '../Invariant.ts';
import type { ScopeName, Verdict } from '../Scenario.ts';

/** A catalogue entry: the scenario's claims and its world at each scope. */
export interface ScenarioDef {
  id: string;
  title: string;
  explanation: string;
  /** Expected verdict per invariant id: a registered invariant, or one of `invariants`. */
  expected: Readonly<Record<string, Verdict>>;
  options: WorldOptions;
  /** Per-scope overrides of `options`; `small` is what `npm test` checks exhaustively. */
  scopes: Readonly<Record<ScopeName, Partial<WorldOptions>>>;
  /** Extra reachability properties naming the scenario's mechanism. */
  reach?: readonly Property<World>[];
  /**
   * Whether a property of `reach` reads the ghost's stream record (`Ghost.stream`, through
   * `ghostStreamOf`): the world keeps it only then, or when an expected invariant declares it
   * (`Invariant.readsGhostStream`).
   */
  readsGhostStream?: boolean;
  /** Invariants of this scenario's own, besides the registered ones; `expected` names them by id. */
  invariants?: readonly Invariant[];
}

/** What a scenario built from a strategy may set besides its knobs: its own names and claims. */
export interface ScenarioAbout {
  /** The scenario id (default: the machine's id). */
  id?: string;
  /** One line (default: the first line of the machine's description). */
  title?: string;
  /** A paragraph (default: the machine's description). */
  explanation?: string;
  /** Extra reachability properties naming the scenario's mechanism. */
  reach?: readonly Property<World>[];
  /** See `ScenarioDef.readsGhostStream`. */
  readsGhostStream?: boolean;
  /** Invariants of the scenario's own (see `ScenarioDef.invariants`). */
  invariants?: readonly Invariant[];
}

/** The Debezium pipeline with `c` over the defaults. */
export const debezium = (c: Partial<ConnectorConfig>): WorldOptions['pipeline'] => ({ kind: 'debezium', connector: { ...defaultConnector, ...c } });
/**
 * Debezium capturing the account table itself, with raw change events. The snapshot reads in
 * key order: the account table holds one row per aggregate, so the order of its rows cannot put
 * one aggregate's events out of order, and no invariant compares aggregates; heap order would
 * multiply the states for nothing (measured: the table-capture verdicts are the same).
 */
export const tableCapture: Partial<ConnectorConfig> = { tables: ['account'], route: 'table', topicPrefix: 'dbserver1', snapshotOrder: 'key' };
/** Some business change has committed. */
export const committedSome = (w: World) => w.ghost.committed.length > 0;

/**
 * A catalogue entry for a strategy in one line: the scenario id and title come from the
 * machine (`id`, `description`) unless `about` names them, the world from `options` over the
 * defaults (one aggregate, one request, no pipeline unless given, Kafka Connect and consumer
 * defaults); the medium scope adds a request and the large one an aggregate. For example:
 * `strategyScenario(myStrategy, { 'no-lost-events': 'holds' }, { budget: { serviceCrash: 1 } })`,
 * or, for an existing strategy with only knobs changed, under its own names:
 * `strategyScenario(outboxCdc, { 'exactly-once-effect': 'violated' }, { pipeline: debezium({}) }, { id: 'my-variant', title: '…', explanation: '…' })`.
 */
export function strategyScenario(service: AnyStateMachine, expected: ScenarioDef['expected'], options: Partial<WorldOptions> = {}, about: ScenarioAbout = {}): ScenarioDef {
  const description = String(service.config.description ?? service.id);
  const world: WorldOptions = { ...defaultWorldOptions, ...options, service };
  return {
    id: about.id ?? service.id,
    title: about.title ?? description.split('\n')[0]!,
    explanation: about.explanation ?? description,
    expected,
    options: world,
    scopes: { small: {}, medium: { requests: world.requests + 1 }, large: { aggregates: world.aggregates + 1, requests: world.requests + 1 } },
    ...(about.reach ? { reach: about.reach } : {}),
    ...(about.readsGhostStream ? { readsGhostStream: true } : {}),
    ...(about.invariants ? { invariants: about.invariants } : {}),
  };
}
