import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { twoPhaseCommitPromela } from './models/twoPhaseCommitPromela.ts';

/** One Spin run: the states it stored, its CPU time and its peak resident memory. */
export interface SpinSample {
  states: number;
  transitions: number;
  cpuMs: number;
  peakRssMb: number;
}

/** Why Spin cannot be run here, or null when `spin`, a C compiler and GNU time are all present. */
export function spinMissing(): string | null {
  const has = (cmd: string) => {
    try {
      execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  };
  if (!has('spin')) return 'spin is not installed (apt-get install spin)';
  if (!has('cc')) return 'no C compiler for Spin\'s verifier (apt-get install gcc)';
  if (!existsSync('/usr/bin/time')) return 'GNU time is missing, needed to measure Spin\'s memory (apt-get install time)';
  return null;
}

/**
 * Builds Spin's verifier for Two-Phase Commit over `n` resource managers (exhaustive, no partial
 * order reduction, a hash table sized for the state count) and returns a function that runs it
 * once and measures it. The build is not measured.
 */
export function spinVerifier(n: number): { run: () => SpinSample; dispose: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'cdc-check-spin-'));
  writeFileSync(join(dir, 'twophase.pml'), twoPhaseCommitPromela(n));
  execFileSync('spin', ['-a', 'twophase.pml'], { cwd: dir, stdio: 'ignore' });
  execFileSync('cc', ['-O2', '-DSAFETY', '-DNOREDUCE', '-DMEMLIM=16384', '-o', 'pan', 'pan.c'], { cwd: dir, stdio: 'ignore' });
  const run = (): SpinSample => {
    // -w: 2^(2n+6) hash slots, above the state count (10.3M at n = 9); -m: a depth bound never hit.
    const r = spawnSync('/usr/bin/time', ['-f', 'TIME %U %S %M', './pan', `-w${2 * n + 6}`, '-m100000'], { cwd: dir, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`Spin's verifier exited with ${r.status}: ${r.stderr.trim().split('\n').at(-1)}`);
    return parse(r.stdout + r.stderr);
  };
  return { run, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

function parse(out: string): SpinSample {
  const num = (re: RegExp) => {
    const m = re.exec(out);
    if (!m) throw new Error(`could not read Spin's output: ${re.source} not found`);
    return Number(m[1]);
  };
  const time = /TIME ([\d.]+) ([\d.]+) (\d+)/.exec(out);
  if (!time) throw new Error('could not read the CPU time and memory GNU time reports');
  return {
    states: num(/(\d+) states, stored/),
    transitions: num(/(\d+) transitions/),
    cpuMs: (Number(time[1]) + Number(time[2])) * 1000,
    peakRssMb: Number(time[3]) / 1024,
  };
}
