import { AggregateSignatures } from './internal/AggregateSignatures.ts';
import type { World } from './World.ts';

/**
 * A representative of `world` under renaming of the interchangeable `aggregates`, for symmetry
 * reduction: the aggregates are put in the order of a signature that does not depend on their
 * names (the LSNs, offsets, positions and service states of everything that concerns each;
 * see `AggregateSignatures`),
 * and renamed to `aggregates` in that order everywhere their names occur (keys, rows,
 * eventIds, payloads, service assignments); set-like lists are then re-sorted.
 *
 * Sound when the aggregates really are interchangeable: the same requests and services for
 * each, and a single partition per topic (with more, the key hash tells aggregates apart).
 * Worlds that differ only by a renaming get the same representative whenever their aggregates'
 * signatures differ; when two signatures tie, a class may keep more than one representative,
 * which costs states, never soundness. Pure; returns `world` itself when it is already in order.
 */
export function renameAggregates(world: World, aggregates: readonly string[]): World {
  const order = canonicalOrder(world, aggregates);
  if (order === null) return world;
  return canonical(renaming(aggregates, order).world(world));
}

/**
 * The order `renameAggregates` puts `aggregates` in for `world` (the aggregate at `order[k]`
 * is renamed to `aggregates[k]`), or null when they already are in order. Pure.
 */
export function canonicalOrder(world: World, aggregates: readonly string[]): number[] | null {
  let signer = signers.get(aggregates);
  if (!signer) signers.set(aggregates, (signer = new AggregateSignatures(aggregates)));
  return signer.order(world);
}

/**
 * The renaming of every string that `renameAggregates` applies for `order` (see
 * `canonicalOrder`): each occurrence of an aggregate's name in a key, row, eventId or payload
 * becomes the name it is renamed to. Pure.
 */
export function aggregateRenamer(aggregates: readonly string[], order: readonly number[]): (s: string) => string {
  return renaming(aggregates, order).rename;
}

/** The order of strings that `renameAggregates` sorts set-like lists in. */
export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The renaming of `aggregates` into the order `order`, with the renamed copy of every object it
 * has renamed: states share most of their parts, and so do their representatives. Copies are
 * only ever re-sorted into the same order (`canonical` is idempotent), so sharing them is safe.
 */
class Renaming {
  readonly #copies = new WeakMap<object, unknown>();
  /** The renaming of one string. */
  readonly rename: (s: string) => string;

  constructor(aggregates: readonly string[], order: readonly number[]) {
    const to = new Map(order.map((o, k) => [aggregates[o]!, aggregates[k]!]));
    const pattern = new RegExp([...aggregates].sort((a, b) => b.length - a.length).map(escape).join('|'), 'g');
    this.rename = (s) => s.replace(pattern, (m) => to.get(m)!);
  }

  /** A renamed copy of the world: a new root over the (shared) renamed copies of its parts. */
  world(w: World): World {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(w)) out[k] = this.#deep(x);
    return out as unknown as World;
  }

  /** A deep copy of plain data with every string passed through the renaming. */
  #deep(v: unknown): unknown {
    if (typeof v === 'string') return this.rename(v);
    if (v === null || typeof v !== 'object') return v;
    let copy = this.#copies.get(v);
    if (copy === undefined) {
      if (Array.isArray(v)) copy = v.map((x) => this.#deep(x));
      else {
        const out: Record<string, unknown> = {};
        for (const [k, x] of Object.entries(v)) out[this.rename(k)] = this.#deep(x);
        copy = out;
      }
      this.#copies.set(v, copy);
    }
    return copy;
  }
}

const renamings = new Map<string, Renaming>();
/** Per list of aggregates (a model's own list, so by identity). */
const signers = new WeakMap<readonly string[], AggregateSignatures>();

function renaming(aggregates: readonly string[], order: readonly number[]): Renaming {
  const id = `${aggregates.join(',')}>${order.join(',')}`;
  let r = renamings.get(id);
  if (!r) renamings.set(id, (r = new Renaming(aggregates, order)));
  return r;
}

/** Re-sorts what is set-like after a renaming: rows by key, services by aggregate, dedup ids. */
function canonical(world: World): World {
  for (const t of world.db.tables) t.rows.sort((a, b) => cmp(String(a[0]), String(b[0])));
  // The seed transaction's changes share one LSN, so their order carries no information.
  const seed = world.db.wal[0];
  if (seed && seed.xid === 1) seed.changes.sort((a, b) => cmp(a.table + '/' + a.pk, b.table + '/' + b.pk));
  world.services.sort((a, b) => cmp(a.agg, b.agg));
  for (const c of world.consumers) c.dedup.sort(cmp);
  return world;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
