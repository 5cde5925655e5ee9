import { describe, expect, it } from 'vitest';
import { buildScenario } from '../scenarios.ts';

// Scenarios whose reachable space at two aggregates and one request stays small enough to
// walk here with a JSON copy of every representative.
const small = ['dual-write', 'publish-then-commit', 'dual-write-retry', 'outbox-cdc-inflight-reorder', 'consumer-commit-before', 'snapshot-handover-legacy', 'slot-lost', 'polling-publisher'];

describe('SymmetricKeys, the key of a world\'s representative', () => {
  it.each(small.map((id) => [id] as const))('%s: tells states apart exactly as the representatives\' JSON does', (id) => {
    const model = buildScenario(id, { aggregates: 2, requests: 1 });
    const keyOf = new Map<string, string>(); // representative's JSON → key
    const jsonOf = new Map<string, string>(); // key → representative's JSON
    let renamed = 0;
    let frontier = [...model.initial()];
    const seen = new Set(frontier.map((s) => JSON.stringify(s)));
    while (frontier.length) {
      const next = [];
      for (const s of frontier) {
        const rep = model.representative!(s);
        if (rep !== s) renamed++;
        const json = JSON.stringify(rep);
        const key = model.representativeKey!(s);
        expect(keyOf.get(json) ?? key).toBe(key);
        expect(jsonOf.get(key) ?? json).toBe(json);
        keyOf.set(json, key);
        jsonOf.set(key, json);
        for (const a of model.actions(s)) {
          const n = model.next(s, a);
          const k = JSON.stringify(n);
          if (!seen.has(k)) {
            seen.add(k);
            next.push(n);
          }
        }
      }
      frontier = next;
    }
    // Not vacuous: some states were renamed, and renaming merged some of them.
    expect(renamed).toBeGreaterThan(0);
    expect(keyOf.size).toBeLessThan(seen.size);
  });
});
