/**
 * `npm run bench`: medians over several runs of distinct states/s, transitions/s, time to the
 * first counterexample and peak memory, for the engine fixtures and every scenario, plus how the
 * state count grows with scope. Each run is a fresh child process. Timings are printed, never
 * asserted.
 *
 * Growth cases stop at a bound and are then run once (their state count is a lower bound).
 *
 * The partial-order reduction's rows (`porCases.ts`) end with a summary of states, transitions
 * and times without and with it.
 *
 * Two-Phase Commit's rows are followed by Spin's on the same model, where Spin is installed, its
 * runs alternating with the engine's (one after each engine run), so both see the same load.
 *
 * Cases whose figure is a ratio between them (one worker against two) alternate their runs, a
 * run of each in turn (`BenchCase.alternatesWith`), for the same reason.
 *
 * Each run is `runCase.ts` compiled without tsx's `keepNames`, as the CLI runs (`bin/cdc-check.js`).
 *
 * Options: `--runs N` (default 5), `--filter TEXT` (only cases whose name or group contains it).
 * A case whose run fails is reported as `error` with the first line of what it printed, the
 * other cases still run, and the exit code is then 1.
 */
import { execFileSync } from 'node:child_process';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, InvalidArgumentError } from 'commander';
import { COMPILE_CACHE, compileModule } from '../src/engine/internal/compileModule.ts';
import { COMPILED_CACHE_ENV } from '../src/engine/internal/compileWorker.ts';
import { allCases } from './allCases.ts';
import type { BenchCase } from './engineCases.ts';
import { median } from './median.ts';
import { interleavedSpin, printSpinRows, type SpinRuns } from './spinRows.ts';
import { TWO_PHASE_GROUP } from './twoPhaseCases.ts';
import { WORKERS_GROUP } from './workersCases.ts';
import { printWorkersRows } from './workersRows.ts';
import { POR_GROUP } from './porCases.ts';
import { printPorRows } from './porRows.ts';

interface Sample {
  status: string;
  states: number;
  transitions: number;
  maxDepth: number;
  ms: number;
  firstViolationMs?: number;
  traceLength: number | null;
  peakRssMb: number;
  cpuMs: number;
}

const program = new Command()
  .name('bench')
  .option('--runs <n>', 'runs per case', (v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`--runs takes a whole number ≥ 1, got '${v}'.`);
    return n;
  }, 5)
  .option('--filter <text>', 'only cases whose name or group contains this text', '')
  .parse();
const { runs, filter } = program.opts<{ runs: number; filter: string }>();

