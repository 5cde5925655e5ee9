import { describe, expect, it } from 'vitest';
import { scenarios } from '../scenarios.ts';

describe('WorldKeys, the models\' key', () => {
  it.each(scenarios.filter((s) => s.id !== 'snapshot-crash').map((s) => [s.id, s] as const))('%s: injective on every reachable state (as many keys as distinct JSON states)', (_id, scenario) => {
    const model = scenario.model();
    const seen = new Map<string, string>();
    let frontier = [...model.initial()];
    for (const s of frontier) seen.set(JSON.stringify(s), model.key!(s));
    while (frontier.length) {
      const next = [];
      for (const s of frontier)
        for (const a of model.actions(s)) {
          const n = model.next(s, a);
          const j = JSON.stringify(n);
          if (!seen.has(j)) {
            seen.set(j, model.key!(n));
            next.push(n);
          }
        }
      frontier = next;
    }
    expect(new Set(seen.values()).size).toBe(seen.size);
  });
});
