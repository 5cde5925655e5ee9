import { describe, expect, it } from 'vitest';
import { check } from '../src/engine/check.ts';
import { sometimes } from '../src/engine/Property.ts';
import { stableKey } from '../src/engine/stableKey.ts';
import { scenarioDefs } from './scenarioDefs.ts';
import { expectedProperties, readsGhostStream, worldOptionsOf } from './scenarios.ts';
import stateCounts from './stateCounts.json' with { type: 'json' };
import { buildWorld } from './world/buildWorld.ts';
import { ghostStreamOf } from './world/ghostStreamOf.ts';
import type { World } from './world/World.ts';
import { reachableWorlds as reachable } from './internal/reachableWorlds.ts';

const byId = (id: string) => scenarioDefs.find((d) => d.id === id)!;

describe('the ghost stream record', () => {
  it('is kept where a claimed invariant or a reach goal reads it, and only there', () => {
    expect(readsGhostStream(byId('outbox-cdc'))).toBe(true); // snapshot-stream-consistency, and a reach goal
    expect(readsGhostStream(byId('table-cdc'))).toBe(true);
    expect(readsGhostStream(byId('slot-lost'))).toBe(false);
    expect(readsGhostStream(byId('outbox-cdc-schema-change'))).toBe(false);
    expect(readsGhostStream(byId('dual-write'))).toBe(false);
    expect(readsGhostStream({ ...byId('slot-lost'), readsGhostStream: true })).toBe(true);
  });

  it('is read through ghostStreamOf, which says so when a world keeps none', () => {
    const def = byId('slot-lost');
    const reader = sometimes<World>('a change was streamed', (w) => ghostStreamOf(w).streamed.length > 0);
    const without = buildWorld(worldOptionsOf(def), { name: def.id, version: '1', properties: [reader], ghostStream: false });
    expect(() => check(without, {})).toThrow(/keeps no ghost stream record.*readsGhostStream: true/s);
    const kept = buildWorld(worldOptionsOf(def), { name: def.id, version: '1', properties: [reader] });
    expect(check(kept, {}).status).toBe('ok');
  });

  // Nothing but the properties that declare it reads the record, so not keeping it only merges
  // states: the same worlds are reached, and every property answers alike with it and without.
  const unread = scenarioDefs.filter((d) => d.options.pipeline.kind === 'debezium' && !readsGhostStream(d) && (stateCounts as Record<string, number>)[d.id]! <= 5_000);
  it.each(unread.map((d) => d.id))('merges only states that differ in it alone: %s', (id) => {
    const def = byId(id);
    const options = worldOptionsOf(def);
    const properties = expectedProperties(def, options);
    const kept = reachable(buildWorld(options, { name: id, version: '1', properties }));
    const without = reachable(buildWorld(options, { name: id, version: '1', properties, ghostStream: false }));
    const dropped = (w: World): World => ({ ...w, ghost: { ...w.ghost, stream: null } });
    expect(new Set([...kept.values()].map((w) => stableKey(dropped(w))))).toEqual(new Set(without.keys()));
    for (const w of kept.values()) for (const p of properties) expect([p.name, p.holds(dropped(w))]).toEqual([p.name, p.holds(w)]);
  });

  it('is compared so in more than ten scenarios', () => {
    expect(unread.length).toBeGreaterThan(10);
  });
});
