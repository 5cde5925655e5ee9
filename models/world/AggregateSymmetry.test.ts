import { describe, expect, it } from 'vitest';
import { stableKey } from '../../src/engine/stableKey.ts';
import { buildScenario } from '../scenarios.ts';
import { AggregateSymmetry } from './AggregateSymmetry.ts';
import { renameAggregates } from './renameAggregates.ts';
import type { World } from './World.ts';

// Scenarios whose reachable space at two aggregates and one request is small enough to walk here.
const small = ['dual-write', 'publish-then-commit', 'dual-write-retry', 'outbox-cdc-inflight-reorder', 'consumer-commit-before', 'snapshot-handover-legacy', 'slot-lost', 'polling-publisher'];
const aggregates = ['acct-1', 'acct-2'];

describe('AggregateSymmetry, the representative of a world up to renaming its aggregates', () => {
  it.each(small.map((id) => [id] as const))('%s: a world and its renamed copy get one representative, and keys agree with the representatives\' JSON', (id) => {
    const model = buildScenario(id, { aggregates: 2, requests: 1 });
    const symmetry = new AggregateSymmetry(aggregates);
    const keyOf = new Map<string, string>(); // representative's JSON → key
    const jsonOf = new Map<string, string>(); // key → representative's JSON
    const seen = new Set<string>();
    let frontier: World[] = [...model.initial()];
    let renamed = 0;
    while (frontier.length) {
      const next: World[] = [];
      for (const s of frontier) {
        const json = stableKey(s);
        if (seen.has(json)) continue;
        seen.add(json);
        const rep = symmetry.representative(s);
        if (rep !== s) renamed++;
        const repJson = stableKey(rep);
        const key = symmetry.representativeKey(s);
        expect(keyOf.get(repJson) ?? key).toBe(key);
        expect(jsonOf.get(key) ?? repJson).toBe(repJson);
        keyOf.set(repJson, key);
        jsonOf.set(key, repJson);
        // The copy with the two aggregates swapped is the same world up to renaming.
        const swapped = renameAggregates(s, aggregates, [1, 0]);
        expect(symmetry.representativeKey(swapped)).toBe(key);
        expect(stableKey(symmetry.representative(swapped))).toBe(repJson);
        for (const a of model.actions(s)) next.push(model.next(s, a));
      }
      frontier = next;
    }
    // Not vacuous: some worlds were renamed, and renaming merged some of them.
    expect(renamed).toBeGreaterThan(0);
    expect(keyOf.size).toBeLessThan(seen.size);
  });

  it('renames every occurrence of an aggregate\'s name: the swapped copy of a successor of the symmetric initial world is a successor too', () => {
    const model = buildScenario('outbox-cdc', { aggregates: 2, requests: 1 });
    const w = model.initial()[0]!;
    expect(stableKey(renameAggregates(w, aggregates, [1, 0]))).toBe(stableKey(w));
    const successors = model.actions(w).map((a) => model.next(w, a));
    const jsons = new Set(successors.map((n) => stableKey(n)));
    let moved = 0;
    for (const n of successors) {
      const swapped = stableKey(renameAggregates(n, aggregates, [1, 0]));
      expect(jsons.has(swapped)).toBe(true);
      if (swapped !== stableKey(n)) moved++;
    }
    expect(moved).toBeGreaterThan(0);
  });
});
