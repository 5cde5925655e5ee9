import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scenarios } from '../../models/scenarios.ts';
import { memoryIo } from './fixtures/toyRegistry.ts';
import { runCli } from './runCli.ts';
import { scenarioSource } from './scenarioModel.ts';

/** `check --workers N` on the real registry: each worker rebuilds the scenario from its id and scope. */
describe('check --workers', () => {
  const rows = async (...argv: string[]) => {
    const io = memoryIo();
    const code = await runCli(argv, { scenarios, source: scenarioSource }, io);
    return { code, err: io.stderr(), rows: io.stdout().trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>) };
  };
  const verdicts = (r: Record<string, unknown>[]) => r.map(({ scenario, property, status, traceLength }) => ({ scenario, property, status, traceLength }));

  it('gives the verdicts and counterexample lengths of one worker, on scenarios that hold and that are violated', async () => {
    const one = await rows('check', 'dual-write', 'snapshot-handover-legacy', '--json');
    const two = await rows('check', 'dual-write', 'snapshot-handover-legacy', '--json', '--workers', '2');
    expect(two.code, two.err).toBe(one.code);
    expect(verdicts(two.rows)).toEqual(verdicts(one.rows));
    expect(two.rows.some((r) => r.status === 'violated')).toBe(true);
  }, 120_000);

  it('with --symmetry, counts each class of worlds once, as one worker does', async () => {
    // Each worker builds its own model; the representative must not depend on which states the
    // model met before (it once did, and two workers counted 4,342 states where one counted 2,496).
    const one = await rows('check', 'snapshot-handover', '--symmetry', '--json');
    const two = await rows('check', 'snapshot-handover', '--symmetry', '--json', '--workers', '2');
    expect(two.code, two.err).toBe(one.code);
    expect(verdicts(two.rows)).toEqual(verdicts(one.rows));
    expect(two.rows.map((r) => r.states)).toEqual(one.rows.map((r) => r.states));
    const plain = await rows('check', 'snapshot-handover', '--json');
    expect(one.rows[0]!.states).toBeLessThan(plain.rows[0]!.states as number);
  }, 120_000);

  it('shows the same counterexamples on every run and with 2 or 3 workers, with and without --symmetry', async () => {
    // Each scenario has many shortest paths to its violations; which worker claims a state
    // first varies from run to run, and once decided which path was shown.
    const replays = async (...flags: string[]) => {
      const dir = mkdtempSync(join(tmpdir(), 'cdc-check-workers-'));
      try {
        const io = memoryIo();
        const code = await runCli(['check', 'snapshot-handover-legacy', 'slot-lost', '--report', join(dir, 'r'), ...flags], { scenarios, source: scenarioSource }, io);
        expect(code, io.stderr()).toBe(0);
        return ['snapshot-handover-legacy/no-lost-events', 'snapshot-handover-legacy/snapshot-stream-consistency', 'slot-lost/no-lost-events'].map(
          (f) => (JSON.parse(readFileSync(join(dir, 'r', `${f}.json`), 'utf8')) as { '#meta': { replay: string } })['#meta'].replay,
        );
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    };
    for (const flags of [[], ['--symmetry', '--por']]) {
      const first = await replays('--workers', '2', ...flags);
      for (const workers of ['3', '2']) expect(await replays('--workers', workers, ...flags)).toEqual(first);
    }
  }, 240_000);

  it('defaults to the core count at --scope large, saying so, and to one thread below it', async () => {
    const cores = availableParallelism();
    const large = memoryIo();
    expect(await runCli(['check', 'dual-write', '--scope', 'large'], { scenarios, source: scenarioSource }, large)).toBe(0);
    if (cores > 1) expect(large.stderr()).toContain(`searching on ${cores} worker threads, one a core (--workers 1 for one thread)`);
    else expect(large.stderr()).not.toContain('worker threads');
    const one = await rows('check', 'dual-write', '--scope', 'large', '--json', '--workers', '1');
    const auto = await rows('check', 'dual-write', '--scope', 'large', '--json');
    expect(verdicts(auto.rows)).toEqual(verdicts(one.rows));
    const small = memoryIo();
    expect(await runCli(['check', 'dual-write'], { scenarios, source: scenarioSource }, small)).toBe(0);
    expect(small.stderr()).not.toContain('worker threads');
  }, 120_000);

  it('is refused with --exact-keys or a shard, as a usage error', async () => {
    for (const extra of [['--exact-keys'], ['--shard', '0/2']]) {
      const io = memoryIo();
      expect(await runCli(['check', 'dual-write', '--workers', '2', ...extra], { scenarios, source: scenarioSource }, io)).toBe(2);
      expect(io.stderr()).toMatch(/--workers applies to a whole search/);
    }
  });

  it('is refused in random mode, like every exhaustive-only flag', async () => {
    const io = memoryIo();
    expect(await runCli(['check', 'dual-write', '--mode', 'random', '--workers', '2'], { scenarios }, io)).toBe(2);
    expect(io.stderr()).toMatch(/--workers applies only to --mode exhaustive/);
  });
});
