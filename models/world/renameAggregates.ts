import type { World } from './World.ts';

/**
 * A copy of `world` with interchangeable aggregates renamed: the aggregate named `aggregates[k]`
 * is renamed to `aggregates[order[k]]` everywhere its name occurs (keys, rows, eventIds,
 * payloads, service assignments), and set-like lists are then re-sorted (rows by key, services by
 * aggregate, dedup ids, the seed transaction's changes), so that two worlds that differ only by
 * a renaming have renamed copies with equal JSON.
 *
 * Copies share what they can: every object is copied once per renaming (remembered by
 * identity), so renaming a state that shares most parts with one renamed before costs only the
 * parts it changed. Pure; the copies are never changed once returned.
 */
export function renameAggregates(world: World, aggregates: readonly string[], order: readonly number[]): World {
  return canonical(renaming(aggregates, order).world(world));
}

/**
 * The renaming of strings that `renameAggregates` applies: the aggregate named `aggregates[k]`
 * becomes `aggregates[order[k]]` wherever its name occurs in a string. Remembers each string
 * renamed, as the copies do.
 */
export function aggregateRenamer(aggregates: readonly string[], order: readonly number[]): (s: string) => string {
  const r = renaming(aggregates, order);
  return (s) => r.rename(s);
}

/**
 * The paths of the world's set-like lists, whose order a renaming may change and which
 * `canonical` re-sorts: for a `StructuralFingerprint` that hashes them as multisets
 * (`FingerprintOptions.unordered`), so that a world and its renamed copies hash alike whatever
 * those lists' order, with no copy built and nothing sorted. Every transaction's changes are
 * listed, where `canonical` sorts only the seed's: another transaction's changes have distinct
 * LSNs, written in increasing order, so their order is told by their content anyway.
 */
export const setLikePaths: readonly (readonly string[])[] = [
  ['db', 'tables', '*', 'rows'],
  ['db', 'wal', '*', 'changes'],
  ['services'],
  ['groups', '*', 'dedup'],
];

/** The order of strings that set-like lists are sorted in. */
export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * One renaming of the aggregates, with the renamed copy of every object it has renamed. Copies
 * are only ever re-sorted into the same order (`canonical` is idempotent), so sharing them is safe.
 */
class Renaming {
  readonly #copies = new WeakMap<object, unknown>();
  /**
   * Every string renamed so far and its renaming: a model's strings (names, ids, payloads) are
   * few and met again in every state, and a regular expression per string met was most of the
   * cost of a renaming.
   */
  readonly #strings = new Map<string, string>();
  readonly #to: ReadonlyMap<string, string>;
  readonly #pattern: RegExp;

  constructor(aggregates: readonly string[], order: readonly number[]) {
    this.#to = new Map(order.map((o, k) => [aggregates[k]!, aggregates[o]!]));
    this.#pattern = new RegExp([...aggregates].sort((a, b) => b.length - a.length).map(escape).join('|'), 'g');
  }

  /** The renaming of one string. */
  rename(s: string): string {
    let out = this.#strings.get(s);
    if (out === undefined) this.#strings.set(s, (out = s.replace(this.#pattern, (m) => this.#to.get(m)!)));
    return out;
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
        const rec = v as Record<string, unknown>;
        for (const k in rec) out[this.rename(k)] = this.#deep(rec[k]);
        copy = out;
      }
      this.#copies.set(v, copy);
    }
    return copy;
  }
}

const renamings = new Map<string, Renaming>();

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
  for (const g of world.groups) g.dedup.sort(cmp);
  return world;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
