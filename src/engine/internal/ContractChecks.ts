import type { TraceStep } from '../CheckResult.ts';
import { ModelError } from '../CheckerError.ts';
import { stableKey } from '../stableKey.ts';
import type { ModelRunner } from './ModelRunner.ts';

type Trace = readonly TraceStep<unknown, unknown>[];

/** Sample contract checks: the first calls, then one in 1024, as the determinism check does. */
export const shouldSample = (n: number): boolean => n <= 64 || (n & 1023) === 0;

/** `text` cut to `max` characters, with an ellipsis when it was longer. */
export function clip(text: string, max = 120): string {
  return text.length > max ? `${text.slice(0, max - 3)}...` : text;
}

/**
 * The model contracts the checker cannot take on trust but can sample: the key gives equal keys
 * only to equal states, and a representative is a symmetry (idempotent, with the state's
 * actions, properties and distance from the initial states). Each broken contract is a
 * `ModelError` naming the states involved, never a verdict. (`ModelRunner.next` samples the
 * third contract, that `next` leaves its input alone.)
 */
export class ContractChecks<S, A> {
  /** The initial states' stable JSON, worked out when a check first needs it. */
  private initialJson: Set<string | undefined> | undefined;

  constructor(private readonly runner: ModelRunner<S, A>) {}

  /**
   * The representative's contract on one state, sampled: it is idempotent, enables as many
   * actions as the state, and gives every property the same value. Throws `ModelError`.
   */
  checkRepresentative(state: S, representative: (state: S) => S, trace: () => Trace): void {
    const model = this.runner.model;
    const rep = representative.call(model, state);
    const broken = (code: string, what: string) =>
      new ModelError(
        code,
        `model ${model.name}: representative(state) breaks its contract: ${what}. The state is ${clip(this.runner.snapshot(state) ?? '(not plain data)')}, its representative ${clip(this.runner.snapshot(rep) ?? '(not plain data)')}`,
        'representative(state) must map a state to a symmetric copy of it (for example with interchangeable ids renamed in a canonical order), so it behaves as the state does; a wrong one merges states that differ and can hide violations. Fix it, or check without symmetry.',
        this.runner.traceFor(trace),
      );
    const once = this.runner.snapshot(rep);
    if (once !== this.runner.snapshot(representative.call(model, rep))) throw broken('representative-not-idempotent', 'the representative of its representative is another state');
    const here = () => this.runner.traceFor(trace);
    const enabled = this.runner.actions(state, here).length;
    const repEnabled = this.runner.actions(rep, here).length;
    if (enabled !== repEnabled) throw broken('representative-changes-actions', `the state enables ${enabled} actions, its representative ${repEnabled}`);
    for (const p of model.properties) {
      const value = this.runner.holds(p, state, here);
      if (this.runner.holds(p, rep, here) !== value) throw broken('representative-changes-property', `property "${p.name}" is ${value} on the state and ${!value} on its representative`);
    }
  }

  /**
   * A symmetry maps initial states to initial states and paths to paths, so a state reached in
   * `depth` > 0 steps that shares the symmetric key of an initial state must itself be initial
   * (as a constant representative would have it). Throws `ModelError` otherwise.
   */
  private checkInitialClass(revisit: S, trace: () => Trace, depth: number): void {
    const json = this.runner.snapshot(revisit);
    if (json === undefined) return;
    this.initialJson ??= new Set(this.runner.initial().map((s) => this.runner.snapshot(s)));
    if (this.initialJson.has(json)) return;
    throw new ModelError(
      'representative-merges-initial',
      `model ${this.runner.model.name}: representative(state) gives ${clip(json)}, reached in ${depth} steps, the symmetric key of an initial state, though it is not an initial state`,
      'Symmetric states are equally far from the initial states, so representative(state) must map a state only to a symmetric copy of it (for example with interchangeable ids renamed in a canonical order), never to an unrelated state; a model under symmetry must also treat its interchangeable ids alike in initial() (a renamed initial state is initial too). Fix it, or check without symmetry.',
      this.runner.traceFor(trace),
    );
  }

  /**
   * The contract of the model's own `fingerprint` (under symmetry, `representativeFingerprint`),
   * where the search met by fingerprint two states of different stable JSON `a` and `b` (under
   * symmetry, their representatives'): if the model gave both the same fingerprint, it merged
   * them (a packing that leaves a field out, or a hook that writes nothing). Under symmetry the
   * class prints are worked out afresh: if they differ, the search's cache of classes merged the
   * two, and it is the model's `memberFingerprint` that gave them one print. Throws `ModelError`.
   */
  private checkOwnFingerprint(original: S, revisit: S, a: string, b: string, step: number, trace: () => Trace, hook: 'fingerprint' | 'representativeFingerprint'): void {
    const first = new Int32Array(2);
    const again = new Int32Array(2);
    const print = hook === 'fingerprint' ? this.runner.fingerprintOf : this.runner.classPrintOf!;
    print(original, first);
    print(revisit, again);
    const met = `${clip(b)} (the end of the trace) and ${clip(a)} (first met at step ${step} of its shortest path)`;
    if (first[0] !== again[0] || first[1] !== again[1]) {
      const member = this.runner.model.memberFingerprint;
      if (hook === 'fingerprint' || !member) return;
      member.call(this.runner.model, original, first);
      member.call(this.runner.model, revisit, again);
      if (first[0] !== again[0] || first[1] !== again[1]) return;
      throw this.memberCollision(`gave the same print to two states of different representatives: ${met}`, trace);
    }
    throw new ModelError(
      'fingerprint-collision',
      hook === 'fingerprint'
        ? `model ${this.runner.model.name}: fingerprint(state) gave the same fingerprint to two different states: ${met}, so the search would take one for the other`
        : `model ${this.runner.model.name}: representativeFingerprint(state) gave the same fingerprint to two states of different representatives: ${met}, so the search would take one class for the other`,
      hook === 'fingerprint'
        ? 'fingerprint(state) must write into into[0] and into[1] a value that differs for different states: pack every field that tells states apart into its 64 bits, or hash them all; or drop fingerprint() to use the structural fingerprint. A check with exactKeys: true bypasses it, so comparing state counts with and without exactKeys tests it.'
        : 'representativeFingerprint(state) must write a value that differs for states of different representatives: hash the whole representative; or drop it to fingerprint representative(state) itself. A check with exactKeys: true bypasses it.',
      this.runner.traceFor(trace),
    );
  }

