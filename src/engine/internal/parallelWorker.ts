import type { ReducerCounts } from './Reducer.ts';
import { receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { loadModelSource, type ModelSource } from '../ModelSource.ts';
import { KeyWitness } from './KeyWitness.ts';
import { LevelExpander } from './LevelExpander.ts';
import type { SharedVisitedBuffers } from './SharedVisited.ts';
import { sendableError, type SentError } from './workerErrors.ts';

/** Words of the control buffer shared by the main thread and the workers of a parallel search. */
export const Control = {
  /** Bumped by the main thread to start a round (its message is already posted). */
  Round: 0,
  /** Workers that have finished the current round (or started up). */
  Done: 1,
  /** Set to stop: a bound was reached, a worker failed, or the main thread was interrupted. */
  Stop: 2,
  /** Set (before a last `Round` bump) to end the workers. */
  Quit: 3,
  /**
   * The first of one word a worker: worker w's cursor, how far into its level runs have been
   * claimed this round (`LevelExpander`), reset by the main thread before each round.
   */
  Cursors: 4,
} as const;

/** A control buffer for a search on `workers` threads (`Control`). */
export function controlBuffer(workers: number): Int32Array {
  return new Int32Array(new SharedArrayBuffer(4 * (Control.Cursors + workers)));
}

/** What a worker is started with. */
export interface WorkerSetup {
  index: number;
  source: ModelSource;
  visited: SharedVisitedBuffers;
  control: SharedArrayBuffer;
  port: MessagePort;
  symmetry: boolean;
  maxDepth: number;
  /** Wall-clock time (ms since the epoch) at which the search stops, and the limit it came from; null for none. */
  deadline: number | null;
  timeoutMs: number;
  maxMemoryMb: number;
  /** Partial-order reduction with the model's `independence` (`reduction: 'por'`, applied). */
  reduction: boolean;
  /** Subsumption by the model's `budgets` (`subsumption`, applied). */
  subsumption: boolean;
}

/**
 * A worker's next frontier, packed, in shared memory (the arrays are views of
 * `SharedArrayBuffer`s): another worker copies the states it takes over from it instead of
 * rebuilding them. Its first `length` states, in increasing id order.
 */
export interface PackedLevel {
  words: Int32Array;
  ids: Int32Array;
  /** Each state's fingerprint, high half then low. */
  prints: Int32Array;
  length: number;
}

/** The main thread's order for one breadth-first level. */
export interface RoundOrder {
  depth: number;
  /**
   * Frontier states to take over from other workers: copied from the giver's `PackedLevel` in
   * `from` (indexed by worker) when it sent one, else rebuilt here from their paths.
   */
  adopt: number[];
  from?: (PackedLevel | undefined)[];
  /** How many of this worker's frontier states (the last ones) another worker takes over. */
  drop: number;
  /**
   * Each worker's level of this round, when every worker packs its states for the others:
   * a worker that has expanded its own share claims runs of another's (by that worker's cursor)
   * and expands them from the words it sent. Absent: each worker expands its own share only.
   */
  steal?: (PackedLevel | undefined)[];
  /**
   * With `steal`: how many of each worker's first frontier states others may claim, its level as
   * sent less what it gives up (`drop`); the states it takes over come after them, and only it
   * expands those.
   */
  stealable?: number[];
  /** Properties already decided: not evaluated any more. */
  skip: string[];
  /** The first id of the next level: every state with a lower id is at this depth or above. */
  nextDepthStart: number;
}

/** The main thread's order to go on with the level, with the grown table. */
export interface ResumeOrder {
  resume: SharedArrayBuffer;
}

/** A state violating a property, found in this round: the main thread keeps the least by (depth, fingerprint). */
export interface Candidate {
  property: string;
  id: number;
  depth: number;
  hi: number;
  lo: number;
}

/** A worker's report on its part of one level. */
export type WorkerReport =
  | { type: 'ready'; name: string; version: string; initial: number[] }
  | { type: 'error'; error: SentError }
  /** Stopped between two states for the table to grow (`SharedVisited.grow`): resume with the new table. */
  | { type: 'paused' }
  | {
      type: 'round';
      transitions: number;
      discovered: number;
      /** The size of this worker's next frontier. */
      frontier: number;
      /** That frontier in shared memory, when packed, for the workers that take states over. */
      packed?: PackedLevel;
      candidates: Candidate[];
      /**
       * The steps into states of the next level that came before the step they were claimed
       * by (`SharedVisited.precedes`), child, parent and action in turn, for the main thread's
       * `SharedVisited.reparent` (a view of shared memory, read before the next round).
       */
      reparents: Int32Array;
      witnessed: string[];
      reason?: string;
      /** With the reduction: states expanded by an ample set, full expansions the proviso forced, transitions skipped. */
      reduction?: ReducerCounts;
      /** With subsumption: the new states skipped because one met before covers them. */
      subsumed?: number;
      /** Under symmetry: the collision odds of this worker's class cache so far (`ClassCache`). */
      classOdds?: number;
    };

const IN_WORKER = Symbol.for('cdc-check.parallelWorker');

/**
 * True in a worker thread of the parallel search. A model source that starts a parallel check
 * when imported (a script rather than a module of models) would otherwise start workers from
 * its workers, without end. Kept on `globalThis`: the engine may be loaded twice in a worker
 * (once by its entry, once by the model source).
 */
export function inParallelWorker(): boolean {
  return (globalThis as Record<symbol, unknown>)[IN_WORKER] === true;
}

/** Receives the message the other side has posted (or is about to: it posts before it signals). */
export function receive<T>(port: MessagePort, control: Int32Array): T {
  for (;;) {
    const got = receiveMessageOnPort(port);
    if (got) return got.message as T;
    Atomics.wait(control, Control.Quit, 0, 1);
  }
}

/**
 * A worker thread of the parallel search: builds the model from its source, then expands its
 * share of each breadth-first level when the main thread says so (`LevelExpander`), keeping the
 * states it discovers (another worker that takes one over copies it from this worker's packed
 * level, or rebuilds it from its path), and reports what it found. Never returns before the main
 * thread says quit. `source`: the model source's module, when compiled with this code
 * (`compileWorker`); else it is imported.
 */
export async function runParallelWorker(setup: WorkerSetup, source?: Record<string, unknown>): Promise<void> {
  const control = new Int32Array(setup.control);
  const { port } = setup;
  let expander: LevelExpander<unknown, unknown> | undefined;
  try {
    (globalThis as Record<symbol, unknown>)[IN_WORKER] = true;
    const model = await loadModelSource(setup.source, source);
    const witness = KeyWitness.needed(model, setup.symmetry) ? await loadModelSource(setup.source, source) : null;
    expander = new LevelExpander(model, setup, control, witness);
    port.postMessage({ type: 'ready', name: model.name, version: model.version ?? '1', initial: expander.initialFingerprints() } satisfies WorkerReport);
  } catch (e) {
    port.postMessage({ type: 'error', error: sendableError(e) } satisfies WorkerReport);
  }
  arrive(control);
  for (let round = 0; ; ) {
    Atomics.wait(control, Control.Round, round);
    round = Atomics.load(control, Control.Round);
    if (Atomics.load(control, Control.Quit) !== 0) break;
    const order = receive<RoundOrder | ResumeOrder>(port, control);
    try {
      port.postMessage(expander!.expand(order) satisfies WorkerReport);
    } catch (e) {
      Atomics.store(control, Control.Stop, 1);
      port.postMessage({ type: 'error', error: sendableError(e) } satisfies WorkerReport);
    }
    arrive(control);
  }
  port.close();
}

function arrive(control: Int32Array): void {
  Atomics.add(control, Control.Done, 1);
  Atomics.notify(control, Control.Done);
}
