import type { TraceStep } from '../CheckResult.ts';
import { ModelError } from '../CheckerError.ts';
import type { Fairness } from '../Fairness.ts';
import type { Model } from '../Model.ts';

/** At most this many fairness constraints: each is a bit of a 32-bit mask. */
export const MAX_FAIRNESS = 31;

/**
 * A model's fairness constraints, checked for shape once and asked of each action as a bit mask
 * (bit `g` set when the action belongs to `model.fairness[g]`). A constraint that throws or
 * answers anything but a boolean is a `ModelError` naming it.
 */
export class FairGroups<A> {
  readonly kinds: ('weak' | 'strong')[];
  readonly #groups: readonly Fairness<A>[];

  constructor(
    readonly model: Model<unknown, A>,
    private readonly format: (action: A) => string,
  ) {
    const groups = model.fairness ?? [];
    if (!Array.isArray(groups)) {
      throw new ModelError('bad-fairness', `model ${model.name}: fairness must be an array`, 'Use fairness: [weakFairness(name, includes), ...].');
    }
    if (groups.length > MAX_FAIRNESS) {
      throw new ModelError('bad-fairness', `model ${model.name} declares ${groups.length} fairness constraints; at most ${MAX_FAIRNESS} are supported`, 'Group actions into fewer constraints, e.g. one per actor.');
    }
    for (const f of groups) {
      if (!f || (f.kind !== 'weak' && f.kind !== 'strong') || typeof f.includes !== 'function' || typeof f.name !== 'string') {
        throw new ModelError('bad-fairness', `model ${model.name} has a malformed fairness constraint ${JSON.stringify(f?.name)}`, 'Build fairness constraints with weakFairness(name, includes) or strongFairness(name, includes).');
      }
    }
    this.#groups = groups;
    this.kinds = groups.map((f) => f.kind);
  }

  /** The bit mask of the groups `action` belongs to. */
  of(action: A, trace: () => readonly TraceStep<unknown, unknown>[]): number {
    let mask = 0;
    for (let g = 0; g < this.#groups.length; g++) {
      const f = this.#groups[g]!;
      let inGroup: unknown;
      try {
        inGroup = f.includes(action);
      } catch (err) {
        const what = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
        throw new ModelError('fairness-threw', `model ${this.model.name}: fairness "${f.name}" threw ${what} for ${this.format(action)}`, 'includes(action) must answer true or false for every action.', trace(), err);
      }
      if (typeof inGroup !== 'boolean') {
        throw new ModelError('fairness-not-boolean', `model ${this.model.name}: fairness "${f.name}" returned ${String(inGroup)} for ${this.format(action)}, not true or false`, 'includes(action) must return a boolean.', trace());
      }
      if (inGroup) mask |= 1 << g;
    }
    return mask;
  }
}
