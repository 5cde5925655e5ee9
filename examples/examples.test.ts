import { describe, expect, it } from 'vitest';
import { check } from '../src/engine/check.ts';
import type { CheckResult } from '../src/engine/CheckResult.ts';
import { allRecords } from '../models/world/kafka.ts';
import { scenariosFrom } from '../models/scenarios.ts';
import type { Action } from '../models/world/Action.ts';
import type { World } from '../models/world/World.ts';
import { runScenario } from '../src/cli/runScenario.ts';
import { outcomeOf } from '../src/report/VerdictRow.ts';
import { exampleDefs } from './exampleDefs.ts';

const examples = scenariosFrom(exampleDefs);
const results = new Map<string, CheckResult<World, Action>>();
const result = (id: string) => {
  if (!results.has(id)) results.set(id, check(examples.find((s) => s.id === id)!.model(), {}));
  return results.get(id)!;
};
const lastState = (id: string, property: string) => result(id).violations.find((v) => v.property === property)!.trace.at(-1)!.state;

describe.each(examples.map((s) => [s.id, s] as const))('example %s', (id, scenario) => {
  it('reaches exactly its expected verdicts, and every sometimes check, exhaustively', () => {
    const r = result(id);
    expect(r.status).not.toBe('incomplete');
    const violated = new Set(r.violations.map((v) => v.property));
    expect(Object.fromEntries(Object.keys(scenario.expected).map((p) => [p, violated.has(p) ? 'violated' : 'holds']))).toEqual(scenario.expected);
    expect(r.violations.filter((v) => v.kind === 'sometimes').map((v) => v.property)).toEqual([]);
  });
});

describe('a custom invariant, violated in one scenario and holding in another', () => {
  it('has a row in each scenario, as the verdict matrix, the reports and --json show it', () => {
    for (const [id, verdict] of [['example-idempotent-no-duplicates', 'holds'], ['example-restart-duplicates', 'violated']] as const) {
      const run = runScenario(examples.find((s) => s.id === id)!, { mode: 'exhaustive', scope: 'small' });
      const row = run.rows.find((r) => r.property === 'no-duplicate-records')!;
      expect(row).toMatchObject({ kind: 'invariant', expected: verdict, status: verdict });
      expect(outcomeOf(row)).toBe(verdict === 'holds' ? 'holds' : 'violated-as-expected');
    }
  });

  it('is violated by a replay after a connector crash: one event id twice in Kafka', () => {
    const last = lastState('example-restart-duplicates', 'no-duplicate-records');
    const ids = allRecords(last.kafka).map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length - 1);
    expect(last.budget.connectorCrash).toBe(0);
  });
});
