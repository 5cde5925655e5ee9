import type { Model } from '../../src/engine/Model.ts';
import type { Action } from '../../models/world/Action.ts';
import type { World } from '../../models/world/World.ts';

/**
 * The states after taking, one by one, the first enabled action whose label matches each
 * pattern, starting from the model's first initial state; throws, listing the enabled actions,
 * when a pattern matches none. For tests that follow one schedule step by step.
 */
export function walk(model: Model<World, Action>, steps: readonly RegExp[]): World[] {
  const out = [model.initial()[0]!];
  for (const step of steps) {
    const s = out.at(-1)!;
    const a = model.actions(s).find((x) => step.test(x.label));
    if (!a) throw new Error(`no action ${step} among ${model.actions(s).map((x) => x.label).join(', ')}`);
    out.push(model.next(s, a));
  }
  return out;
}
