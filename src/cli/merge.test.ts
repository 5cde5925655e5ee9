import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Model } from '../engine/Model.ts';
import { memoryIo, toyRegistry } from './fixtures/toyRegistry.ts';
import { runCli } from './runCli.ts';
import type { ScenarioRegistry } from './ScenarioRegistry.ts';

const tmp = mkdtempSync(join(tmpdir(), 'cdc-merge-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function run(argv: string[], registry: ScenarioRegistry = toyRegistry) {
  const io = memoryIo();
  const code = await runCli(argv, registry, io);
  return { code, out: io.stdout(), err: io.stderr() };
}

/** Runs the two shards of `check toy-t1 toy-safe` and returns their files. */
async function shards(name: string, ...extra: string[]): Promise<string[]> {
  const files = [0, 1].map((i) => join(tmp, `${name}-${i}.json`));
  for (const [i, file] of files.entries()) {
    const r = await run(['check', 'toy-t1', 'toy-safe', '--shard', `${i}/2`, '--out', file, ...extra]);
    expect(r.err).toContain(`wrote the result of shard ${i}/2 to ${file}`);
    expect(r.code).toBe(0);
  }
  return files;
}

describe('cdc-check merge', () => {
  it('merges shards into the matrix check prints, with the counterexample replayed as a timeline', async () => {
    const files = await shards('plain');
    const r = await run(['merge', ...files]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('merged 2 of 2 shards');
    expect(r.out).toContain('toy-t1 · no-lost-events (atQuiescence) violated in 2 steps');
    expect(r.out).toMatch(/toy-t1 +no-lost-events +✗ violated \(as expected\)/);
    expect(r.out).toMatch(/toy-safe +no-lost-events +✓ holds/);
    expect(r.out).toContain('2 shards: no frontier large enough to deal out, so each shard searched everything');
  });

  it('merges random shards: a violation any shard sampled stands, the rest is not refuted (never holds)', async () => {
    const files = await shards('random', '--mode', 'random', '--runs', '20');
    const data = files.map((f) => JSON.parse(readFileSync(f, 'utf8')));
    expect(data.map((d) => d.question.seed)).toEqual([42, 42]);
    const r = await run(['merge', ...files]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/toy-t1 +no-lost-events +✗ violated \(as expected\)/);
    expect(r.out).toMatch(/toy-safe +no-lost-events +~ no counterexample sampled \(not a proof\)/);
    expect(r.out).toContain('2 shards: a seed each');
  });

  it('--report writes the merged verdicts\' reports, as check --report does; check refuses --report for a shard', async () => {
    const files = await shards('report');
    const dir = join(tmp, 'merged-reports');
    const r = await run(['merge', '--report', dir, ...files]);
    expect(r.code).toBe(0);
    expect(r.err).toContain(`report files to ${dir}`);
    expect(readFileSync(join(dir, 'index.md'), 'utf8')).toMatch(/\| `toy-safe` \|.*✓ holds/);
    expect(JSON.parse(readFileSync(join(dir, 'toy-t1', 'no-lost-events.json'), 'utf8'))['#meta'].property).toBe('no-lost-events');
    const shard = await run(['check', 'toy-t1', '--shard', '0/2', '--report', join(tmp, 'shard-report')]);
    expect(shard.code).toBe(2);
    expect(shard.err).toMatch(/^cdc-check: --report applies to a whole check, and a shard checks a share of it\n/);
  });

  it('refuses, in one line and exit 2 before printing anything, unreadable files, shards of different checks, and another model version', async () => {
    const [a] = await shards('a');
    const [, b] = await shards('b', '--symmetry');
    const mixed = await run(['merge', a!, b!]);
    expect(mixed.code).toBe(2);
    expect(mixed.out).toBe('');
    expect(mixed.err).toBe(`cdc-check: ${b} and ${a} are shards of different checks (symmetry false vs true)\nhint: merge the results of one split: the same options, the same cdc-check, each shard once\n`);
    const dir = await run(['merge', tmp]);
    expect(dir.err).toMatch(/^cdc-check: cannot read shard result '.*': it is a directory\n/);
    const text = join(tmp, 'text.json');
    writeFileSync(text, 'shard 0');
    expect((await run(['merge', text])).err).toMatch(/^cdc-check: '.*text\.json' is not a usable shard result: not JSON/);
    const bumped: ScenarioRegistry = {
      scenarios: toyRegistry.scenarios.map((s) => ({ ...s, model: (scope) => ({ ...s.model(scope), version: '9' }) as Model<unknown, unknown> })),
    };
    const later = await run(['merge', ...(await shards('c'))], bumped);
    expect(later.code).toBe(2);
    expect(later.err).toMatch(/^cdc-check: the shard results of 'toy-t1' were made by model toy-dual-write@1, and it is now toy-dual-write@9\n/);
  });

  it('exits 1 with one line when a kept counterexample no longer replays on the model', async () => {
    const files = await shards('stale');
    const data = JSON.parse(readFileSync(files[0]!, 'utf8'));
    const verdict = data.scenarios[0].verdicts['no-lost-events'];
    verdict.replay = verdict.replay.replace(/:[0-9a-f]+$/, ':00000000');
    writeFileSync(files[0]!, JSON.stringify(data));
    const r = await run(['merge', ...files]);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/^cdc-check: StaleCounterexample: shard [01]\/2's counterexample to no-lost-events in toy-t1 does not replay on the current model: /);
  });

  it('check --out refuses a directory or a missing one before searching; --shard refuses a malformed value', async () => {
    expect((await run(['check', 'toy-t1', '--out', tmp])).err).toMatch(/^cdc-check: --out .* is a directory\n/);
    expect((await run(['check', 'toy-t1', '--out', join(tmp, 'no', 'such', 'f.json')])).err).toMatch(/^cdc-check: --out .*: no directory /);
    const bad = await run(['check', 'toy-t1', '--shard', '2/2']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("--shard takes i/n, shard i of n counted from 0 (0/4 to 3/4 for four shards), got '2/2'.");
  });
});
