import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * Issue 5's acceptance, end to end through the real launcher (`npx cdc-check` runs
 * `bin/cdc-check.js`) and the real scenario registry, in a child process as a user would.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'cdc-bin-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function cdcCheck(...args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/cdc-check.js'), ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('cdc-check, as a user runs it', () => {
  it('check dual-write outbox-cdc --report DIR writes the index, Markdown with a sequenceDiagram, HTML and JSON; replay reproduces it', () => {
    const dir = join(tmp, 'reports');
    const check = cdcCheck('check', 'dual-write', 'outbox-cdc', '--report', dir);
    expect(check.err).toContain(`report files to ${dir}`);
    expect(check.code).toBe(0);
    expect(readFileSync(join(dir, 'index.md'), 'utf8')).toMatch(/\| `dual-write` \|.*✗ violated/);
    const files = readdirSync(join(dir, 'dual-write'));
    const md = files.find((f) => f.endsWith('.md'))!;
    expect(readFileSync(join(dir, 'dual-write', md), 'utf8')).toContain('```mermaid\nsequenceDiagram');
    expect(files).toContain(md.replace(/\.md$/, '.html'));
    const json = join(dir, 'dual-write', md.replace(/\.md$/, '.json'));
    const replay = cdcCheck('replay', json);
    expect(replay.err).toBe('');
    expect(replay.code).toBe(0);
    expect(replay.out).toContain('reproduced:');
  });

  it('check no-such-scenario exits 2 with one line naming the id, and a hint', () => {
    const r = cdcCheck('check', 'no-such-scenario');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^cdc-check: unknown scenario id 'no-such-scenario'\nhint: .*cdc-check list/);
    expect(r.out).toBe('');
  });
});

describe('the launcher runs the CLI compiled without keepNames', () => {
  it('compiles it once (no __name wrappers, the scenario catalogue inside), then reuses it', () => {
    const run = () => spawnSync(process.execPath, [join(ROOT, 'bin/cdc-check.js'), 'list'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, CDC_CHECK_VERBOSE: '1' } });
    const first = run();
    expect(first.status).toBe(0);
    expect(first.stdout).toContain('outbox-cdc');
    const ran = /^cdc-check: running the CLI (compiled before|just compiled): (.+\.mjs)$/m.exec(first.stderr);
    expect(ran, first.stderr).not.toBeNull();
    const bundle = ran![2]!;
    // tsx's keepNames would wrap each named function in __name(fn, "name").
    expect(readFileSync(bundle, 'utf8')).not.toContain('__name(');
    const inputs = Object.keys((JSON.parse(readFileSync(bundle.replace(/\.mjs$/, '.json'), 'utf8')) as { inputs: Record<string, string> }).inputs);
    expect(inputs).toContain(join(ROOT, 'src/cli/main.ts'));
    expect(inputs).toContain(join(ROOT, 'models/scenarios.ts'));
    const second = run();
    expect(second.status).toBe(0);
    expect(second.stderr).toContain(`cdc-check: running the CLI compiled before: ${bundle}\n`);
  });
});
