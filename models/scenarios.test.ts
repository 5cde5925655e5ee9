import { describe, expect, it } from 'vitest';
import { check } from '../src/engine/check.ts';
import { always } from '../src/engine/Property.ts';
import { debezium, strategyScenario } from './catalogue/ScenarioDef.ts';
import { invariant } from './Invariant.ts';
import { RegistryError } from './RegistryError.ts';
import { invariants, scenarioDefs } from './scenarioDefs.ts';
import { scenarios, scenariosFrom } from './scenarios.ts';
import { dualWrite } from './strategies/dualWrite.ts';
import { outboxCdc } from './strategies/outboxCdc.ts';
import type { World } from './world/World.ts';

/** At most one event per aggregate in Kafka: false as soon as a retry or a replay appends a duplicate. */
const oneEventPerChange = always<World>('one-record-per-change', (w) => {
  const seen = new Set<string>();
  for (const t of w.kafka.topics) for (const p of t.partitions) for (const r of p) if (seen.has(r.id)) return false; else seen.add(r.id);
  return true;
});

describe('the registry', () => {
  it('registers every built-in invariant the way a user registers one, each id once', () => {
    expect(invariants.map((i) => i.id)).toEqual(['no-lost-events', 'no-phantom-events', 'at-least-once', 'exactly-once-effect', 'per-aggregate-order', 'snapshot-stream-consistency', 'consumer-contract']);
    expect(scenarios.map((s) => s.id)).toEqual(scenarioDefs.map((d) => d.id));
  });

  it('refuses an expected verdict for an invariant nobody registered, naming both', () => {
    const typo = strategyScenario(dualWrite, { 'no-lost-event': 'violated' });
    expect(() => scenariosFrom([typo])).toThrow(RegistryError);
    expect(() => scenariosFrom([typo])).toThrow(/scenario 'dual-write' expects a verdict for unknown invariant 'no-lost-event' \(known: no-lost-events, /);
  });

  it('refuses two scenarios or two invariants with one id', () => {
    const a = strategyScenario(dualWrite, { 'no-lost-events': 'violated' });
    expect(() => scenariosFrom([a, a])).toThrow("two scenarios have the id 'dual-write'; give each its own");
    expect(() => scenariosFrom([a], [...invariants, invariants[0]!])).toThrow("two invariants have the id 'no-lost-events'; give each its own");
  });

  it("checks a user's invariant, registered or the scenario's own, with the verdict the scenario expects", () => {
    const retrying = strategyScenario(dualWrite, { 'one-record-per-change': 'holds', 'no-lost-events': 'violated' }, { budget: { serviceCrash: 1 } });
    const own = strategyScenario(outboxCdc, { 'one-record-per-change': 'violated' }, { pipeline: debezium({}), budget: { connectorCrash: 1 } }, { id: 'outbox-replays', invariants: [invariant(oneEventPerChange)] });
    const [registered, local] = scenariosFrom([retrying, own], [...invariants, invariant(oneEventPerChange)]);
    const r1 = check(registered!.model(), {});
    expect(registered!.model().properties.map((p) => p.name).slice(0, 2)).toEqual(['one-record-per-change', 'no-lost-events']);
    expect(r1.violations.filter((v) => v.kind !== 'sometimes').map((v) => v.property)).toEqual(['no-lost-events']);
    const r2 = check(local!.model(), {});
    expect(r2.violations.filter((v) => v.kind !== 'sometimes').map((v) => v.property)).toEqual(['one-record-per-change']);
    // The scenario's own invariant is not registered for anyone else.
    expect(() => scenariosFrom([{ ...own, invariants: [] }])).toThrow(/unknown invariant 'one-record-per-change'/);
  });

  it('refuses a schedule rule the world cannot honour', () => {
    const noSlot = strategyScenario(dualWrite, { 'no-lost-events': 'violated' }, { schedule: ['slot-before-first-write'] });
    expect(() => scenariosFrom([noSlot])).toThrow("schedule rule 'slot-before-first-write' needs a Debezium pipeline: without a connector no slot is ever created");
  });
});
