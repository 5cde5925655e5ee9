import { describe, expect, it } from 'vitest';
import { scenarios } from '../../models/scenarios.ts';
import { memoryIo } from './fixtures/toyRegistry.ts';
import { runCli } from './runCli.ts';

/** `check --subsumption` on the real registry. */
describe('check --subsumption', () => {
  const run = async (...argv: string[]) => {
    const io = memoryIo();
    const code = await runCli(argv, { scenarios }, io);
    return { code, out: io.stdout(), err: io.stderr() };
  };
  const rows = (out: string) => out.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  const verdicts = (out: string) => rows(out).map(({ scenario, property, status, traceLength }) => ({ scenario, property, status, traceLength }));
  const states = (out: string) => Object.fromEntries(rows(out).map((r) => [r.scenario, r.states as number]));

  it('gives the verdicts of the full search, with traces as long, in fewer states, and says what it skipped', async () => {
    const ids = ['outbox-cdc-exactly-once-source', 'listen-to-yourself', 'dual-write'];
    const plain = await run('check', ...ids, '--json');
    const sub = await run('check', ...ids, '--json', '--subsumption');
    expect(sub.code, sub.err).toBe(plain.code);
    expect(verdicts(sub.out)).toEqual(verdicts(plain.out));
    expect(states(sub.out)['outbox-cdc-exactly-once-source']).toBeLessThan(states(plain.out)['outbox-cdc-exactly-once-source']!);
    expect(states(sub.out)['listen-to-yourself']).toBeLessThan(states(plain.out)['listen-to-yourself']!);
    const text = await run('check', 'listen-to-yourself', '--subsumption');
    expect(text.out).toMatch(/listen-to-yourself: subsumption: [1-9]\d* new states skipped, covered by one with more fault budget left/);
    expect((await run('check', 'listen-to-yourself')).out).not.toMatch(/subsumption/);
  }, 120_000);

  it('skips the same states on two workers, and with --por and --symmetry', async () => {
    const ids = ['outbox-cdc-exactly-once-source', 'outbox-cdc-idempotent-producer'];
    const one = await run('check', ...ids, '--json', '--subsumption', '--por', '--symmetry');
    const two = await run('check', ...ids, '--json', '--subsumption', '--por', '--symmetry', '--workers', '2');
    const plain = await run('check', ...ids, '--json');
    expect(two.code, two.err).toBe(plain.code);
    expect(rows(two.out).map(({ scenario, property, status, states }) => ({ scenario, property, status, states }))).toEqual(rows(one.out).map(({ scenario, property, status, states }) => ({ scenario, property, status, states })));
    expect(rows(one.out).map(({ scenario, property, status }) => ({ scenario, property, status }))).toEqual(rows(plain.out).map(({ scenario, property, status }) => ({ scenario, property, status })));
  }, 180_000);
});
