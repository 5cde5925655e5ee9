import { RegistryError } from '../RegistryError.ts';
import type { Budget } from './World.ts';

/**
 * The faults an actor kind (or a variant) can inject, by the name of the budget each spends,
 * with a one-line description of what the fault is in the real system. Declare them as a
 * constant with a TSDoc comment on each name, beside the kind's definition, for example
 * `{ consumerCrash: 'a consumer process dies…' }`. Several kinds may declare one name: they
 * then draw on one budget (a polling relay's crash spends `connectorCrash`, the pipeline
 * process's crash). A scenario's `budget` may only name declared faults.
 */
export type FaultDeclarations = Readonly<Record<string, string>>;

/**
 * The initial budget of a world whose actors declare `declared`: every declared fault at 0, in
 * declaration order, then the amounts of `requested`. Throws a `RegistryError` naming `scenario`,
 * the unknown fault and the declared ones when `requested` names a fault nobody declares, or
 * gives an amount that is not a whole number from 0. Pure.
 */
export function budgetOf(scenario: string, declared: FaultDeclarations, requested: Readonly<Record<string, number>>): Budget {
  const out: Record<string, number> = {};
  for (const name of Object.keys(declared)) out[name] = 0;
  for (const [name, amount] of Object.entries(requested)) {
    if (!Object.hasOwn(declared, name)) throw new RegistryError(`scenario '${scenario}': budget names fault '${name}', which no actor of its world declares (declared: ${Object.keys(declared).join(', ')})`);
    if (!Number.isInteger(amount) || amount < 0) throw new RegistryError(`scenario '${scenario}': budget of fault '${name}' is ${String(amount)}; give a whole number from 0`);
    out[name] = amount;
  }
  return out;
}
