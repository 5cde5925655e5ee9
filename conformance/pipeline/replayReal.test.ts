import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replayOutcome } from '../../src/index.ts';
import { parseTraceFile } from '../../src/report/TraceFile.ts';
import type { CliIo } from '../../src/cli/CliIo.ts';
import { runCli } from '../../src/cli/runCli.ts';
import { getScenario, scenarios } from '../../models/scenarios.ts';
import type { World } from '../../models/world/World.ts';
import { usePipeline } from './PipelineFixture.ts';
import { replayOnPipeline } from './replayOnPipeline.ts';

const committed = (path: string) => fileURLToPath(new URL(`../../reports/${path}`, import.meta.url));

/** Runs the CLI in process; the replay reuses the suite's PostgreSQL and broker through DATABASE_URL and KAFKA_BOOTSTRAP_SERVERS. */
async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { out: (t) => void (out += t), err: (t) => void (err += t), color: false, progress: false };
  const code = await runCli(argv, { scenarios }, io);
  return { code, out, err };
}

/** What a failed replay said: its error, or the last lines of its report (where a divergence is named). */
function why(r: { out: string; err: string }): string {
  return r.err.trim() || r.out.trim().split('\n').slice(-4).join('\n');
}

/**
 * `cdc-check replay --real FILE.json` against the suite's PostgreSQL and broker, on the
 * committed counterexamples: T1 (dual write: the commit, then a crash before the publish) and
 * the Debezium-level loss of `errors.tolerance=all` (a send that fails for good, skipped, its
 * offset committed past), and a consumer's loss (`consumer-commit-before`: commit, crash, the
 * record never applied) on the harness's group consumer. Then a tampered trace that the real
 * systems cannot follow.
 */
describe('cdc-check replay --real', () => {
  const pipeline = usePipeline();
  const saved = { db: process.env.DATABASE_URL, kafka: process.env.KAFKA_BOOTSTRAP_SERVERS };
  beforeAll(() => {
    process.env.DATABASE_URL = pipeline().connectionString;
    process.env.KAFKA_BOOTSTRAP_SERVERS = pipeline().bootstrap;
  });
  afterAll(() => {
    for (const [name, value] of [['DATABASE_URL', saved.db], ['KAFKA_BOOTSTRAP_SERVERS', saved.kafka]] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  it('reproduces T1: PostgreSQL holds the committed balance, Kafka never gets the event', async () => {
    const r = await cli(['replay', '--real', committed('dual-write/no-lost-events.json')]);
    console.log(r.out);
    expect(r.code, why(r)).toBe(0);
    expect(r.out).toContain('re-enacting dual-write · no-lost-events (3 steps)');
    expect(r.out).toMatch(/#2 ServiceCommit\(svc1, acct-1#1\)\n.*\n\s+sql: COMMIT;/);
    // What the real systems say after the crash, beside what the model says.
    expect(r.out).toContain('#3 CrashService(svc1, acct-1#1)');
    expect(r.out.split('#3 ')[1]).toMatch(/DB says account\{acct-1 balance=100\} outbox\{\} \/ Kafka says nothing \/ Consumer says applied \[\] committed 0/);
    expect(r.out).toContain('reproduced: no-lost-events fails on the real systems\' data: acct-1#1 committed at LSN 4; no record in Kafka has eventId acct-1#1');
  });

  it('reproduces the errors.tolerance=all loss: the oversized record is skipped, the offset file moves past it, Kafka never gets it', async () => {
    const r = await cli(['replay', '--real', committed('errors-tolerance-all/no-silent-loss.json')]);
    console.log(r.out);
    expect(r.code, why(r)).toBe(0);
    expect(r.out).toMatch(/Debezium 3\.6\.1\.Final: re-enacting errors-tolerance-all · no-silent-loss \(6 steps\)/);
    expect(r.out).toContain('#1 ConnectorStartSnapshot(connector)\n    real: the Connect worker starts');
    expect(r.out).toContain('#5 ConnectorReadWal(connector, c acct-1#1@4)\n    real: the real connector reads the WAL by itself');
    // No crash is left: the model commits the skipped record's offset in the skip's own step, and
    // the replay waits for the real offset file to say the same.
    const flush = r.out.split('#6 ')[1]!;
    expect(flush).toMatch(/Kafka says nothing \/ Connector says task RUNNING, offset file points at c outbox acct-1#1 #0/);
    expect(r.out).toContain('reproduced: no-silent-loss fails on the real systems\' data: acct-1#1 is not in Kafka, and no connector task failed to say so');
  });

  it('reproduces consumer-commit-before: the group consumer commits acct-1#2, dies before the application applies it, and the group resumes past it', async () => {
    const r = await cli(['replay', '--real', committed('consumer-commit-before/at-least-once.json')]);
    console.log(r.out);
    expect(r.code, why(r)).toBe(0);
    expect(r.out).toContain('#7 ConsumerPollCommit(consumer, acct-1#1)\n    real: the group consumer polls one record (max.poll.records=1) and commits (commitSync)');
    // After the first poll: committed on the broker, not yet applied; then applied.
    expect(r.out.split('#7 ')[1]!.split('#8 ')[0]).toMatch(/Consumer says applied \[\] committed 1\n/);
    expect(r.out.split('#8 ')[1]!.split('#9 ')[0]).toMatch(/Consumer says applied \[acct-1#1\] committed 1\n/);
    // The crash after the second poll's commit: the broker keeps offset 2, the application never saw acct-1#2.
    expect(r.out.split('#14 ')[1]).toMatch(/Consumer says applied \[acct-1#1\] committed 2\n/);
    expect(r.out).not.toContain('no consumer is re-enacted');
    expect(r.out).toMatch(/reproduced: at-least-once fails on the real systems' data/);
  });

  it('a tampered T1 whose crash step claims the event reached Kafka: diverged at step 3, and no reproduction', async () => {
    const p = pipeline();
    const file = parseTraceFile(readFileSync(committed('dual-write/no-lost-events.json'), 'utf8'));
    const model = getScenario('dual-write')!.model('small');
    const steps = replayOutcome(model, file['#meta'].replay).trace.map((s) => ({ ...s, state: structuredClone(s.state) as World }));
    // The recorded crash step now says the service published first: the model's own record, appended.
    const crash = steps[3]!.state;
    crash.kafka.topics[0]!.partitions[0]!.push({ key: 'acct-1', id: 'acct-1#1', change: 'acct-1#1', op: null, value: { accountId: 'acct-1', balance: 100 } });
    const result = await replayOnPipeline(file, steps, { connectionString: p.connectionString, bootstrap: p.bootstrap, harness: p.harness });
    console.log(result.report);
    expect(result.verdict).toBe('diverged');
    expect(result.step).toBe(3);
    expect(result.report).toMatch(/diverged at step 3: Kafka says account-events\/0 \[\], model says \[acct-1#1\]$/);
    expect(result.report).not.toContain('reproduced');
  });
});
