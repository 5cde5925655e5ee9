import { median } from './median.ts';
import { spinMissing, spinVerifier, type SpinSample } from './spin.ts';
import { TWO_PHASE_SIZES } from './twoPhaseCases.ts';

/**
 * Prints Spin's rows for Two-Phase Commit beside the engine's (`measured`, medians by case
 * name): Spin's states, CPU time and peak memory (medians of up to `runs` runs, 3 at most at
 * N = 9), and the engine/Spin ratios of CPU time and of peak memory. Says so and prints nothing
 * else when Spin cannot run here. Returns the number of sizes that failed.
 */
export function printSpinRows(measured: ReadonlyMap<string, { cpuMs: number; peakRssMb: number; states: number }>, runs: number): number {
  console.log('## two-phase commit, Spin 6 (single process, exhaustive, no partial-order reduction)');
  const missing = spinMissing();
  if (missing) {
    console.log(`skipped: ${missing}`);
    return 0;
  }
  console.log(['case'.padEnd(12), 'states'.padStart(11), 'Spin CPU ms'.padStart(12), 'Spin MB'.padStart(8), 'engine CPU ms'.padStart(14), 'engine MB'.padStart(10), 'CPU ratio'.padStart(10), 'mem ratio'.padStart(10)].join(' '));
  let failed = 0;
  for (const n of TWO_PHASE_SIZES) {
    const engine = measured.get(`2pc N=${n}`);
    if (!engine) continue;
    let samples: SpinSample[];
    const verifier = spinVerifier(n);
    try {
      samples = Array.from({ length: Math.min(runs, n === 9 ? 3 : runs) }, () => verifier.run());
    } catch (err) {
      failed++;
      console.log(`${`N=${n}`.padEnd(12)} error: ${(err as Error).message}`);
      continue;
    } finally {
      verifier.dispose();
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
      ].join(' ') + same,
    );
  }
  return failed;
}
