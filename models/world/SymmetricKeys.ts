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

  /** `initial`: the model's initial world; `aggregates`: the interchangeable aggregates' names. */
  constructor(initial: World, aggregates: readonly string[]) {
    this.#initial = initial;
    this.#aggregates = aggregates;
    this.#inOrder = new WorldKeys(initial, this.#numbering);
  }

  /** The key of `world`'s representative. */
  key(world: World): string {
    const order = canonicalOrder(world, this.#aggregates);
    if (order === null) return this.#inOrder.key(world);
    const id = order.join(',');
    let keys = this.#byOrder.get(id);
    if (!keys) this.#byOrder.set(id, (keys = new WorldKeys(this.#initial, this.#numbering, aggregateRenamer(this.#aggregates, order))));
    return keys.key(world);
  }

  /** Says that the next keys are asked for successors of `w` (see `WorldKeys.parentIs`). */
  parentIs(w: World): void {
    this.#inOrder.parentIs(w);
    for (const keys of this.#byOrder.values()) keys.parentIs(w);
  }
}
