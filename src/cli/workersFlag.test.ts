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
