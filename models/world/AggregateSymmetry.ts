import { StructuralKeys } from '../../src/engine/StructuralKeys.ts';
import { renameAggregates } from './renameAggregates.ts';
import type { World } from './World.ts';

/**
 * Symmetry reduction over interchangeable aggregates, keyed by the engine's generic key: the
 * representative of a world is, of the world and its copies under every renaming of the
 * aggregates (`renameAggregates`), the one with the least key. Two worlds that differ only by a
 * renaming have the same set of renamed copies, so they get the same representative: each
 * class of worlds equal up to renaming is explored once. Nothing here lists a field of the world.
 *
 * Sound when the aggregates really are interchangeable: the same requests and services for each,
 * and a single partition per topic (with more, the key hash tells aggregates apart). Keys are
 * compared within this object's own `StructuralKeys`, so a representative is canonical for the
 * life of one model. Costs one renamed copy and one key per renaming (n! - 1 for n aggregates),
 * each paying only for the parts the last step changed.
 */
export class AggregateSymmetry {
  readonly #keys = new StructuralKeys();
  readonly #aggregates: readonly string[];
  /** Every order of the aggregates but the identity. */
  readonly #orders: readonly (readonly number[])[];

  /** `aggregates`: the interchangeable aggregates' names. */
  constructor(aggregates: readonly string[]) {
    this.#aggregates = aggregates;
    this.#orders = permutations(aggregates.length).filter((o) => o.some((x, k) => x !== k));
  }

  /** The world's representative: itself or one of its renamed copies. */
  representative(world: World): World {
    return this.#least(world)[0];
  }

  /** The key of the world's representative, equal for two worlds exactly when their representatives are equal. */
  representativeKey(world: World): string {
    return this.#least(world)[1];
  }

  #least(world: World): [World, string] {
    let best = world;
    let bestKey = this.#keys.key(world);
    for (const order of this.#orders) {
      const copy = renameAggregates(world, this.#aggregates, order);
      const key = this.#keys.key(copy);
      if (key < bestKey) {
        best = copy;
        bestKey = key;
      }
    }
    return [best, bestKey];
  }
}

/** Every order of 0 … n-1, the identity first. */
function permutations(n: number): number[][] {
  if (n === 0) return [[]];
  const out: number[][] = [];
  for (const rest of permutations(n - 1)) for (let at = rest.length; at >= 0; at--) out.push([...rest.slice(0, at), n - 1, ...rest.slice(at)]);
  return out;
}
