import { describe, expect, it } from 'vitest';
import { getScenario } from '../scenarios.ts';
import { stableKey } from '../../src/engine/stableKey.ts';
import type { Footprint } from '../../src/engine/Independence.ts';
import type { World } from './World.ts';

/**
 * Each resource of `worldIndependence` with its value in `w`, as stable JSON. A partition's old
 * records are those before `base`'s end (the state a step starts from), its tail the rest.
 */
function resources(w: World, base: World): Map<string, string> {
  const out = new Map<string, string>();
  out.set('upstream', stableKey([w.db, w.ghost, w.services, w.connectors, w.relays]));
  w.kafka.topics.forEach((t, i) =>
    t.partitions.forEach((records, p) => {
      const end = base.kafka.topics[i]!.partitions[p]!.length;
      out.set(`kafka:${t.name}/${p}:old`, stableKey(records.slice(0, end)));
      out.set(`kafka:${t.name}/${p}:tail`, stableKey(records.slice(end)));
    }),
  );
  w.consumers.forEach((c, k) => out.set(`consumer:${k}`, stableKey(c)));
  w.groups.forEach((g, i) => {
    out.set(`group:${i}:offsets`, stableKey(g.committed));
    out.set(`group:${i}:store`, stableKey([g.name, g.sink, g.applied, g.dedup]));
  });
  for (const [b, n] of Object.entries(w.budget)) out.set(`budget:${b}`, String(n));
  return out;
}

const within = (names: readonly string[], bound: readonly string[]) => names.filter((n) => !bound.includes(n));

// The half of the declaration a step shows: what it changed is among its footprint's writes, its
// footprint is within its actor's reach, and no actor's reach grows (it bounds the future).
describe.each(['outbox-cdc', 'consumer-commit-before', 'listen-to-yourself', 'polling-publisher', 'snapshot-crash', 'dual-write-concurrent', 'table-cdc-snapshot-compaction'])(
  'the footprints of %s',
  (id) => {
    it('cover every change a step makes, within a reach that never grows', () => {
      const model = getScenario(id)!.model();
      const ind = model.independence!;
      const seen = new Set<string>();
      let frontier = [...model.initial()];
      let steps = 0;
      let consumerSteps = 0;
      while (frontier.length > 0 && seen.size < 1500) {
        const next: World[] = [];
        for (const s of frontier) {
          const before = resources(s, s);
          const reach = ind.reach(s);
          for (const a of model.actions(s)) {
            const fp = ind.footprint(s, a);
            const bound: Footprint = reach[fp.actor]!;
            expect(bound, `${a.label}: its actor is in reach`).toBeDefined();
            expect(within(fp.writes, bound.writes), `${a.label}: writes within reach`).toEqual([]);
            expect(within(fp.reads, [...bound.reads, ...bound.writes]), `${a.label}: reads within reach`).toEqual([]);
            const ns = model.next(s, a);
            const after = resources(ns, s);
            const changed = [...after.keys()].filter((r) => after.get(r) !== before.get(r));
            expect(within(changed, fp.writes), `${a.label} changed only what it declares`).toEqual([]);
            const later = ind.reach(ns);
            for (const [actor, f] of Object.entries(later)) {
              expect(reach[actor], `${actor} appears in reach after ${a.label}`).toBeDefined();
              expect(within(f.writes, reach[actor]!.writes), `${actor}'s reach grew after ${a.label}`).toEqual([]);
            }
            steps++;
            if (fp.actor.startsWith('0:')) consumerSteps++;
            const key = stableKey(ns);
            if (!seen.has(key)) {
              seen.add(key);
              next.push(ns);
            }
          }
        }
        frontier = next;
      }
      expect(steps).toBeGreaterThan(0);
      expect(consumerSteps).toBeGreaterThan(0);
    });
  },
);
