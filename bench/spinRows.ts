import { median } from './median.ts';
import { spinMissing, spinVerifier, type SpinSample } from './spin.ts';
import { TWO_PHASE_SIZES } from './twoPhaseCases.ts';

/** Spin's runs for one size, taken between the engine's, or why they could not be taken. */
export type SpinRuns = SpinSample[] | Error;

/**
 * Interleaves Spin with the engine on Two-Phase Commit over `n` managers: builds Spin's verifier
 * once and returns `after`, to be called after each engine run, which runs Spin once (at most 3
 * times at N = 9), and `done`, which removes the build and returns the runs. Null when Spin cannot
 * run here (`spinMissing`).
 */
export function interleavedSpin(n: number): { after: () => void; done: () => SpinRuns } | null {
  if (spinMissing()) return null;
  let verifier: ReturnType<typeof spinVerifier> | null = null;
  let failure: Error | null = null;
  const samples: SpinSample[] = [];
  try {
    verifier = spinVerifier(n);
  } catch (err) {
    failure = err as Error;
  }
  return {
    after: () => {
      if (!verifier || failure || (n === 9 && samples.length >= 3)) return;
      try {
        samples.push(verifier.run());
      } catch (err) {
        failure = err as Error;
      }
    },
    done: () => {
      verifier?.dispose();
      return failure ?? samples;
    },
  };
}

/**
 * Prints Spin's rows for Two-Phase Commit beside the engine's (`measured`, medians by case
 * name): Spin's states, CPU time and peak memory (medians of its runs, taken between the
 * engine's: `interleavedSpin`), the engine/Spin ratios of CPU time and of peak memory, and each
 * one's bytes a state (its whole process's peak RSS over the states it stored). Says
 * so and prints nothing else when Spin cannot run here. Returns the number of sizes that failed.
 */
export function printSpinRows(measured: ReadonlyMap<string, { cpuMs: number; peakRssMb: number; states: number }>, spin: ReadonlyMap<number, SpinRuns>): number {
  console.log('## two-phase commit, Spin 6 (single process, exhaustive, no partial-order reduction; runs alternating with the engine\'s)');
  const missing = spinMissing();
  if (missing) {
    console.log(`skipped: ${missing}`);
    return 0;
  }
  console.log(['case'.padEnd(12), 'states'.padStart(11), 'Spin CPU ms'.padStart(12), 'Spin MB'.padStart(8), 'engine CPU ms'.padStart(14), 'engine MB'.padStart(10), 'CPU ratio'.padStart(10), 'mem ratio'.padStart(10), 'B/state Spin'.padStart(13), 'engine'.padStart(7)].join(' '));
  let failed = 0;
  for (const n of TWO_PHASE_SIZES) {
    const engine = measured.get(`2pc N=${n}`);
    const samples = spin.get(n);
    if (!engine || !samples) continue;
    if (samples instanceof Error || samples.length === 0) {
      failed++;
      console.log(`${`N=${n}`.padEnd(12)} error: ${samples instanceof Error ? samples.message : 'no run'}`);
      continue;
    }
    const cpu = median(samples.map((s) => s.cpuMs));
    const mem = median(samples.map((s) => s.peakRssMb));
    const same = samples[0]!.states === engine.states ? '' : ` (engine counted ${engine.states})`;
    console.log(
      [
        `N=${n}`.padEnd(12),
        String(samples[0]!.states).padStart(11),
        cpu.toFixed(0).padStart(12),
        mem.toFixed(0).padStart(8),
        engine.cpuMs.toFixed(0).padStart(14),
        engine.peakRssMb.toFixed(0).padStart(10),
        `${(engine.cpuMs / cpu).toFixed(2)}×`.padStart(10),
        `${(engine.peakRssMb / mem).toFixed(2)}×`.padStart(10),
        perState(mem, samples[0]!.states).padStart(13),
        perState(engine.peakRssMb, engine.states).padStart(7),
      ].join(' ') + same,
    );
  }
  return failed;
}

/** Bytes a state: `mb` MiB of peak RSS over `states` states, rounded. */
function perState(mb: number, states: number): string {
  return states > 0 ? (mb * 1048576 / states).toFixed(0) : '-';
}
