import { describe, expect, it } from 'vitest';
import { scenarios } from '../models/scenarios.ts';
import { counterexample, counterexamples, faultFreeRun, type ScenarioTrace } from './internal/scenarioTraces.ts';
import { replayOnPostgres } from './replayOnPostgres.ts';
import { usePostgres } from './internal/sharedPostgres.ts';

describe('replay --postgres: counterexamples re-enacted on a real PostgreSQL', () => {
  const server = usePostgres();
  const replay = (t: ScenarioTrace) => replayOnPostgres(t.file, t.steps, { connectionString: server().connectionString });

  it('dual-write T1: the real server ends with balance=100 in the DB and nothing in Kafka', async () => {
    const trace = counterexample('dual-write', 'no-lost-events')!;
    const { agrees, report } = await replay(trace);
    expect(agrees, report).toBe(true);
    expect(report).toMatch(/COMMIT;   -- xid \d+ = server xid \d+/);
    expect(report).toContain('DB says account{acct-1 balance=100}');
    expect(report).toContain('Kafka says nothing');
    expect(report).toContain('no-lost-events: VIOLATED on the server-backed trace');
  });

  it('outbox-cdc: a full run (slot, snapshot, streaming from the real slot, consumer) is clean', async () => {
    const { agrees, report } = await replay(faultFreeRun('outbox-cdc', 'no-lost-events'));
    expect(agrees, report).toBe(true);
    expect(report).toContain('connector slot');
    expect(report).toContain('clean: every invariant holds on the real server');
  });

  it('says where the server and a wrong model part ways', async () => {
    const trace = counterexample('dual-write', 'no-lost-events')!;
    // A model that claims the commit wrote 999 when the statement wrote 100.
    const steps = structuredClone(trace.steps);
    const commit = steps.findIndex((s, i) => i > 0 && s.state.ghost.committed.length > steps[i - 1]!.state.ghost.committed.length);
    expect(commit).toBeGreaterThan(0);
    for (const step of steps.slice(commit)) step.state.db.tables[0]!.rows[0]![1] = 999;
    const { agrees, report } = await replay({ file: trace.file, steps });
    expect(agrees).toBe(false);
    expect(report).toContain(`part ways at step ${commit}: DB (PostgreSQL) says account(id,balance){acct-1 100}, model says account(id,balance){acct-1 999}`);
  });

  it('every registered counterexample, and every fault-free run, replays on the server with the same verdict', async () => {
    let replayed = 0;
    for (const scenario of scenarios) {
      const found = counterexamples(scenario.id);
      const violated = Object.entries(scenario.expected).filter(([, v]) => v === 'violated').map(([p]) => p);
      // Every expected violation must have its counterexample here, or the loop would test less than it claims.
      expect(violated.filter((p) => !found.has(p)), scenario.id).toEqual([]);
      const traces = [...found.values()];
      traces.push(faultFreeRun(scenario.id, Object.keys(scenario.expected)[0]!));
      for (const trace of traces) {
        const { agrees, report } = await replay(trace);
        expect(agrees, `${scenario.id}\n${report}`).toBe(true);
        replayed++;
      }
    }
    expect(replayed).toBeGreaterThan(scenarios.length);
  });
});
