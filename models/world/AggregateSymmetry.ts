import { StructuralFingerprint } from '../../src/engine/StructuralFingerprint.ts';
import { renameAggregates } from './renameAggregates.ts';
import type { World } from './World.ts';

/**
 * Symmetry reduction over interchangeable aggregates: the representative of a world is, of the
 * world and its copies under every renaming of the aggregates (`renameAggregates`), the one with
 * the least content fingerprint (`StructuralFingerprint`, a hash of the stable JSON). Two worlds
 * that differ only by a renaming have the same set of renamed copies, so they get the same
 * representative: each class of worlds equal up to renaming is explored once. Nothing here lists
 * a field of the world.
 *
 * The choice depends on the content alone, so it is the same in every thread and process: the
 * parallel search's workers, each with its own model, agree on it. (It was once the copy of least
 * `StructuralKeys` key, whose numbering is one object's own: two workers then chose differently,
 * and one class was counted once per worker.) Two copies of equal fingerprint but different JSON,
 * a 64-bit collision, only cost a class explored twice: every choice is a copy of the world, so the
 * reduction stays sound whichever is taken.
 *
 * Sound when the aggregates really are interchangeable: the same requests and services for each,
 * and a single partition per topic (with more, the key hash tells aggregates apart). Costs one
 * renamed copy and one fingerprint per renaming (n! - 1 for n aggregates), each paying only for the
 * parts the last step changed.
 */
export class AggregateSymmetry {
  readonly #aggregates: readonly string[];
  /** Every order of the aggregates but the identity. */
  readonly #orders: readonly (readonly number[])[];
  /** One fingerprinter for the worlds and one per order for their copies, so each keeps its own memos. */
  readonly #prints: readonly StructuralFingerprint[];
  readonly #best = new Int32Array(2);
  readonly #print = new Int32Array(2);

  /** `aggregates`: the interchangeable aggregates' names. */
  constructor(aggregates: readonly string[]) {
    this.#aggregates = aggregates;
    this.#orders = permutations(aggregates.length).filter((o) => o.some((x, k) => x !== k));
    this.#prints = [new StructuralFingerprint(), ...this.#orders.map(() => new StructuralFingerprint())];
  }

  /** The world's representative: itself or one of its renamed copies. */
  representative(world: World): World {
    return this.#choose(world);
  }

  /**
   * The fingerprint of the world's class, into `into`: the content fingerprint of its
   * representative (`StructuralFingerprint`), which choosing it computed already, so the search
   * need not fingerprint the representative again (`Model.representativeFingerprint`).
   */
  representativeFingerprint(world: World, into: Int32Array): void {
    this.#choose(world);
    into.set(this.#best);
  }

  /** The representative, with its fingerprint left in `#best`. */
  #choose(world: World): World {
    let best = world;
    const least = this.#best;
    const print = this.#print;
    this.#prints[0]!.fingerprint(world, least);
    for (let i = 0; i < this.#orders.length; i++) {
      const copy = renameAggregates(world, this.#aggregates, this.#orders[i]!);
      this.#prints[i + 1]!.fingerprint(copy, print);
      if (print[0]! < least[0]! || (print[0] === least[0] && print[1]! < least[1]!)) {
        best = copy;
        least.set(print);
      }
    }
    return best;
  }
}

/** Every order of 0 … n-1, the identity first. */
function permutations(n: number): number[][] {
  if (n === 0) return [[]];
  const out: number[][] = [];
  for (const rest of permutations(n - 1)) for (let at = rest.length; at >= 0; at--) out.push([...rest.slice(0, at), n - 1, ...rest.slice(at)]);
  return out;
}
