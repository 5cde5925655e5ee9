import { describe, expect, it } from 'vitest';
import { stableKey } from '../../src/engine/stableKey.ts';
import { StructuralFingerprint } from '../../src/engine/StructuralFingerprint.ts';
import { buildScenario } from '../scenarios.ts';
import { AggregateSymmetry } from './AggregateSymmetry.ts';
import { renameAggregates, setLikePaths } from './renameAggregates.ts';
import type { World } from './World.ts';

// Scenarios whose reachable space at two aggregates and one request is small enough to walk here.
const small = ['dual-write', 'publish-then-commit', 'dual-write-retry', 'outbox-cdc-inflight-reorder', 'consumer-commit-before', 'snapshot-handover-legacy', 'slot-lost', 'polling-publisher'];
const aggregates = ['acct-1', 'acct-2'];

describe('AggregateSymmetry, the representative of a world up to renaming its aggregates', () => {
  it.each(small.map((id) => [id] as const))('%s: a world and its renamed copy get one representative, a renamed copy of the world', (id) => {
    const model = buildScenario(id, { aggregates: 2, requests: 1 });
    const symmetry = new AggregateSymmetry(aggregates);
    const classes = new Set<string>(); // the representatives' JSON
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
        const repJson = stableKey(rep);
        // The copy with the two aggregates swapped is the same world up to renaming.
        const swapped = renameAggregates(s, aggregates, [1, 0]);
        expect([json, stableKey(swapped)]).toContain(repJson);
        if (rep !== s) renamed++;
        expect(stableKey(symmetry.representative(swapped))).toBe(repJson);
        classes.add(repJson);
        for (const a of model.actions(s)) next.push(model.next(s, a));
      }
      frontier = next;
    }
    // Not vacuous: some worlds were renamed, and renaming merged some of them.
    expect(renamed).toBeGreaterThan(0);
    expect(classes.size).toBeLessThan(seen.size);
  });

  it('gives a world whose set-like lists are in another order the representative and class print of the sorted world', () => {
    const model = buildScenario('outbox-cdc', { aggregates: 2, requests: 1 });
    const symmetry = new AggregateSymmetry(aggregates);
    let frontier: World[] = [...model.initial()];
    for (let depth = 0; depth < 4; depth++) frontier = frontier.flatMap((s) => model.actions(s).map((a) => model.next(s, a)));
    let checked = 0;
    for (const w of frontier) {
      const shuffled: World = { ...w, services: [...w.services].reverse(), db: { ...w.db, tables: w.db.tables.map((t) => ({ ...t, rows: [...t.rows].reverse() })) } };
      expect(stableKey(shuffled)).not.toBe(stableKey(w));
      expect(stableKey(symmetry.representative(shuffled))).toBe(stableKey(symmetry.representative(w)));
      const [p, q] = [new Int32Array(2), new Int32Array(2)];
      symmetry.representativeFingerprint(w, p);
      symmetry.representativeFingerprint(shuffled, q);
      expect([...q]).toEqual([...p]);
      checked++;
    }
    expect(checked).toBeGreaterThan(10);
  });

  it('chooses by content alone: two instances that met the worlds in opposite orders choose the same representatives', () => {
    // The parallel search's workers each build their own model, and meet states in their own order.
    const model = buildScenario('outbox-cdc', { aggregates: 2, requests: 1 });
    const worlds: World[] = [];
    let frontier: World[] = [...model.initial()];
    for (let depth = 0; depth < 6; depth++) {
      frontier = frontier.flatMap((s) => model.actions(s).map((a) => model.next(s, a)));
      worlds.push(...frontier);
    }
    const one = new AggregateSymmetry(aggregates);
    const other = new AggregateSymmetry(aggregates);
    const forward = worlds.map((w) => stableKey(one.representative(w)));
    const backward = [...worlds].reverse().map((w) => stableKey(other.representative(w))).reverse();
    expect(backward).toEqual(forward);
    expect(new Set(forward).size).toBeLessThan(new Set(worlds.map((w) => stableKey(w))).size);
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

  it('fingerprints a class as the content hash of its representative (set-like lists as multisets), the same for a world and its swapped copy', () => {
    const model = buildScenario('outbox-cdc', { aggregates: 2, requests: 1 });
    const symmetry = new AggregateSymmetry(aggregates);
    const content = new StructuralFingerprint({ unordered: setLikePaths });
    const print = new Int32Array(2);
    const expected = new Int32Array(2);
    let frontier: World[] = [...model.initial()];
    const classes = new Set<string>();
    for (let depth = 0; depth < 6; depth++) {
      frontier = frontier.flatMap((s) => model.actions(s).map((a) => model.next(s, a)));
      for (const w of frontier) {
        symmetry.representativeFingerprint(w, print);
        content.fingerprint(symmetry.representative(w), expected);
        expect([...print]).toEqual([...expected]);
        const swapped = new Int32Array(2);
        symmetry.representativeFingerprint(renameAggregates(w, aggregates, [1, 0]), swapped);
        expect([...swapped]).toEqual([...print]);
        classes.add(print.join());
      }
    }
    expect(classes.size).toBeGreaterThan(1);
  });

  it('prints a world as itself, its set-like lists as multisets (memberFingerprint), and chooses its class from that print as it would afresh', () => {
    const model = buildScenario('outbox-cdc', { aggregates: 2, requests: 1 });
    const symmetry = new AggregateSymmetry(aggregates);
    const fresh = new AggregateSymmetry(aggregates);
    const content = new StructuralFingerprint({ unordered: setLikePaths });
    const print = () => new Int32Array(2);
    const [member, expected, klass, klassFresh, other] = [print(), print(), print(), print(), print()];
    let frontier: World[] = [...model.initial()];
    let renamed = 0;
    for (let depth = 0; depth < 6; depth++) {
      frontier = frontier.flatMap((s) => model.actions(s).map((a) => model.next(s, a)));
      for (const [i, w] of frontier.entries()) {
        symmetry.memberFingerprint(w, member);
        content.fingerprint(w, expected);
        expect([...member]).toEqual([...expected]);
        const shuffled: World = { ...w, services: [...w.services].reverse() };
        const again = new Int32Array(2);
        symmetry.memberFingerprint(shuffled, again);
        expect([...again]).toEqual([...member]);
        // The class print after the member print is the one worked out afresh, for this world ...
        symmetry.memberFingerprint(w, member);
        symmetry.representativeFingerprint(w, klass);
        fresh.representativeFingerprint(w, klassFresh);
        expect([...klass]).toEqual([...klassFresh]);
        if (klass.join() !== member.join()) renamed++;
        // ... and not the member print of the world printed before it.
        const next = frontier[(i + 1) % frontier.length]!;
        symmetry.memberFingerprint(w, member);
        symmetry.representativeFingerprint(next, other);
        fresh.representativeFingerprint(next, klassFresh);
        expect([...other]).toEqual([...klassFresh]);
      }
    }
    // Not vacuous: some worlds' class is a renamed copy's print, not their own.
    expect(renamed).toBeGreaterThan(0);
  });
});
