import { Numbering } from './internal/Numbering.ts';
import { aggregateRenamer, canonicalOrder } from './renameAggregates.ts';
import type { World } from './World.ts';
import { WorldKeys } from './WorldKeys.ts';

/**
 * The keys of worlds up to a renaming of interchangeable aggregates (symmetry reduction):
 * `key(world)` is the key of `renameAggregates(world, aggregates)`, the world's representative,
 * but built without copying it. The world's canonical order of aggregates is worked out
 * (`canonicalOrder`), and the world is keyed by a `WorldKeys` for that order, which numbers every
 * string as renamed. There is one `WorldKeys` per order met, all on one `Numbering`, so keys of
 * different orders can be compared.
 *
 * `SymmetricKeys.test.ts` checks, on every reachable state of the symmetric scenarios, that
 * these keys tell states apart exactly as the representatives' JSON does.
 */
export class SymmetricKeys {
  readonly #initial: World;
  readonly #aggregates: readonly string[];
  readonly #numbering = new Numbering();
  /** Keys for worlds already in order: nothing to rename. */
  readonly #inOrder: WorldKeys;
  /** Keys for each other order met, by the order written as text. */
  readonly #byOrder = new Map<string, WorldKeys>();
  #parent: World | null = null;

  /** `initial`: the model's initial world; `aggregates`: the interchangeable aggregates' names. */
  constructor(initial: World, aggregates: readonly string[]) {
    this.#initial = initial;
    this.#aggregates = aggregates;
    this.#inOrder = new WorldKeys(initial, this.#numbering);
  }

  /** The key of `world`'s representative. */
  key(world: World): string {
    const order = canonicalOrder(world, this.#aggregates);
    let keys = this.#inOrder;
    if (order !== null) {
      const id = order.join(',');
      const known = this.#byOrder.get(id);
      if (known) keys = known;
      else this.#byOrder.set(id, (keys = new WorldKeys(this.#initial, this.#numbering, aggregateRenamer(this.#aggregates, order))));
    }
    if (this.#parent !== null) keys.parentIs(this.#parent);
    return keys.key(world);
  }

  /**
   * Says that the next keys are asked for successors of `w` (see `WorldKeys.parentIs`). Passed
   * on to a renaming's keys only when they are asked for a key: `next` calls this on every step,
   * symmetry or not.
   */
  parentIs(w: World): void {
    this.#parent = w;
  }
}
