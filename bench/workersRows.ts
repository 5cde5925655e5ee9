import { availableParallelism, loadavg } from 'node:os';
import { WORKER_COUNTS, WORKERS_SCENARIO, WORKERS_SIZES } from './workersCases.ts';

/** A case's medians, as bench/index.ts keeps them. */
export interface Measured {
  ms: number;
  /** CPU time of the whole process, every thread's. */
  cpuMs: number;
  peakRssMb: number;
  states: number;
}

/**
 * The parallel search's summary: per size, the speed-up of two workers over one (median wall
 * time), the CPU time two workers spend against one's (the threads' start and what sharing costs;
 * two workers can be 2× faster only if it is 1), and the bytes a state costs (the process's peak RSS over the states: an upper bound,
 * Node's own ~50 MB included), with the machine's load average, since two workers can only be
 * faster when two cores are free.
 */
export function printWorkersRows(measured: ReadonlyMap<string, Measured>): void {
  const [one, two] = WORKER_COUNTS.map((w) => `${w} worker${w === 1 ? '' : 's'}`);
  console.log(`\nparallel search: load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} on ${availableParallelism()} cores`);
  for (const label of [WORKERS_SCENARIO, ...WORKERS_SIZES.map((n) => `2pc N=${n}`)]) {
    const a = measured.get(`${label}, ${one}`);
    const b = measured.get(`${label}, ${two}`);
    if (!a || !b) continue;
    const bytes = (m: Measured) => ((m.peakRssMb * 2 ** 20) / m.states).toFixed(0);
    console.log(
      `  ${label}: ${one} ${a.ms.toFixed(0)} ms, ${two} ${b.ms.toFixed(0)} ms: ${(a.ms / b.ms).toFixed(2)}x faster; CPU ${a.cpuMs.toFixed(0)} / ${b.cpuMs.toFixed(0)} ms (${(b.cpuMs / a.cpuMs).toFixed(2)}x); bytes per state (peak RSS) ${bytes(a)} / ${bytes(b)}`,
    );
  }
}
