import type { World } from './World.ts';

/**
 * The canonical representative of `world` under renaming of the interchangeable `aggregates`:
 * of all the worlds obtained by permuting the aggregate names (everywhere they occur: keys,
 * rows, eventIds, payloads, service assignments), the one whose canonical JSON is least.
 *
 * Sound only when the aggregates really are interchangeable: the same requests and services
 * for each, and a single partition per topic (with more, the key hash tells aggregates apart).
 * Pure. Costs `aggregates.length!` renamings, so it is for small aggregate counts.
 */
export function renameAggregates(world: World, aggregates: readonly string[]): World {
  const json = JSON.stringify(world);
  const pattern = new RegExp([...aggregates].sort((a, b) => b.length - a.length).map(escape).join('|'), 'g');
  let best: string | null = null;
  let bestWorld = world;
  for (const perm of permutations(aggregates.length)) {
    const to = new Map(aggregates.map((a, i) => [a, aggregates[perm[i]!]!]));
    const renamed = canonical(JSON.parse(json.replace(pattern, (m) => to.get(m)!)) as World);
    const key = JSON.stringify(renamed);
    if (best === null || key < best) {
      best = key;
      bestWorld = renamed;
    }
  }
  return bestWorld;
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

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function permutations(n: number): number[][] {
  if (n === 0) return [[]];
  const out: number[][] = [];
  for (const rest of permutations(n - 1)) for (let i = 0; i <= rest.length; i++) out.push([...rest.slice(0, i), n - 1, ...rest.slice(i)]);
  return out;
}
