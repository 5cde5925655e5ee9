import type { Property } from '../src/engine/Property.ts';
import type { World } from './world/World.ts';
import type { WorldOptions } from './world/WorldOptions.ts';
import { RegistryError } from './RegistryError.ts';

/**
 * A registered invariant: a stable id and the property that checks it in a world. Built-in and
 * user invariants are the same thing; a scenario names the ones it claims a verdict for in its
 * `expected`, and each becomes one property of its model, one row of the verdict matrix, the
 * reports and `--json`.
 *
 * Contract: `property(options)` is pure and returns a property named `id`, of any kind
 * (`always`, `eventually`, `atQuiescence`, `sometimes`).
 */
export interface Invariant {
  /** The stable id a scenario's `expected` names, for example `no-lost-events`. */
  readonly id: string;
  /** The property checking the invariant in a world built from `options`. */
  property(options: WorldOptions): Property<World>;
  /**
   * Whether the property reads the ghost's stream record (`Ghost.stream`, through
   * `ghostStreamOf`). A world keeps that record only when one of its invariants, or its
   * scenario's reach goals, says so; a property that reads it undeclared throws.
   */
  readonly readsGhostStream?: boolean;
}

/** What an invariant declares beside its property (see `Invariant`). */
export interface InvariantOptions {
  /** The property reads the ghost's stream record (`Invariant.readsGhostStream`). */
  readsGhostStream?: boolean;
}

/**
 * An invariant from a property over `World`, whose id is the property's name:
 * `invariant(always('balance-never-negative', (w) => …))`. Or, when the property depends on
 * the world's knobs (the captured tables, the topic), from an id and a function of the world
 * options: `invariant('consumer-contract', (o) => consumerContract(…))`. `declared` says which
 * of the world's optional records it reads (`InvariantOptions`).
 */
export function invariant(property: Property<World>, declared?: InvariantOptions): Invariant;
export function invariant(id: string, build: (options: WorldOptions) => Property<World>, declared?: InvariantOptions): Invariant;
export function invariant(first: Property<World> | string, second?: ((options: WorldOptions) => Property<World>) | InvariantOptions, third?: InvariantOptions): Invariant {
  const declared = (typeof first === 'string' ? third : (second as InvariantOptions | undefined)) ?? {};
  const reads = declared.readsGhostStream ? { readsGhostStream: true } : {};
  if (typeof first !== 'string') return { id: first.name, property: () => first, ...reads };
  const id = first;
  const build = second as (options: WorldOptions) => Property<World>;
  return {
    id,
    ...reads,
    property(options) {
      const p = build(options);
      if (p.name !== id) throw new RegistryError(`invariant '${id}' built a property named '${p.name}'; name it '${id}'`);
      return p;
    },
  };
}

/**
 * The invariant named `id` for scenario `scenario`: the scenario's own invariants first, then
 * the registered ones. Throws a `RegistryError` naming the scenario, the unknown id and the
 * known ones.
 */
export function resolveInvariant(scenario: string, id: string, own: readonly Invariant[], registered: readonly Invariant[]): Invariant {
  const found = own.find((i) => i.id === id) ?? registered.find((i) => i.id === id);
  if (found) return found;
  const known = [...new Set([...own, ...registered].map((i) => i.id))].join(', ');
  throw new RegistryError(`scenario '${scenario}' expects a verdict for unknown invariant '${id}' (known: ${known}); register it in models/scenarioDefs.ts or the scenario's own \`invariants\``);
}
