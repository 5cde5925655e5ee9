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
   * Untimed checks of the same case before the measured one, in the same process, each followed
   * by a full garbage collection, so the measurement is of JIT-compiled code on a clean heap
   * (steady-state throughput, as JMH measures after its warm-up iterations) rather than of a cold
   * start. A single warm-up is not enough: V8 is still optimising the hot paths during the second
   * check of a small scope.
   */
  warmUps?: number;
  /**
   * The name of the case listed just before this one whose runs alternate with this one's (one
   * of each in turn), so that both see the same load: for cases whose ratio is the figure, such
   * as one worker against two. Load on this machine drifts over minutes, which runs taken one
   * case after the other would read as a difference between the cases.
   */
  alternatesWith?: string;
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
