import type { World } from '../World.ts';

/** What is left of `w`'s budget for `fault`; throws for a fault the world's actors never declared. */
function left(w: World, fault: string): number {
  const n = w.budget[fault];
  if (n === undefined) throw new Error(`fault '${fault}' is not declared by any actor of this world (declared: ${Object.keys(w.budget).join(', ')}); declare it in the kind's or variant's \`budgets\``);
  return n;
}

/**
 * Whether `w`'s budget for `fault` still allows one injection: the guard of a fault event.
 * Throws for an undeclared fault, which would otherwise disable the event silently.
 */
export function canSpend(w: World, fault: string): boolean {
  return left(w, fault) > 0;
}

/**
 * Spends one unit of the fault budget `fault` in the draft `w`. The budget record is replaced,
 * not changed: states share it until a fault is injected (see `copyWorld`). Throws for an
 * undeclared fault.
 */
export function spend(w: World, fault: string): void {
  w.budget = { ...w.budget, [fault]: left(w, fault) - 1 };
}
