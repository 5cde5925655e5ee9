import { sometimes, type Property, type ReductionHints } from '../src/engine/Property.ts';
import type { Budget, World } from '../models/world/World.ts';
import { worldResources } from '../models/world/worldIndependence.ts';

/**
 * `sometimes` properties that keep a scenario from passing vacuously: the (first) consumer group applies
 * some event, and every fault the scope allows is injected somewhere. With `withDelivery`
 * (scopes of two requests or more) each fault must also be followed or preceded by an applied
 * event in some state: "a crash, and still an event delivered". Each must be reachable. Each is
 * stable, for partial-order reduction.
 */
export function reachability(initial: Readonly<Budget>, withDelivery: boolean): Property<World>[] {
  // Stable: budgets only go down and `applied` only grows, so each, once witnessed, stays so.
  const out: Property<World>[] = [sometimes<World>('sometimes: an event is applied', (w) => w.groups[0]!.applied.length > 0, stable)];
  for (const [key, amount] of Object.entries(initial)) {
    if (amount === 0) continue;
    out.push(
      withDelivery
        ? sometimes<World>(`sometimes: ${key} injected and an event applied`, (w) => w.budget[key]! < amount && w.groups[0]!.applied.length > 0, stable)
        : sometimes<World>(`sometimes: ${key} injected`, (w) => w.budget[key]! < amount, stable),
    );
  }
  return out;
}

/**
 * Hints for a `reach` property that reads only what is upstream of the broker (the database, the
 * ghost record, the services', connectors' and relays' records) and the budgets of `faults`.
 */
export function readsUpstream(...faults: string[]): ReductionHints<World> {
  const budgets = faults.map(worldResources.budget);
  return { reads: (w) => [...worldResources.upstream(w), ...budgets] };
}

/** Hints for a `reach` property that reads what is upstream of the broker, and the broker. */
export const readsUpstreamAndBroker: ReductionHints<World> = { reads: (w) => [...worldResources.upstream(w), ...worldResources.broker(w)] };

/** Hints for a `reach` property that, once witnessed, stays witnessed in every later state. */
export const stable: ReductionHints<World> = { stable: true };

/**
 * Reachability of a named situation. `hints` may say, for partial-order reduction, that it is
 * stable or what it reads (`ReductionHints`, with `worldResources` names).
 */
export function reach(name: string, holds: (w: World) => boolean, hints?: ReductionHints<World>): Property<World> {
  return sometimes<World>(`sometimes: ${name}`, holds, hints);
}
