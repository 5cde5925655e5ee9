/**
 * `npm run bench:keys`: the generic structural fingerprint against the hand-written key it
 * replaced (`WorldKeys`, issue 15), on `outbox-cdc` in steady state, side by side in one sitting,
 * on the same model under the same engine, so that the keys are the only difference.
 *
 * The hand-written key is not part of the checker any more. It lives on in the last commit that
 * had it (the parent of the commit that deleted `models/world/WorldKeys.ts`), whose bench has a
 * case for each key on that commit's model (`… hand-written key`, `… generic key`). That commit is
 * extracted with `git archive` into a temporary directory, with this checkout's `node_modules`,
 * and its `src/engine` is replaced by this checkout's: both cases then run today's engine (its
 * search, its visited set, and for the generic case its fingerprint), on the model as it was when
 * the hand-written key was removed. Comparing today's model with that commit's would measure the
 * model's growth since (more fields, about 3.5 times the states), not the key.
 *
 * The runs alternate, one fresh process each (`runCase.ts`, three warm-up checks first), and the
 * medians of CPU time and states per CPU second are printed, with the machine's load average.
 * Nothing is asserted. Needs the project's git history; says so and exits 2 without it, and
 * says so and exits 2 if today's engine no longer runs that commit's model.
 *
 * Options: `--runs N` (default 5).
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, InvalidArgumentError } from 'commander';
import { median } from './median.ts';

const { runs } = new Command()
  .name('bench:keys')
  .option('--runs <n>', 'runs per case', (v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`--runs takes a whole number ≥ 1, got '${v}'.`);
    return n;
  }, 5)
  .parse()
  .opts<{ runs: number }>();

const root = fileURLToPath(new URL('..', import.meta.url));
const git = (...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();
let removal: string;
try {
  removal = git('log', '-1', '--format=%H', '--diff-filter=D', '--', 'models/world/WorldKeys.ts');
} catch {
  removal = '';
}
if (!removal) {
  console.error('bench:keys: no commit that deleted models/world/WorldKeys.ts in this checkout\'s history (a shallow clone?); fetch the full history to compare the keys');
  process.exit(2);
}
const baseline = git('rev-parse', `${removal}^`);

/** Ends the bench with a message and an exit code, after the temporary tree is removed. */
class Stop extends Error {
  constructor(readonly code: number, message: string) {
    super(message);
  }
}

const dir = mkdtempSync(join(tmpdir(), 'cdc-check-keys-'));
try {
  execFileSync('sh', ['-c', `git archive ${baseline} | tar -x -C '${dir}'`], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  // Today's engine under the old commit's model, and today's runner (it reports CPU time).
  rmSync(join(dir, 'src', 'engine'), { recursive: true, force: true });
  cpSync(join(root, 'src', 'engine'), join(dir, 'src', 'engine'), { recursive: true });
  copyFileSync(join(root, 'bench', 'runCase.ts'), join(dir, 'bench', 'runCaseCpu.ts'));

  const tsx = import.meta.resolve('tsx');
  const run = (name: string): { states: number; cpuMs: number } => {
    try {
      const out = execFileSync(process.execPath, ['--expose-gc', '--import', tsx, join(dir, 'bench', 'runCaseCpu.ts'), name], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 24, stdio: ['ignore', 'pipe', 'pipe'] });
      return JSON.parse(out.trim().split('\n').at(-1)!) as { states: number; cpuMs: number };
    } catch (e) {
      const stderr = String((e as { stderr?: unknown }).stderr ?? e).trim().split('\n').slice(0, 3).join(' / ');
      throw new Stop(2, `bench:keys: today's engine no longer runs the model of commit ${baseline.slice(0, 7)} (case '${name}'): ${stderr}`);
    }
  };

  console.log(`outbox-cdc as of commit ${baseline.slice(0, 7)}, whole space, steady state, under this checkout's engine: the generic fingerprint against the hand-written key`);
  console.log(`medians of ${runs} alternating fresh processes; load average before: ${loadavg().map((l) => l.toFixed(1)).join(' ')}\n`);
  console.log(['scope'.padEnd(10), 'key'.padEnd(14), 'states'.padStart(8), 'CPU ms'.padStart(8), 'states/CPU s'.padStart(13), 'runs (CPU ms)'].join(' '));
  for (const [aggregates, requests] of [[1, 2], [2, 1]] as const) {
    const scope = `a=${aggregates} r=${requests}`;
    const generic: { states: number; cpuMs: number }[] = [];
    const hand: { states: number; cpuMs: number }[] = [];
    for (let i = 0; i < runs; i++) {
      hand.push(run(`outbox-cdc ${scope}, hand-written key`));
      generic.push(run(`outbox-cdc ${scope}, generic key`));
    }
    // The same model under two keys: a different count means one key merges states the other tells apart.
    const counts = new Set([...hand, ...generic].map((s) => s.states));
    if (counts.size !== 1) {
      throw new Stop(1, `bench:keys: the two keys disagree on ${scope}'s state count (${[...counts].join(' vs ')}): one of them merges distinct states; the comparison means nothing until that is fixed`);
    }
    const rates: number[] = [];
    for (const [label, samples] of [['hand-written', hand], ['generic', generic]] as const) {
      const cpu = median(samples.map((s) => s.cpuMs));
      const rate = median(samples.map((s) => (s.states / s.cpuMs) * 1000));
      rates.push(rate);
      console.log([scope.padEnd(10), label.padEnd(14), String(samples[0]!.states).padStart(8), cpu.toFixed(0).padStart(8), Math.round(rate).toString().padStart(13), samples.map((s) => s.cpuMs.toFixed(0)).join(' ')].join(' '));
    }
    console.log(`${scope.padEnd(10)} generic / hand-written states per CPU second: ${(rates[1]! / rates[0]!).toFixed(2)}\n`);
  }
  console.log(`load average after: ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
} catch (e) {
  if (!(e instanceof Stop)) throw e;
  console.error(e.message);
  process.exitCode = e.code;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
