import type { CheckOptions, Model } from '../src/index.ts';
import { dieHard } from '../src/engine/fixtures/dieHard.ts';
import { grid } from '../src/engine/fixtures/grid.ts';

/** A benchmark case: a model and the options to check it with. Built inside the measuring process. */
export interface BenchCase {
  /** Unique name, used on the command line of the child process. */
  name: string;
  /** Table the case is reported in. */
  group: string;
  /** At most this many runs, whatever --runs says (for cases whose timing matters less than their size). */
  maxRuns?: number;
  /**
   * Check once, untimed, before the measured check in the same process, so the measurement is
   * of JIT-compiled code (steady-state throughput) rather than of a cold start.
   */
  warmUp?: boolean;
  build(): { model: Model<any, any>; options: CheckOptions };
}

/** The engine's fixture models, measured for pure engine overhead. */
export const engineCases: readonly BenchCase[] = [
  { name: 'grid-700, model key', group: 'engine', build: () => ({ model: grid(700), options: {} }) },
  {
    name: 'grid-700, stable-JSON key',
    group: 'engine',
    build: () => ({ model: { ...grid(700), key: undefined }, options: {} }),
  },
  { name: 'die-hard, explore all', group: 'engine', build: () => ({ model: dieHard(), options: { exploreAll: true } }) },
  { name: 'die-hard, random', group: 'engine', build: () => ({ model: dieHard(), options: { mode: 'random', seed: 1, runs: 1000 } }) },
];
