import type { TraceStep } from '../CheckResult.ts';
import { ModelError } from '../CheckerError.ts';
import type { Model } from '../Model.ts';
import { shouldSample } from './ContractChecks.ts';
import { ModelRunner } from './ModelRunner.ts';
import { StateKey } from './VisitedStates.ts';

type Trace = TraceStep<unknown, unknown>[];

/**
 * The parallel search's check that a model's `key`, `fingerprint` and `representative` depend on
 * the state alone. Each worker builds its own model object from the model's source, and the
 * workers share one table of fingerprints: two model objects that fingerprint one state apart
 * (a key that numbers states in the order it meets them, a cache that changes the answer) would
 * let one state count as two, or two as one, with no error. So a second model object, built in
 * the same worker from the same source, fingerprints sampled new states again (the first 64,
 * then one in 1024), and a different answer is a `ModelError` (`key-not-shared`).
 */
export class KeyWitness<S, A> {
  readonly #runner: ModelRunner<S, A>;
  readonly #key = new StateKey();
  readonly #what: string;
  #calls = 0;

  /** `witness` is the second model object; `symmetry` and `subsumption` as the search's. */
  constructor(witness: Model<S, A>, symmetry: boolean, subsumption = false) {
    this.#runner = new ModelRunner(witness, symmetry, false, true, subsumption);
    const own = witness.fingerprint ? 'fingerprint(state)' : witness.key ? 'key(state)' : undefined;
    const rep = symmetry && witness.representative ? (witness.representativeFingerprint ? 'representativeFingerprint(state)' : 'representative(state)') : undefined;
    this.#what = [rep, own].filter((x) => x !== undefined).join(' with ');
  }

  /**
   * Whether the fingerprints of `model`'s states can depend on the model object: only through
   * its own `key`, `fingerprint` or (under symmetry) `representative`; the checker's own
   * fingerprint of a state's content is the same in every worker.
   */
  static needed(model: Model<unknown, unknown>, symmetry: boolean): boolean {
    return model.key !== undefined || model.fingerprint !== undefined || (symmetry && model.representative !== undefined);
  }

  /**
   * Fingerprints `state`, reached by `action`, with the second model object on a sampled call,
   * and throws `ModelError` if that differs from `(hi, lo)`, the worker's own; `trace` rebuilds
   * the path to the state.
   */
  check(state: S, hi: number, lo: number, trace: () => Trace, action: A): void {
    if (!shouldSample(++this.#calls)) return;
    this.#runner.keyInto(this.#key, state, trace, action);
    const print = this.#key.fingerprint;
    if (print[0] === hi && print[1] === lo) return;
    throw new ModelError(
      'key-not-shared',
      `model ${this.#runner.model.name}: ${this.#what} gave the state at the end of the trace another fingerprint in a second model object built from the same source`,
      `The parallel search builds one model object in each worker, so ${this.#what} must depend on the state alone: no numbering in the order states are met, no cache whose contents change the answer. Fix it, or check with one worker (workers: 1).`,
      this.#runner.traceFor(trace),
    );
  }
}
