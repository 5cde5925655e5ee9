import type { Model } from '../../src/engine/Model.ts';
import { stableKey } from '../../src/engine/stableKey.ts';
import type { Action } from '../world/Action.ts';
import type { World } from '../world/World.ts';

/**
 * Every state `model` reaches, by its stable key: a plain depth-first search without the engine,
 * for tests that compare two worlds' whole state spaces. Keep the model small.
 */
export function reachableWorlds(model: Model<World, Action>): Map<string, World> {
  const seen = new Map<string, World>();
  const stack = [...model.initial()];
  while (stack.length) {
    const s = stack.pop()!;
    const k = stableKey(s);
    if (seen.has(k)) continue;
    seen.set(k, s);
    for (const a of model.actions(s)) stack.push(model.next(s, a));
  }
  return seen;
}
