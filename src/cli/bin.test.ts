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
