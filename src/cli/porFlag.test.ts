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

  it('is refused with --symmetry, --workers or a shard, and in random mode, as usage errors', async () => {
    for (const extra of [['--symmetry'], ['--workers', '2'], ['--shard', '0/2']]) {
      const r = await run('check', 'dual-write', '--por', ...extra);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/--por applies to a one-thread search without symmetry/);
    }
    const random = await run('check', 'dual-write', '--mode', 'random', '--por');
    expect(random.code).toBe(2);
    expect(random.err).toMatch(/--por applies only to --mode exhaustive/);
  });
});
