import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getHeapStatistics } from 'node:v8';
import { afterAll, describe, expect, it } from 'vitest';
import { HEAP_SHARE, heapLimitArgs } from '../../bin/heapLimit.js';

const GB = 2 ** 30;
const V8_DEFAULT = 4144 * 2 ** 20;

describe('heapLimitArgs: the heap the launcher gives the CLI', () => {
  it('is half of the machine, when that is more than V8 gives by default', () => {
    expect(heapLimitArgs({ nodeOptions: undefined, totalBytes: 24 * GB, constrainedBytes: undefined, defaultLimitBytes: V8_DEFAULT })).toEqual(['--max-old-space-size=12288']);
  });

  it("is half of a container's limit when that is less than the machine", () => {
    expect(heapLimitArgs({ nodeOptions: '', totalBytes: 64 * GB, constrainedBytes: 16 * GB, defaultLimitBytes: V8_DEFAULT })).toEqual(['--max-old-space-size=8192']);
    // Node reports no container limit as 0 or as a huge number: the machine's memory counts.
    expect(heapLimitArgs({ nodeOptions: '', totalBytes: 24 * GB, constrainedBytes: 0, defaultLimitBytes: V8_DEFAULT })).toEqual(['--max-old-space-size=12288']);
    expect(heapLimitArgs({ nodeOptions: '', totalBytes: 24 * GB, constrainedBytes: 2 ** 53, defaultLimitBytes: V8_DEFAULT })).toEqual(['--max-old-space-size=12288']);
  });

  it('never lowers the default: a small machine keeps what V8 gives', () => {
    expect(heapLimitArgs({ nodeOptions: undefined, totalBytes: 8 * GB, constrainedBytes: undefined, defaultLimitBytes: V8_DEFAULT })).toEqual([]);
    expect(heapLimitArgs({ nodeOptions: undefined, totalBytes: 2 * 4144 * 2 ** 20, constrainedBytes: undefined, defaultLimitBytes: V8_DEFAULT })).toEqual([]);
    expect(heapLimitArgs({ nodeOptions: undefined, totalBytes: 2 * 4145 * 2 ** 20, constrainedBytes: undefined, defaultLimitBytes: V8_DEFAULT })).toEqual(['--max-old-space-size=4145']);
  });

  it("keeps a limit the user set in NODE_OPTIONS, in either spelling", () => {
    for (const nodeOptions of ['--max-old-space-size=2048', '--enable-source-maps --max_old_space_size=2048', '--max-old-space-size 2048']) {
      expect(heapLimitArgs({ nodeOptions, totalBytes: 24 * GB, constrainedBytes: undefined, defaultLimitBytes: V8_DEFAULT })).toEqual([]);
    }
    // Another option that merely contains the words is not a limit.
    expect(heapLimitArgs({ nodeOptions: '--no-max-old-space-size-warning', totalBytes: 24 * GB, constrainedBytes: undefined, defaultLimitBytes: V8_DEFAULT })).toEqual(['--max-old-space-size=12288']);
  });
});

describe('the launcher', () => {
  const ROOT = fileURLToPath(new URL('../../', import.meta.url));
  const dir = mkdtempSync(join(tmpdir(), 'cdc-heap-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const script = join(dir, 'heap.ts');
  writeFileSync(script, "import { getHeapStatistics } from 'node:v8';\nconsole.log(getHeapStatistics().heap_size_limit);\n");
  const heapOfCli = (env: NodeJS.ProcessEnv) =>
    Number(execFileSync(process.execPath, [join(ROOT, 'bin/cdc-check.js'), 'run', script], { cwd: dir, encoding: 'utf8', env: { ...process.env, ...env } }).trim().split('\n').at(-1));

  it("gives the CLI's heap the limit heapLimitArgs names, and keeps the user's own", () => {
    const args = heapLimitArgs({ nodeOptions: undefined, totalBytes: totalmem(), constrainedBytes: process.constrainedMemory?.(), defaultLimitBytes: getHeapStatistics().heap_size_limit });
    const expected = args.length === 0 ? getHeapStatistics().heap_size_limit : Number(args[0]!.split('=')[1]) * 2 ** 20;
    const limit = heapOfCli({ NODE_OPTIONS: '' });
    // V8 adds its young generation to the old space's limit: within a few tens of MB.
    expect(Math.abs(limit - expected)).toBeLessThan(128 * 2 ** 20);
    expect(heapOfCli({ NODE_OPTIONS: '--max-old-space-size=300' })).toBeLessThan(400 * 2 ** 20);
    expect(HEAP_SHARE).toBe(0.5);
  });
});
