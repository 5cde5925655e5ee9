import { describe, expect, it } from 'vitest';
import type { AnyStateNode } from 'xstate';
import { connectorMachine } from './connectorMachine.ts';
import { connectorRules } from './connectorRules.ts';

describe('connectorRules', () => {
  it('cites a rule for every event the connector machine accepts: here, or on a described transition', () => {
    const events = new Set(Object.values(connectorMachine.config.states ?? {}).flatMap((s) => Object.keys((s as { on?: object }).on ?? {})));
    const cited = new Set<string>(connectorRules.flatMap((r) => r.events));
    for (const node of Object.values(connectorMachine.root.states) as AnyStateNode[])
      for (const [event, transitions] of node.transitions) if (transitions.some((t) => t.description)) cited.add(event);
    expect([...events].filter((e) => !cited.has(e)).sort()).toEqual([]);
  });

  it('gives every rule a source naming a class and method, and cites only events the machine has', () => {
    const events = new Set(Object.values(connectorMachine.config.states ?? {}).flatMap((s) => Object.keys((s as { on?: object }).on ?? {})));
    for (const r of connectorRules) {
      expect(r.source).toMatch(/[A-Z]\w+(\.\w+)?/);
      for (const e of r.events) expect(events.has(e)).toBe(true);
    }
  });

  it('travels with the machine, for the pipeline doc to cite', () => {
    expect((connectorMachine.config.meta as { rules: unknown }).rules).toBe(connectorRules);
  });
});
