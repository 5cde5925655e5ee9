import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../runCli.ts';
import { memoryIo, toyRegistry } from '../fixtures/toyRegistry.ts';
import type { DeadlineWatchdog } from './deadlineWatchdog.ts';

const watchdogModule = fileURLToPath(new URL('./deadlineWatchdog.ts', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'cdc-watchdog-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let scripts = 0;

/** Runs `body` in a child process that starts a watchdog with 1 s of grace; a main thread that loops for ever is what it guards against. */
function child(body: string) {
  const script = `import { startDeadlineWatchdog } from ${JSON.stringify(watchdogModule)};\nconst w = startDeadlineWatchdog(1000);\n${body}\n`;
  const file = join(tmp, `script${++scripts}.mjs`);
  writeFileSync(file, script);
  return spawnSync(process.execPath, ['--import', 'tsx', file], { encoding: 'utf8', timeout: 60_000 });
}

describe('startDeadlineWatchdog', () => {
  it('ends a search stuck past its time limit with one message and SIGKILL, never a verdict', () => {
    const r = child(`w.arm('endless-model', Date.now() + 200);\nfor (;;) {}`);
    expect(r.signal).toBe('SIGKILL');
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^cdc-check: endless-model: the search has not stopped 1 s after its time limit: the model's next, actions or a property has not returned \(an endless loop\?\)\. No verdict; nothing was reported\.\nhint: /);
  });

  it('leaves a search alone once it is disarmed, however long the process then runs', () => {
    const r = child(`w.arm('quick', Date.now() + 200);\nw.disarm();\nconst end = Date.now() + 2500;\nwhile (Date.now() < end) {}\nconsole.log('finished');`);
    expect(r.signal).toBeNull();
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('finished\n');
    expect(r.stderr).toBe('');
  });
});

describe('check arms the watchdog only for a search with a time limit', () => {
  it('arms it with the scenario and the deadline, and disarms it after each search', async () => {
    const calls: string[] = [];
    const watchdog: DeadlineWatchdog = { arm: (label, deadline) => void calls.push(`arm ${label} ${deadline > Date.now() + 4000 ? 'in 5 s' : 'too soon'}`), disarm: () => void calls.push('disarm') };
    const io = { ...memoryIo(), deadlineWatchdog: () => watchdog };
    const ids = toyRegistry.scenarios.map((s) => s.id);
    await runCli(['check', '--timeout', '5000'], toyRegistry, io);
    expect(calls).toEqual(ids.flatMap((id) => [`arm ${id} in 5 s`, 'disarm']));
    calls.length = 0;
    await runCli(['check'], toyRegistry, io);
    expect(calls).toEqual([]);
  });
});
