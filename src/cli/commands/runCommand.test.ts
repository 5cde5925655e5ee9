import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'cdc-run-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function cdcCheck(...args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/cdc-check.js'), ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('cdc-check run FILE', () => {
  it('runs a check script with its arguments, options included, and exits with its code', () => {
    const script = join(tmp, 'script.ts');
    writeFileSync(script, 'const args: string[] = process.argv.slice(2);\nconsole.log(JSON.stringify(args));\nprocess.exitCode = 3;\n');
    const r = cdcCheck('run', script, '7', '--n', '9');
    expect(r.err).toBe('');
    expect(r.out).toBe('["7","--n","9"]\n');
    expect(r.code).toBe(3);
  });

  it('checks a user model from compiled JavaScript: Two-Phase Commit over 3 resource managers has 288 states', () => {
    const r = cdcCheck('run', 'src/cli/fixtures/twoPhaseUserCheck.ts', '3');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ status: 'ok', states: 288 });
  });

  it('with --por, gives the script\'s checks partial-order reduction: 4 counters to 3 in 13 states, not 256', () => {
    const plain = cdcCheck('run', 'src/cli/fixtures/countersUserCheck.ts');
    const por = cdcCheck('run', '--por', 'src/cli/fixtures/countersUserCheck.ts');
    expect(plain.code, plain.err).toBe(0);
    expect(por.code, por.err).toBe(0);
    expect(JSON.parse(plain.out)).toEqual({ status: 'ok', states: 256, reduced: false });
    expect(JSON.parse(por.out)).toEqual({ status: 'ok', states: 13, reduced: true });
  });

  it('with --workers 2, searches the script\'s checks that name a model source on 2 threads: the same 2PC states', () => {
    const plain = cdcCheck('run', 'src/cli/fixtures/workersUserCheck.ts');
    const two = cdcCheck('run', '--workers', '2', 'src/cli/fixtures/workersUserCheck.ts');
    expect(plain.code, plain.err).toBe(0);
    expect(two.code, two.err).toBe(0);
    expect(JSON.parse(plain.out)).toEqual({ status: 'ok', states: 1568, workers: 1 });
    expect(JSON.parse(two.out)).toEqual({ status: 'ok', states: 1568, workers: 2 });
  });

  it('refuses --workers 0, and --por with --workers 2, in one line, exit 2', () => {
    for (const [flags, message] of [[['--workers', '0'], /--workers/], [['--por', '--workers', '2'], /--por applies to a one-thread search, not with --workers/]] as const) {
      const r = cdcCheck('run', ...flags, 'src/cli/fixtures/workersUserCheck.ts');
      expect(r.code).toBe(2);
      expect(r.out).toBe('');
      expect(r.err).toMatch(message);
    }
  });

  it.each([
    ['a script that ends on the signal', '', 143, ''],
    ['a script that ignores it, killed 5 s later', "process.on('SIGTERM', () => {});\n", 143, 'cdc-check: the script did not stop within 5 s of SIGTERM; killed it\n'],
  ])('passes SIGTERM on to %s: the launcher exits 143 and the script is gone', async (_, prologue, code, message) => {
    const script = join(tmp, `endless${code}${prologue.length}.ts`);
    writeFileSync(script, `${prologue}console.log(process.pid);\nfor (;;) {}\n`);
    const launcher = spawn(process.execPath, [join(ROOT, 'bin/cdc-check.js'), 'run', script], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' } });
    let err = '';
    launcher.stderr.on('data', (d) => void (err += String(d)));
    const exited = new Promise<number | null>((resolve) => launcher.on('exit', (c) => resolve(c)));
    const pid = await new Promise<number>((resolve) => launcher.stdout.on('data', (d) => resolve(Number(String(d).trim()))));
    launcher.kill('SIGTERM');
    expect(await exited).toBe(code);
    expect(err).toBe(message);
    expect(() => process.kill(pid, 0)).toThrow();
  });

  it('refuses a file that does not compile in one line, exit 2', () => {
    const broken = join(tmp, 'broken.ts');
    writeFileSync(broken, 'export const = 1;\n');
    const r = cdcCheck('run', broken);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/^cdc-check: cannot compile .*broken\.ts: .*broken\.ts:1:13: .*\nhint: /);
  });
});
