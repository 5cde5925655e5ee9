import type { Property } from '../../src/engine/Property.ts';
import { defaultConnector, type ConnectorConfig } from '../pipeline/ConnectorConfig.ts';
import type { World } from '../world/World.ts';
import type { WorldOptions } from '../world/WorldOptions.ts';
import type { InvariantId, ScopeName, Verdict } from '../Scenario.ts';

/** A catalogue entry: the scenario's claims and its world at each scope. */
export interface ScenarioDef {
  id: string;
  title: string;
  explanation: string;
  expected: Readonly<Partial<Record<InvariantId, Verdict>>>;
  options: WorldOptions;
  /** Per-scope overrides of `options`; `small` is what `npm test` checks exhaustively. */
  scopes: Readonly<Record<ScopeName, Partial<WorldOptions>>>;
  /** Extra reachability properties naming the scenario's mechanism. */
  reach?: readonly Property<World>[];
}

/** The Debezium pipeline with `c` over the defaults. */
export const debezium = (c: Partial<ConnectorConfig>): WorldOptions['pipeline'] => ({ kind: 'debezium', connector: { ...defaultConnector, ...c } });
/** Debezium capturing the account table itself, with raw change events. */
export const tableCapture: Partial<ConnectorConfig> = { tables: ['account'], route: 'table', topicPrefix: 'dbserver1' };
/** Some business change has committed. */
export const committedSome = (w: World) => w.ghost.committed.length > 0;
