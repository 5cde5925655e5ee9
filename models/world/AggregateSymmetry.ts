import { StructuralFingerprint } from '../../src/engine/StructuralFingerprint.ts';
import { aggregateRenamer, renameAggregates, setLikePaths } from './renameAggregates.ts';
import type { World } from './World.ts';

/**
 * Symmetry reduction over interchangeable aggregates: the representative of a world is, of the
 * world and its copies under every renaming of the aggregates (`renameAggregates`), the one with
 * the least content fingerprint. Two worlds that differ only by a renaming have the same set of
 * renamed copies, so they get the same representative: each class of worlds equal up to renaming
 * is explored once. Nothing here lists a field of the world.
 *
 * No copy is built to choose: each renaming has a `StructuralFingerprint` that hashes the world
 * as if renamed (`aggregateRenamer`), with its set-like lists as multisets (`setLikePaths`), which
 * is the content fingerprint, so hashed, of the renamed and re-sorted copy. Each fingerprinter
 * keeps its own memos, so it pays only for the parts the last step changed. The copy is built
 * only when the representative itself is asked for (`representative`), and only the chosen one;
 * `representativeFingerprint` builds none. (Building every copy to hash it was once half the cost
 * of a search with symmetry.)
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
 * fingerprint per renaming (n! for n aggregates, the identity included).
 */
export class AggregateSymmetry {
  readonly #aggregates: readonly string[];
  /** Every order of the aggregates, the identity first. */
  readonly #orders: readonly (readonly number[])[];
  /** One fingerprinter per order, hashing the world as renamed by it, so each keeps its own memos. */
  readonly #prints: readonly StructuralFingerprint[];
  readonly #best = new Int32Array(2);
  readonly #print = new Int32Array(2);
  /** The world `memberFingerprint` printed last, and its print: `#choose` starts from it. */
  #member: World | null = null;
  readonly #memberPrint = new Int32Array(2);

  /** `aggregates`: the interchangeable aggregates' names. */
  constructor(aggregates: readonly string[]) {
    this.#aggregates = aggregates;
    this.#orders = permutations(aggregates.length);
    this.#prints = this.#orders.map(
      (order, i) => new StructuralFingerprint(i === 0 ? { unordered: setLikePaths } : { rename: aggregateRenamer(aggregates, order), unordered: setLikePaths }),
    );
  }

  /**
   * The world's representative: its renamed copy (the identity among the renamings) of least
   * fingerprint, with its set-like lists sorted. Always a copy, never the world itself: the
   * fingerprints hash those lists as multisets, so a world whose lists are in another order ties
   * with its sorted copy, and only the sorted copy is the same for the whole class.
   */
  representative(world: World): World {
    return renameAggregates(world, this.#aggregates, this.#orders[this.#choose(world)]!);
  }

  /**
   * The fingerprint of the world's class, into `into`: the least of its renamed copies'
   * fingerprints, which is the fingerprint of its representative as the fingerprinters of this
   * class hash it (set-like lists as multisets), worked out with no copy built
   * (`Model.representativeFingerprint`).
   */
  representativeFingerprint(world: World, into: Int32Array): void {
    this.#choose(world);
    into.set(this.#best);
  }

  /**
   * The world's own print, into `into`: its fingerprint under the identity renaming, with its
   * set-like lists as multisets (`Model.memberFingerprint`). Two worlds with equal ones differ at
   * most in the order of those lists, so they have the same representative. It is the first print
   * `representativeFingerprint` works out, so that one, asked next for the same world, starts
   * from it: a search that has met the print before pays for nothing more.
   */
  memberFingerprint(world: World, into: Int32Array): void {
    this.#prints[0]!.fingerprint(world, this.#memberPrint);
    this.#member = world;
    into.set(this.#memberPrint);
  }

  /** The index of the order that gives the representative, with its fingerprint left in `#best`. */
  #choose(world: World): number {
    let best = 0;
    const least = this.#best;
    const print = this.#print;
    // Worlds are never changed in place (the engine's contract), so the print stays the world's.
    if (world === this.#member) least.set(this.#memberPrint);
    else this.#prints[0]!.fingerprint(world, least);
    for (let i = 1; i < this.#orders.length; i++) {
      this.#prints[i]!.fingerprint(world, print);
      if (print[0]! < least[0]! || (print[0] === least[0] && print[1]! < least[1]!)) {
        best = i;
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
