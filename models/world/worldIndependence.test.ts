import { describe, expect, it } from 'vitest';
import { getScenario, scenarios } from '../scenarios.ts';
import { stableKey } from '../../src/engine/stableKey.ts';
import type { ActionFootprint, Footprint } from '../../src/engine/Independence.ts';
import type { Model } from '../../src/engine/Model.ts';
import type { Action } from './Action.ts';
import type { World } from './World.ts';

/**
 * Each resource of `worldIndependence` with its value in `w`, as stable JSON. A partition's old
 * records are those before `base`'s end (the state a step starts from), its tail the rest.
 */
function resources(w: World, base: World): Map<string, string> {
  const out = new Map<string, string>();
  const { wal, slots, tables, ...db } = w.db;
  out.set('db:columns', stableKey(tables.map((t) => t.columns)));
  const { stream, ...ghost } = w.ghost;
  out.set('upstream', stableKey([db, tables.map((t) => [t.name, t.rows]), ghost, w.services, w.relays]));
  const end = base.db.wal.length;
  out.set('wal:old', stableKey(wal.slice(0, end)));
  out.set('wal:tail', stableKey(wal.slice(end)));
  out.set('db:slots', stableKey(slots));
  out.set('ghost:stream', stableKey(stream));
  w.connectors.forEach((c, k) => out.set(`connector:${k}`, stableKey(c)));
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

/** Each step of the first 1500 or so states of `model`'s breadth-first search, with its footprint. */
function walk(model: Model<World, Action>, visit: (s: World, a: Action, ns: World, fp: ActionFootprint) => void): void {
  const ind = model.independence!;
  const seen = new Set<string>();
  let frontier = [...model.initial()];
  while (frontier.length > 0 && seen.size < 1500) {
    const next: World[] = [];
    for (const s of frontier) {
      for (const a of model.actions(s)) {
        const ns = model.next(s, a);
        visit(s, a, ns, ind.footprint(s, a));
        const key = stableKey(ns);
        if (!seen.has(key)) {
          seen.add(key);
          next.push(ns);
        }
      }
    }
    frontier = next;
  }
}

// The half of the declaration a step shows: what it changed is among its footprint's writes, its
// footprint is within its actor's reach, and no actor's reach grows (it bounds the future).
describe.each(['outbox-cdc', 'consumer-commit-before', 'listen-to-yourself', 'polling-publisher', 'snapshot-crash', 'dual-write-concurrent', 'table-cdc-snapshot-compaction'])(
  'the footprints of %s',
  (id) => {
    it('cover every change a step makes, within a reach that never grows', () => {
      const model = getScenario(id)!.model();
      const ind = model.independence!;
      let steps = 0;
      let consumerSteps = 0;
      walk(model, (s, a, ns, fp) => {
        const reach = ind.reach(s);
        const bound: Footprint = reach[fp.actor]!;
        expect(bound, `${a.label}: its actor is in reach`).toBeDefined();
        expect(within(fp.writes, bound.writes), `${a.label}: writes within reach`).toEqual([]);
        expect(within(fp.reads, [...bound.reads, ...bound.writes]), `${a.label}: reads within reach`).toEqual([]);
        const before = resources(s, s);
        const after = resources(ns, s);
        const changed = [...after.keys()].filter((r) => after.get(r) !== before.get(r));
        expect(within(changed, fp.writes), `${a.label} changed only what it declares`).toEqual([]);
        for (const [actor, f] of Object.entries(ind.reach(ns))) {
          expect(reach[actor], `${actor} appears in reach after ${a.label}`).toBeDefined();
          expect(within(f.writes, reach[actor]!.writes), `${actor}'s reach grew after ${a.label}`).toEqual([]);
        }
        steps++;
        if (fp.actor.startsWith('0:')) consumerSteps++;
      });
      expect(steps).toBeGreaterThan(0);
      expect(consumerSteps).toBeGreaterThan(0);
    });
  },
);

// The other half, on pairs of actions: two actions of different actors whose footprints do not
// conflict commute and neither disables the other (guarantee 1), and an action of another actor
// that writes nothing an actor's enabled actions read or write leaves that actor's choice as it
// was (guarantee 2). Services on different aggregates, the connector streaming or snapshotting
// beside them, and the consumer beside everyone are the pairs the reduction relies on.
describe.each(['outbox-cdc', 'snapshot-handover-legacy', 'consumer-commit-before', 'slot-lost-when-needed', 'dbz-7816-partition-acks', 'outbox-cdc-schema-change'])('the independent pairs of %s', (id) => {
  it('commute, and leave each other actor\'s choice alone', () => {
    const model = getScenario(id)!.model();
    const ind = model.independence!;
    const conflict = (a: Footprint, b: Footprint) => a.writes.some((r) => b.reads.includes(r) || b.writes.includes(r)) || b.writes.some((r) => a.reads.includes(r));
    const labels = (w: World) => model.actions(w).map((x) => x.label);
    let pairs = 0;
    let choices = 0;
    const met = new Set<World>();
    walk(model, (s) => void met.add(s));
    const states = [...met];
    for (const s of states.filter((_, i) => i % 3 === 0)) {
      const acts = model.actions(s);
      const fps = acts.map((a) => ind.footprint(s, a));
      for (let i = 0; i < acts.length; i++) {
        for (let j = 0; j < acts.length; j++) {
          if (fps[i]!.actor === fps[j]!.actor || conflict(fps[i]!, fps[j]!)) continue;
          const a = acts[i]!;
          const b = acts[j]!;
          const sa = model.next(s, a);
          if (i < j) {
            const sb = model.next(s, b);
            expect(labels(sa), `${a.label} leaves ${b.label} enabled`).toContain(b.label);
            expect(labels(sb), `${b.label} leaves ${a.label} enabled`).toContain(a.label);
            const ab = model.next(sa, model.actions(sa).find((x) => x.label === b.label)!);
            const ba = model.next(sb, model.actions(sb).find((x) => x.label === a.label)!);
            expect(stableKey(ab), `${a.label} and ${b.label} commute`).toBe(stableKey(ba));
            pairs++;
          }
          // Actor j's choice after a, when a writes nothing any of j's enabled actions touch.
          const mine = fps.filter((f) => f.actor === fps[j]!.actor);
          if (mine.some((f) => conflict(fps[i]!, f))) continue;
          const before = acts.filter((_, k) => fps[k]!.actor === fps[j]!.actor).map((x) => x.label);
          const after = model.actions(sa).filter((x) => ind.footprint(sa, x).actor === fps[j]!.actor).map((x) => x.label);
          expect(after, `${a.label} leaves ${fps[j]!.actor}'s choice alone`).toEqual(before);
          choices++;
        }
      }
    }
    expect(pairs).toBeGreaterThan(0);
    expect(choices).toBeGreaterThan(0);
  });
});

// The properties' reduction hints, in every scenario whose properties give some: a step that
// writes nothing a property reads leaves it as it was, and a stable property, once decided,
// stays so.
describe.each(scenarios.filter((sc) => sc.model().properties.some((p) => p.reads || p.stable)).map((sc) => sc.id))('the properties of %s', (id) => {
  it('leave each property with reads as it was when they miss its reads, and each stable one decided', () => {
    const model = getScenario(id)!.model();
    const declared = model.properties.filter((p) => p.reads);
    const stable = model.properties.filter((p) => p.stable);
    let missed = 0;
    let decided = 0;
    walk(model, (s, a, ns, fp) => {
      for (const p of declared) {
        const reads = p.reads!(s);
        expect(within(reads, [...resources(s, s).keys()]), `${p.name} reads resources of the world`).toEqual([]);
        if (fp.writes.some((r) => reads.includes(r))) continue;
        missed++;
        expect(p.holds(ns), `${a.label} writes nothing "${p.name}" reads`).toBe(p.holds(s));
      }
      for (const p of stable) {
        const decides = p.kind === 'sometimes';
        if (p.holds(s) !== decides) continue;
        decided++;
        expect(p.holds(ns), `"${p.name}" stays decided after ${a.label}`).toBe(decides);
      }
    });
    if (declared.length > 0) expect(missed).toBeGreaterThan(0);
    if (stable.length > 0) expect(decided).toBeGreaterThan(0);
  });
});
