import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scenarios } from '../models/scenarios.ts';
import type { CliIo } from '../src/cli/CliIo.ts';
import { runCli } from '../src/cli/runCli.ts';
import { counterexample } from './internal/scenarioTraces.ts';
import { usePostgres } from './internal/sharedPostgres.ts';

/** `cdc-check replay --postgres FILE.json`, end to end: the CLI loads `replayOnPostgres` lazily. */
describe('cdc-check replay --postgres', () => {
  const server = usePostgres({ quiet: true });
  let dir: string | undefined;
  const saved = process.env.DATABASE_URL;
  beforeAll(async () => {
    // The CLI starts its server with startPostgres(), which honours DATABASE_URL: reuse ours.
    process.env.DATABASE_URL = server().connectionString;
    dir = mkdtempSync(join(tmpdir(), 'cdc-check-replay-'));
  });
  afterAll(async () => {
    if (saved === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = saved;
    // beforeAll may have failed before making it (no server): say nothing more than that failure.
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it('re-enacts the dual-write T1 trace file on PostgreSQL and prints the DB says / Kafka says line', async () => {
    const trace = counterexample('dual-write', 'no-lost-events')!;
    const file = join(dir!, 'no-lost-events.json');
    writeFileSync(file, JSON.stringify(trace.file, null, 2));
    let out = '';
    let err = '';
    const io: CliIo = { out: (t) => void (out += t), err: (t) => void (err += t), color: false, progress: false };
    const code = await runCli(['replay', file, '--postgres'], { scenarios }, io);
    expect(code, err).toBe(0);
    expect(out).toMatch(/^PostgreSQL \S+ \(DATABASE_URL\): re-enacting dual-write · no-lost-events/m);
    expect(out).toContain('DB says account{acct-1 balance=100} outbox{}');
    expect(out).toContain('Kafka says nothing');
    expect(out).toContain('divergence reproduced on the real server: no-lost-events');
    expect(out).toContain(`reproduced: ${trace.steps.length - 1} steps`);
  });
});
