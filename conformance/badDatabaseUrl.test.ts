import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * Issue 14: with a bad `DATABASE_URL`, the conformance suite printed, after the real error, a
 * secondary `rmSync(undefined)` from `replayCli.test.ts`'s `afterAll`. The suite file is run as a
 * user would run it, and its output must hold the one-line reason and nothing from the cleanup.
 */
describe('the conformance suite with a bad DATABASE_URL', () => {
  it('fails with the connection error alone, no secondary error from a cleanup', () => {
    const run = spawnSync(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', '--config', 'conformance/vitest.config.ts', 'conformance/replayCli.test.ts'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none', NO_COLOR: '1', CI: 'true' },
      timeout: 120_000,
    });
    const out = run.stdout + run.stderr;
    expect(run.status).not.toBe(0);
    expect(out).toMatch(/127\.0\.0\.1:1/);
    expect(out).not.toMatch(/rmSync|The "path" argument must be of type string/);
  });
});
