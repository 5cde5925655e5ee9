import type { Budgets } from '../../src/engine/Budgets.ts';
import type { ActorDef } from './ActorDef.ts';
import type { Budget, World } from './World.ts';

/**
 * The world's fault budgets that subsumption may compare (`Model.budgets`): every fault with a
 * budget above 0 in `initial`, in the order of the world's budget, but those an actor kind says
 * may strike an idle world (`ActorDef.idleFaults`). A fault only ever enables its own event, and
 * the catalogue's invariants never read a budget (only its reachability goals do, which are
 * `sometimes` properties), so a world with more of these budgets left can do all that one with
 * less can. Also left out: the budgets an actor's effects read (`ActorDef.readsBudgets`), with
 * which a world does something else, not more. That a fault strikes only while other work is in progress is checked by the search,
 * in every terminal state and every state it skips (`src/engine/Budgets.ts`, guarantee 2).
 */
export function worldBudgets(initial: World, actors: readonly ActorDef[]): Budgets<World> {
  const idle = new Set(actors.flatMap((d) => [...(d.idleFaults ?? []), ...(d.readsBudgets ?? [])]));
  const faults = Object.keys(initial.budget).filter((f) => !idle.has(f) && initial.budget[f]! > 0);
  const most = faults.map((f) => initial.budget[f]!);
  // Each budget record's copy with every budget at its most, made once: the search asks for it
  // with every state it keys (`BudgetKeys.baseOf`), and one object keeps the prints' memos warm.
  const full = new WeakMap<Budget, Budget>();
  const budgetWith = (budget: Budget, left: readonly number[]): Budget => {
    const out: Record<string, number> = { ...budget };
    faults.forEach((f, i) => (out[f] = left[i]!));
    return out;
  };
  return {
    most,
    left: (w) => faults.map((f) => w.budget[f]!),
    withLeft(w, left) {
      const atMost = left.every((n, i) => n === most[i]);
      let budget = atMost ? full.get(w.budget) : undefined;
      if (budget === undefined) {
        budget = budgetWith(w.budget, left);
        if (atMost) full.set(w.budget, budget);
      }
      return { ...w, budget };
    },
  };
}
