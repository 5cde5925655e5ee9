import type { Budget, World } from '../World.ts';

/**
 * Spends one unit of the fault budget `fault` in the draft `w`. The budget record is replaced,
 * not changed: states share it until a fault is injected (see `copyWorld`).
 */
export function spend(w: World, fault: keyof Budget): void {
  w.budget = { ...w.budget, [fault]: w.budget[fault] - 1 };
}