// Each run runs the case as the CLI runs its checks (bin/cdc-check.js): compiled once, without
// tsx's keepNames, and cached (compileModule), in plain node, which takes node's flags.
const runner = (await compileModule(fileURLToPath(new URL('./runCase.ts', import.meta.url)), fileURLToPath(new URL(`../${COMPILE_CACHE}`, import.meta.url)))).file;
/** One run of case `name` in a fresh process; a failed run throws `CaseFailed`. */
const runOnce = (name: string): Sample => {
  let out: string;
  try {
    out = execFileSync(process.execPath, ['--expose-gc', '--enable-source-maps', runner, name], { env: { ...process.env, [COMPILED_CACHE_ENV]: dirname(runner) }, encoding: 'utf8', maxBuffer: 1 << 24, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    const e = err as { status?: number | null; signal?: string | null; stderr?: string };
    throw new CaseFailed(`${e.signal ? `killed by ${e.signal}` : `exit code ${e.status}`}${errorLine(e.stderr ?? '')}`);
  }
  return JSON.parse(out.trim().split('\n').at(-1)!) as Sample;
};

/** The error line of a run's stderr (the one above its first stack frame), as ": line". */
function errorLine(stderr: string): string {
  const lines = stderr.split('\n').filter((l) => !l.startsWith('npm warn'));
  const frame = lines.findIndex((l) => /^\s+at /.test(l));
  const line = (frame > 0 ? lines[frame - 1] : lines.find((l) => /\S/.test(l)))?.trim();
  return line ? `: ${line}` : '';
}

/** A run of a case that failed: how it ended and its error line. */
class CaseFailed extends Error {}

const fmt = (n: number) => (n >= 1e6 ? `${(n / 1e6).toFixed(2)}M` : n >= 1e4 ? `${Math.round(n / 1e3)}k` : String(Math.round(n)));
const cases = (await allCases()).filter((c) => !filter || c.name.includes(filter) || c.group.includes(filter));
if (cases.length === 0) {
  console.error(`bench: no case name or group contains '${filter}'. Run without --filter to see them all.`);
  process.exit(2);
}
let failed = 0;
/** Medians of each case that ran, for the rows that compare with another tool. */
const measured = new Map<string, { cpuMs: number; peakRssMb: number; states: number; transitions: number; ms: number }>();
/** Spin's runs of Two-Phase Commit by size, taken between the engine's runs of the same size. */
const spinRuns = new Map<number, SpinRuns>();
console.log(`cdc-check bench: medians of ${runs} runs each, one fresh process per run (node ${process.version})\n`);
// Cases run one after the other, except those whose runs alternate with the case before them
// (`BenchCase.alternatesWith`): those run in turn with it, a run of each, and are printed after it.
const units: BenchCase[][] = [];
for (const c of cases) {
  const last = units.at(-1);
  if (c.alternatesWith !== undefined && last?.at(-1)?.name === c.alternatesWith) last.push(c);
  else units.push([c]);
}
let group = '';
for (const unit of units) {
  const samples = unit.map((): Sample[] => []);
  const spins = unit.map((c) => {
    const size = c.group === TWO_PHASE_GROUP ? Number(/N=(\d+)/.exec(c.name)?.[1]) : NaN;
    return { size, spin: Number.isInteger(size) ? interleavedSpin(size) : null };
  });
  const errors = unit.map((): string | undefined => undefined);
  // A run stopped by a bound says how far it got; repeating it would only re-measure the bound.
  const wants = (i: number) => errors[i] === undefined && (samples[i]!.length === 0 || (samples[i]!.length < Math.min(runs, unit[i]!.maxRuns ?? runs) && samples[i]![0]!.status !== 'incomplete'));
  while (unit.some((_, i) => wants(i))) {
    unit.forEach((c, i) => {
      if (!wants(i)) return;
      try {
        samples[i]!.push(runOnce(c.name));
        spins[i]!.spin?.after();
      } catch (err) {
        if (!(err instanceof CaseFailed)) throw err;
        errors[i] = err.message;
      }
    });
  }
  unit.forEach((c, i) => {
    if (c.group !== group) {
      group = c.group;
      console.log(`## ${group}`);
      console.log(['case'.padEnd(44), 'status'.padEnd(10), 'states'.padStart(9), 'depth'.padStart(6), 'ms'.padStart(8), 'states/s'.padStart(9), 'trans/s'.padStart(9), '1st cex ms'.padStart(10), 'cex len'.padStart(7), 'peak MB'.padStart(8)].join(' '));
    }
    const { size, spin } = spins[i]!;
    if (errors[i] !== undefined) {
      spin?.done();
      failed++;
      console.log(`${c.name.padEnd(44)} ${'error'.padEnd(10)} ${errors[i]}`);
      return;
    }
    if (spin) spinRuns.set(size, spin.done());
    printRow(c, samples[i]!);
  });
}

/** Prints case `c`'s row from its runs (medians) and keeps its medians in `measured`. */
function printRow(c: BenchCase, samples: readonly Sample[]): void {
  const m = (f: (s: Sample) => number) => median(samples.map(f));
  const ms = m((s) => s.ms);
  const first = samples[0]!;
  measured.set(c.name, { cpuMs: m((s) => s.cpuMs), peakRssMb: m((s) => s.peakRssMb), states: first.states, transitions: first.transitions, ms });
  const cex = samples.every((s) => s.firstViolationMs !== undefined) ? m((s) => s.firstViolationMs!).toFixed(0) : '-';
  console.log(
    [
      c.name.padEnd(44),
      first.status.padEnd(10),
      ((first.status === 'incomplete' ? '>' : '') + fmt(first.states)).padStart(9),
      String(first.maxDepth).padStart(6),
      ms.toFixed(0).padStart(8),
      fmt(m((s) => s.states / Math.max(s.ms, 1)) * 1000).padStart(9),
      fmt(m((s) => s.transitions / Math.max(s.ms, 1)) * 1000).padStart(9),
      cex.padStart(10),
      String(first.traceLength ?? '-').padStart(7),
      m((s) => s.peakRssMb).toFixed(0).padStart(8),
    ].join(' '),
  );
}
if (cases.some((c) => c.group === TWO_PHASE_GROUP)) failed += printSpinRows(measured, spinRuns);
if (cases.some((c) => c.group === WORKERS_GROUP)) printWorkersRows(measured);
if (cases.some((c) => c.group === POR_GROUP)) printPorRows(measured);
if (failed > 0) {
  console.error(`bench: ${failed} case(s) failed; run one alone with: node --expose-gc --import tsx bench/runCase.ts '<case name>'`);
  process.exit(1);
}
