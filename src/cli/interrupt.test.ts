import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * Issue 14's interrupt acceptance: SIGINT, SIGTERM (and SIGKILL of the launcher) reach a running
 * `check --scope medium --report DIR` through the real launcher. Asserted: the exit code, the
 * partial summary (finished scenarios' verdicts, the one cut short marked incomplete with its
 * states), no process left behind, and no report directory (nor its temporary twin).
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'cdc-interrupt-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The pids whose parent is `pid`, read from /proc. */
function childrenOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((n) => /^\d+$/.test(n))
    .filter((n) => {
      try {
        // Field 4 of /proc/PID/stat is the parent; the command name (field 2) may hold spaces, so split after it.
        return Number(readFileSync(`/proc/${n}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]) === pid;
      } catch {
        return false;
      }
    })
    .map(Number);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Starts the check, waits for the first scenario's verdicts, sends `signal`, and collects what
 * happened. `stuck` first stops the CLI process (SIGSTOP), as a model stuck inside one step would
 * leave it: it can no longer notice an interrupt; `twice` sends the signal a second time 300 ms later.
 */
async function interrupt(signal: NodeJS.Signals, name: string, { stuck = false, twice = false } = {}) {
  const dir = join(tmp, name);
  const launcher = spawn(process.execPath, [join(ROOT, 'bin/cdc-check.js'), 'check', '--scope', 'medium', '--report', dir], {
    cwd: tmp,
    env: { ...process.env, NO_COLOR: '1' },
  });
  let out = '';
  let err = '';
  launcher.stderr.on('data', (d) => void (err += String(d)));
  const exited = new Promise<number | null>((resolve) => launcher.on('exit', (code) => resolve(code)));
  await new Promise<void>((resolve) => {
    launcher.stdout.on('data', (d) => {
      out += String(d);
      // The first scenario's verdict block ends with its state count.
      if (/\d+ states, \d+ ms/.test(out)) resolve();
    });
  });
  const children = childrenOf(launcher.pid!);
  expect(children).toHaveLength(1);
  if (stuck) process.kill(children[0]!, 'SIGSTOP');
  const sent = Date.now();
  launcher.kill(signal);
  if (twice) {
    await new Promise((r) => setTimeout(r, 300));
    launcher.kill(signal);
  }
  const code = await exited;
  const ms = Date.now() - sent;
  // The child ends on its own: give it the launcher's grace period at most.
  const deadline = Date.now() + 15_000;
  while (children.some(alive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  await new Promise((r) => setTimeout(r, 200));
  return { code, out, err, children, dir, ms };
}

describe.concurrent('check --scope medium --report DIR, interrupted', () => {
  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('%s: exit %i, the partial summary, no orphan, no report', async (signal, exit) => {
    const r = await interrupt(signal, signal.toLowerCase());
    expect(r.code, r.err).toBe(exit);
    expect(r.out).toMatch(/^dual-write +no-lost-events +✗ violated \(as expected\)/m);
    expect(r.out).toMatch(new RegExp(`interrupted by ${signal}: (\\S+ incomplete: \\d+ states explored \\(depth \\d+\\)|between scenarios); not started: `));
    expect(r.out).toMatch(/\d+ scenarios?: invariants \d+ hold, \d+ violated as expected, 0 UNEXPECTED.* \(finished scenarios only; no report written\)/);
    expect(r.err).not.toMatch(/^ {4}at /m);
    expect(r.children.filter(alive)).toEqual([]);
    expect(existsSync(r.dir)).toBe(false);
    expect(readdirSync(tmp).filter((n) => n.startsWith(`.${signal.toLowerCase()}.tmp-`))).toEqual([]);
  });

  it('SIGKILL of the launcher: the child notices the closed pipe, stops and removes its temporary directory', async () => {
    const r = await interrupt('SIGKILL', 'sigkill');
    expect(r.code).toBe(null);
    expect(r.children.filter(alive)).toEqual([]);
    expect(existsSync(r.dir)).toBe(false);
    expect(readdirSync(tmp).filter((n) => n.startsWith('.sigkill.tmp-'))).toEqual([]);
  });
});

describe.concurrent('a CLI that cannot stop: the launcher kills it and says why', () => {
  it('no end 10 s after SIGINT: killed, exit 137, one line on stderr naming the wait and the signal', async () => {
    const r = await interrupt('SIGINT', 'stuck', { stuck: true });
    expect(r.code, r.err).toBe(137);
    expect(r.ms).toBeGreaterThanOrEqual(10_000);
    expect(r.err).toMatch(/^cdc-check: the check had not stopped 10 s after SIGINT \(a model stuck inside one step never gets to notice an interrupt\), so it was killed \(SIGKILL, exit 137\)\. A report is replaced whole or not at all/m);
    expect(r.children.filter(alive)).toEqual([]);
    expect(existsSync(r.dir)).toBe(false);
  }, 30_000);

  it('a second SIGTERM: killed at once, exit 137, saying so', async () => {
    const r = await interrupt('SIGTERM', 'twice', { stuck: true, twice: true });
    expect(r.code, r.err).toBe(137);
    expect(r.ms).toBeLessThan(10_000);
    expect(r.err).toMatch(/^cdc-check: a second SIGTERM: the check was killed at once \(SIGKILL, exit 137\)/m);
    expect(r.err.match(/^cdc-check: /gm)).toHaveLength(1);
    expect(r.children.filter(alive)).toEqual([]);
  }, 30_000);
});
