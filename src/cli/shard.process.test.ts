import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scenarios } from '../../models/scenarios.ts';
import { replayOutcome } from '../engine/replay.ts';
import { parseShardResult, type ShardResult } from '../report/ShardResult.ts';
import type { VerdictRow } from '../report/VerdictRow.ts';

/**
 * Issue 18's acceptance for shards, end to end: four shards of one check run as separate
 * processes through the real launcher, as a CI matrix or an Indexed Job runs them, and `merge`
 * of their files must say what the single run says. slot-lost violates no-lost-events,
 * at-least-once and no-silent-loss (13 steps, deeper than the frontier dealt out at depth 8); outbox-cdc-schema-change
 * holds throughout.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const IDS = ['slot-lost', 'outbox-cdc-schema-change'];
const tmp = mkdtempSync(join(tmpdir(), 'cdc-shards-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function cdcCheck(...args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin/cdc-check.js'), ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', fail);
    child.on('close', (code) => done({ code, out, err }));
  });
}

const rowsOf = (out: string) => out.trimEnd().split('\n').map((l) => JSON.parse(l) as VerdictRow);
/** What a verdict says, without the counts and times, which differ between a single run and shards. */
const verdicts = (rows: VerdictRow[]) => rows.map(({ scenario, property, kind, expected, status, traceLength, mode }) => ({ scenario, property, kind, expected, status, traceLength, mode }));
const files = [0, 1, 2, 3].map((i) => join(tmp, `shard-${i}.json`));

let single: VerdictRow[];
let shards: ShardResult[];
beforeAll(async () => {
  const runs = await Promise.all([cdcCheck('check', ...IDS, '--json'), ...files.map((file, i) => cdcCheck('check', ...IDS, '--shard', `${i}/4`, '--out', file))]);
  for (const r of runs) expect(r.code, r.err).toBe(0);
  single = rowsOf(runs[0]!.out);
  shards = files.map((f) => parseShardResult(readFileSync(f, 'utf8')));
}, 240_000);

describe('check --shard i/4 in four processes, then merge', () => {
  it('each shard searched a share: the frontier was dealt out, and together they summed at least the single run\'s states', () => {
    for (const [i, shard] of shards.entries()) {
      expect(shard.shard).toEqual({ index: i, count: 4 });
      for (const s of shard.scenarios) {
        expect(s.slice!.depth).not.toBeNull();
        expect(s.slice!.kept).toBe(Math.floor(((i + 1) * s.slice!.frontier) / 4) - Math.floor((i * s.slice!.frontier) / 4));
      }
    }
    // Where every property holds nothing stops a search early, so the shards cover the whole space.
    for (const id of ['outbox-cdc-schema-change']) {
      const whole = single.find((r) => r.scenario === id)!.states;
      const summed = shards.reduce((n, f) => n + f.scenarios.find((s) => s.id === id)!.states, 0);
      expect(summed).toBeGreaterThanOrEqual(whole);
    }
  });

  it('merge gives the single run\'s verdicts, with a counterexample as short, and exits 0', async () => {
    const merged = await cdcCheck('merge', ...files, '--json');
    expect(merged.err).toBe('');
    expect(merged.code).toBe(0);
    expect(verdicts(rowsOf(merged.out))).toEqual(verdicts(single));
    expect(single.filter((r) => r.status === 'violated').map((r) => r.property)).toEqual(['no-lost-events', 'at-least-once', 'no-silent-loss']);
    const text = await cdcCheck('merge', ...files);
    expect(text.out).toMatch(/slot-lost +no-lost-events +✗ violated \(as expected\) +13 steps/);
    expect(text.out).toMatch(/outbox-cdc-schema-change +consumer-contract +✓ holds/);
    expect(text.out).toMatch(/4 shards: the \d+ states at depth 8 dealt out; \d+ states summed over the shards, \d+ of them the levels above that depth again/);
    expect(text.out).toMatch(/^2 scenarios: invariants 6 hold, 3 violated as expected, 0 UNEXPECTED; reachability \d+\/\d+ reached$/m);
  });

  it('every counterexample a shard found is a valid trace from an initial state, deeper than the frontier it dealt out', () => {
    const scenario = scenarios.find((s) => s.id === 'slot-lost')!;
    const model = scenario.model('small');
    let checked = 0;
    for (const shard of shards) {
      const s = shard.scenarios.find((x) => x.id === scenario.id)!;
      const v = s.verdicts['no-lost-events']!;
      if (v.verdict !== 'violated') continue;
      const out = replayOutcome(model, v.replay);
      expect(out.trace[0]!.action).toBeNull();
      expect(model.initial()).toContainEqual(out.trace[0]!.state);
      expect(out.terminal).toBe(true);
      expect(out.violated.map((x) => x.property)).toContain('no-lost-events');
      expect(out.trace.length - 1).toBe(v.traceLength);
      expect(v.traceLength).toBeGreaterThan(s.slice!.depth!);
      checked++;
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('merge without shard 2 names it missing, says incomplete, never holds, and exits 1', async () => {
    const r = await cdcCheck('merge', files[0]!, files[1]!, files[3]!, '--json');
    expect(r.code).toBe(1);
    const rows = rowsOf(r.out);
    expect(rows.filter((x) => x.status === 'holds' && x.kind === 'invariant')).toEqual([]);
    expect(rows.filter((x) => x.status === 'violated').map((x) => x.property)).toEqual(['no-lost-events', 'at-least-once', 'no-silent-loss']);
    const text = await cdcCheck('merge', files[0]!, files[1]!, files[3]!);
    expect(text.out).toContain('merged 3 of 4 shards (missing 2/4)');
    expect(text.out).toContain('outbox-cdc-schema-change: missing shard 2/4');
  });
});