  /**
   * The contract of the model's `memberFingerprint`, sampled where the search remembered the
   * class of `state` by its member print: `remembered`, the class print found under it, must be
   * the one `representativeFingerprint` gives the state afresh. If not, the print merged the
   * state with a state of another class met before. Throws `ModelError`.
   */
  checkMemberFingerprint(state: S, remembered: Int32Array, trace: () => Trace): void {
    const fresh = new Int32Array(2);
    this.runner.classPrintOf!(state, fresh);
    if (fresh[0] === remembered[0] && fresh[1] === remembered[1]) return;
    const hex = (p: Int32Array) => [...p].map((w) => (w >>> 0).toString(16).padStart(8, '0')).join('');
    const shown = clip(this.runner.snapshot(state) ?? '(not plain data)');
    throw this.memberCollision(
      `gave ${shown} (the end of the trace) the print of a state met before of another class: representativeFingerprint(state) gives it ${hex(fresh)}, the class remembered under its print is ${hex(remembered)}`,
      trace,
    );
  }

  /** The error of a `memberFingerprint` that merged two classes: `what` it did. */
  private memberCollision(what: string, trace: () => Trace): ModelError {
    return new ModelError(
      'member-fingerprint-collision',
      `model ${this.runner.model.name}: memberFingerprint(state) ${what}, so the search would take one class for the other`,
      'memberFingerprint(state) must differ for states of different representatives, for example the print of the identity among the copies representativeFingerprint hashes: hash the whole state; or drop it, and the search prints the state with its structural key. A check with exactKeys: true bypasses it.',
      this.runner.traceFor(trace),
    );
  }

  /**
   * The key contract, checked where the search meets a key it has seen (sampled): `revisit` got
   * the same key as the last state of `firstVisit`, so the two must be the same state, or under
   * symmetry must have the same representative (and, if the key is an initial state's, be
   * initial: see `checkInitialClass`). `depth` is the revisit's distance from an initial state.
   * Throws `ModelError` naming both states. States that are not plain data are not compared.
   */
  checkRevisit(revisit: S, firstVisit: readonly TraceStep<S, A>[], trace: () => Trace, depth: number): void {
    const model = this.runner.model;
    const original = firstVisit[firstVisit.length - 1]!.state;
    const rep = this.runner.symmetry ? model.representative : undefined;
    const plain = (s: S) => {
      try {
        return stableKey(rep ? rep.call(model, s) : s);
      } catch {
        return undefined;
      }
    };
    const a = plain(original);
    const b = plain(revisit);
    // The model's own print of the class, else of the state (a representativeKey of the
    // one-thread search stands in for the latter, and is checked below as a key).
    const own = rep && model.representativeFingerprint ? 'representativeFingerprint' : model.fingerprint && !(rep && model.representativeKey) ? 'fingerprint' : undefined;
    if (a !== undefined && b !== undefined && a !== b && own && !this.runner.exactKeys) this.checkOwnFingerprint(original, revisit, a, b, firstVisit.length - 1, trace, own);
    // Different keys that met by a shared 64-bit fingerprint are the visited set's doing, not the
    // model's (see VisitedStates): the key contract holds.
    if (a === undefined || b === undefined || a === b || this.runner.keyOf(original) !== this.runner.keyOf(revisit)) {
      if (rep && firstVisit.length === 1 && depth > 0) this.checkInitialClass(revisit, trace, depth);
      return;
    }
    const step = `step ${firstVisit.length - 1} of its shortest path`;
    throw rep
      ? new ModelError(
          'representative-key-collision',
          `model ${model.name}: two states got the same symmetric key but have different representatives: ${clip(b)} (the end of the trace) and ${clip(a)} (first met at ${step})`,
          `representativeKey(state) (or key(state) of the representative) must give equal keys only to states whose representatives are equal: fix it, or drop representativeKey to key representative(state) itself.`,
          this.runner.traceFor(trace),
        )
      : new ModelError(
          'key-collision',
          `model ${model.name}: key(state) gave the same key to two different states: ${clip(b)} (the end of the trace) and ${clip(a)} (first met at ${step}), so the search would take one for the other`,
          'key(state) must give equal keys only to equal states: include every field that tells states apart in it, or drop key() to use stable JSON.',
          this.runner.traceFor(trace),
        );
  }
}
