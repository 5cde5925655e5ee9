import { describe, expect, it } from 'vitest';
import { scenarios } from '../../models/scenarios.ts';
import { memoryIo } from './fixtures/toyRegistry.ts';
import { runCli } from './runCli.ts';

/** `check --por` on the real registry. */
describe('check --por', () => {
  const run = async (...argv: string[]) => {
    const io = memoryIo();
    const code = await runCli(argv, { scenarios }, io);
    return { code, out: io.stdout(), err: io.stderr() };
  };
  const verdicts = (out: string) => out.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>).map(({ scenario, property, status }) => ({ scenario, property, status }));

  it('gives the verdicts of the unreduced search, and says what the reduction did', async () => {
    const ids = ['consumer-commit-before', 'snapshot-crash', 'polling-publisher'];
    const plain = await run('check', ...ids, '--json');
    const por = await run('check', ...ids, '--json', '--por');
    expect(por.code, por.err).toBe(plain.code);
    expect(verdicts(por.out)).toEqual(verdicts(plain.out));
    const text = await run('check', 'snapshot-crash', '--por');
    expect(text.out).toMatch(/snapshot-crash: partial-order reduction: [1-9]\d* of \d+ states expanded by an ample set, [1-9]\d* transitions skipped/);
    expect((await run('check', 'snapshot-crash')).out).not.toMatch(/partial-order reduction/);
  }, 120_000);

  it('reduces with --workers 2 exactly as with one worker: the same verdicts and states', async () => {
    const ids = ['outbox-cdc-no-dedup', 'snapshot-crash'];
    const rows = (out: string) => out.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>).map(({ scenario, property, status, states }) => ({ scenario, property, status, states }));
    const one = await run('check', ...ids, '--json', '--por');
    const two = await run('check', ...ids, '--json', '--por', '--workers', '2');
    expect(two.code, two.err).toBe(one.code);
    expect(rows(two.out)).toEqual(rows(one.out));
    expect(rows(one.out).find((r) => r.scenario === 'outbox-cdc-no-dedup')!.states).toBe(4_285);
  }, 120_000);

  it('reduces with --symmetry too: the same verdicts, in fewer states than either flag alone', async () => {
    const ids = ['snapshot-handover', 'snapshot-handover-legacy'];
    const rows = (out: string) => out.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const states = (out: string) => Object.fromEntries(rows(out).map((r) => [r.scenario, r.states as number]));
    const plain = await run('check', ...ids, '--json');
    const por = await run('check', ...ids, '--json', '--por');
    const sym = await run('check', ...ids, '--json', '--symmetry');
    const both = await run('check', ...ids, '--json', '--por', '--symmetry');
    expect(both.code, both.err).toBe(plain.code);
    expect(verdicts(both.out)).toEqual(verdicts(plain.out));
    for (const id of ids) {
      expect(states(both.out)[id]).toBeLessThan(states(por.out)[id]!);
      expect(states(both.out)[id]).toBeLessThan(states(sym.out)[id]!);
    }
    // Two workers choose the same representatives and ample sets: the same classes.
    const two = await run('check', ...ids, '--json', '--por', '--symmetry', '--workers', '2');
    expect(two.code, two.err).toBe(plain.code);
    expect(verdicts(two.out)).toEqual(verdicts(plain.out));
    expect(states(two.out)).toEqual(states(both.out));
  }, 180_000);

  it.each(['--por', '--subsumption'])('%s is refused with a shard, and in random mode, as usage errors', async (flag) => {
    const r = await run('check', 'dual-write', flag, '--shard', '0/2');
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${flag} applies to a whole search, not to a --shard`);
    const random = await run('check', 'dual-write', '--mode', 'random', flag);
    expect(random.code).toBe(2);
    expect(random.err).toContain(`${flag} applies only to --mode exhaustive`);
  });
});
