import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { scenarios } from '../models/scenarios.ts';
import { exhaustive } from './internal/checkScenario.ts';
import { replay } from '../src/engine/replay.ts';

const manifest = JSON.parse(readFileSync(new URL('../models/stateCounts.json', import.meta.url), 'utf8')) as Record<string, number>;

describe.each(scenarios.map((s) => [s.id, s] as const))('%s, exhaustively at the default scope', (id, scenario) => {
  const result = () => exhaustive(id);

  it('explores the whole scope (never incomplete)', () => {
    expect(result().status).not.toBe('incomplete');
    expect(result().mode).toBe('exhaustive');
  });

  it('reaches exactly the expected verdicts', () => {
    const violated = new Set(result().violations.map((v) => v.property));
    const found = Object.fromEntries(Object.keys(scenario.expected).map((inv) => [inv, violated.has(inv) ? 'violated' : 'holds']));
    expect(found).toEqual(scenario.expected);
  });

  it('reaches every sometimes property, so it cannot pass vacuously', () => {
    const model = scenario.model();
    const sometimes = model.properties.filter((p) => p.kind === 'sometimes');
    expect(sometimes.length).toBeGreaterThan(0);
    expect(result().violations.filter((v) => v.kind === 'sometimes').map((v) => v.property)).toEqual([]);
  });

  it('checks one property per expected invariant, named by its id', () => {
    const names = scenario.model().properties.map((p) => p.name);
    for (const inv of Object.keys(scenario.expected)) expect(names).toContain(inv);
  });

  it('replays every counterexample exactly on a freshly built model', () => {
    for (const v of result().violations.filter((x) => x.kind !== 'sometimes')) {
      const again = replay(scenario.model(), v.replay);
      expect(again.map((s) => s.action?.label ?? null)).toEqual(v.trace.map((s) => s.action?.label ?? null));
      expect(again.at(-1)!.state).toEqual(v.trace.at(-1)!.state);
    }
  });

  it('has the distinct-state count recorded in models/stateCounts.json', () => {
    expect({ [id]: result().stats.states }).toEqual({ [id]: manifest[id] });
  });
});

describe('the state-count manifest', () => {
  it('lists exactly the registered scenarios', () => {
    expect(Object.keys(manifest).sort()).toEqual(scenarios.map((s) => s.id).sort());
  });
});
