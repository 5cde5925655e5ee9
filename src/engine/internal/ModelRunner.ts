import type { TraceStep } from '../CheckResult.ts';
import { CheckerError, ModelError } from '../CheckerError.ts';
import type { Model } from '../Model.ts';
import type { Property } from '../Property.ts';
import { fingerprintOf } from '../replayString.ts';
import { stableKey, UnserialisableError } from '../stableKey.ts';
import { StructuralKeys } from '../StructuralKeys.ts';

type Trace = readonly TraceStep<unknown, unknown>[];

function shown(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  try {
    const text = JSON.stringify(value) ?? String(value);
    return text.length > 60 ? `${text.slice(0, 57)}...` : text;
  } catch {
    return typeof value;
  }
}

/** Sample contract checks: the first calls, then one in 1024, as the determinism check does. */
export const shouldSample = (n: number): boolean => n <= 64 || (n & 1023) === 0;

function clip(text: string, max = 120): string {
  return text.length > max ? `${text.slice(0, max - 3)}...` : text;
}

function describe(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}

/**
 * Calls into a model on the checker's behalf and turns its misbehaviour into `ModelError`s that
 * name the action and carry the trace. `trace` is a thunk because rebuilding it costs a replay,
 * and is only worth paying when something went wrong.
 */
export class ModelRunner<S, A> {
  readonly keyOf: (state: S) => string;
  /** Calls of `next` so far, to sample the check that it leaves its input alone. */
  private nextCalls = 0;
  /** Calls of `key` so far under symmetry, to sample the representative's own contract. */
  private keyCalls = 0;
  /** The initial states' stable JSON, worked out when a contract check first needs it. */
  private initialJson: Set<string | undefined> | undefined;
  /** Set while a trace is rebuilt for an error, so the replay does not raise a second one. */
  private rebuilding = false;

  constructor(
    readonly model: Model<S, A>,
    readonly symmetry: boolean,
  ) {
    // Default: hash-consed structure, one numbering per runner (one search).
    const structural = model.key ? null : new StructuralKeys();
    const base = model.key ? (s: S) => model.key!(s) : (s: S) => structural!.key(s);
    const rep = model.representative;
    const repKey = model.representativeKey;
    this.keyOf = !symmetry || !rep ? base : repKey ? (s: S) => repKey.call(model, s) : (s: S) => base(rep.call(model, s));
  }

  /** Human-readable action, using the model's `formatAction` when it has one. */
  format(action: A): string {
    try {
      return this.model.formatAction ? this.model.formatAction(action) : stableKey(action, 'action');
    } catch {
      return String(action);
    }
  }

  initial(): readonly S[] {
    let states: readonly S[];
    try {
      states = this.model.initial();
    } catch (err) {
      throw new ModelError('initial-threw', `model ${this.model.name}: initial() threw ${describe(err)}`, 'Fix initial(); it must return the initial states.', [], err);
    }
    if (!Array.isArray(states) || states.length === 0) {
      throw new ModelError('no-initial-state', `model ${this.model.name}: initial() must return a non-empty array of states`, 'Return at least one initial state from initial().');
    }
    return states;
  }

  actions(state: S, trace: () => Trace): readonly A[] {
    let acts: readonly A[];
    try {
      acts = this.model.actions(state);
    } catch (err) {
      throw new ModelError('actions-threw', `model ${this.model.name}: actions(state) threw ${describe(err)}`, 'Fix actions(); see the trace to the state that triggers it.', trace(), err);
    }
    if (!Array.isArray(acts)) {
      throw new ModelError('actions-not-array', `model ${this.model.name}: actions(state) returned ${typeof acts}, not an array`, 'Return an array (empty for a terminal state).', trace());
    }
    return acts;
  }

  /**
   * The state's stable JSON, or (for a state that is not plain data) the model's own key; undefined
   * when neither can be had. What the contract checks compare.
   */
  private snapshot(state: S): string | undefined {
    try {
      return stableKey(state);
    } catch {
      if (!this.model.key) return undefined;
      try {
        return this.model.key(state);
      } catch {
        return undefined;
      }
    }
  }

  /** Rebuilds the trace for an error; a replay that itself fails leaves the trace empty. */
  private traceFor(trace: () => Trace): Trace {
    if (this.rebuilding) return [];
    this.rebuilding = true;
    try {
      return trace();
    } catch {
      return [];
    } finally {
      this.rebuilding = false;
    }
  }

  next(state: S, action: A, trace: () => Trace): S {
    const before = !this.rebuilding && shouldSample(++this.nextCalls) ? this.snapshot(state) : undefined;
    let ns: S;
    try {
      ns = this.model.next(state, action);
    } catch (err) {
      throw new ModelError(
        'next-threw',
        `model ${this.model.name}: next(state, ${this.format(action)}) threw ${describe(err)}`,
        'Fix next() for this action; the trace shows how the state was reached.',
        trace(),
        err,
      );
    }
    if (ns === undefined) {
      throw new ModelError('next-undefined', `model ${this.model.name}: next(state, ${this.format(action)}) returned undefined`, 'Return the successor state (with immer: return produce(state, draft => ...)).', trace());
    }
    if (before !== undefined) {
      const after = this.snapshot(state);
      if (after !== before) {
        const t = this.traceFor(trace);
        throw new ModelError(
          'next-mutated-state',
          `model ${this.model.name}: next(state, ${this.format(action)}) changed its input state, at step ${Math.max(0, t.length - 1)} of the trace: it was ${clip(before)}, and is ${clip(after ?? '(no longer serialisable)')} afterwards`,
          'next(state, action) must return a new state and leave its input alone: build a copy ({ ...state, field: value }) or use immer (produce(state, draft => { ... })). A mutated state corrupts the search, so no verdict was given.',
          t,
        );
      }
    }
    return ns;
  }

  key(state: S, trace: () => Trace, action?: A): string {
    let key: string;
    try {
      key = this.keyOf(state);
    } catch (err) {
      const after = action === undefined ? 'an initial state' : `the state after ${this.format(action)}`;
      if (err instanceof UnserialisableError) {
        throw new ModelError('unserialisable-state', `model ${this.model.name}: ${after} cannot be serialised: ${err.message}`, err.hint, trace(), err);
      }
      if (err instanceof CheckerError) throw err;
      throw new ModelError('key-threw', `model ${this.model.name}: key(state) for ${after} threw ${describe(err)}`, 'Fix key(state), or drop it to use stable JSON.', trace(), err);
    }
    if (this.symmetry && this.model.representative && !this.rebuilding && shouldSample(++this.keyCalls)) {
      this.checkRepresentative(state, this.model.representative, action === undefined ? trace : () => [...trace(), { action, state }]);
    }
    return key;
  }

  /**
   * The representative's contract on one state, sampled: it is idempotent, enables as many
   * actions as the state, and gives every property the same value. Throws `ModelError`.
   */
  private checkRepresentative(state: S, representative: (state: S) => S, trace: () => Trace): void {
    const model = this.model;
    const rep = representative.call(model, state);
    const broken = (code: string, what: string) =>
      new ModelError(
        code,
        `model ${model.name}: representative(state) breaks its contract: ${what}. The state is ${clip(this.snapshot(state) ?? '(not plain data)')}, its representative ${clip(this.snapshot(rep) ?? '(not plain data)')}`,
        'representative(state) must map a state to a symmetric copy of it (for example with interchangeable ids renamed in a canonical order), so it behaves as the state does; a wrong one merges states that differ and can hide violations. Fix it, or check without symmetry.',
        this.traceFor(trace),
      );
    const once = this.snapshot(rep);
    if (once !== this.snapshot(representative.call(model, rep))) throw broken('representative-not-idempotent', 'the representative of its representative is another state');
    const here = () => this.traceFor(trace);
    const enabled = this.actions(state, here).length;
    const repEnabled = this.actions(rep, here).length;
    if (enabled !== repEnabled) throw broken('representative-changes-actions', `the state enables ${enabled} actions, its representative ${repEnabled}`);
    for (const p of model.properties) {
      const value = this.holds(p, state, here);
      if (this.holds(p, rep, here) !== value) throw broken('representative-changes-property', `property "${p.name}" is ${value} on the state and ${!value} on its representative`);
    }
  }

  /**
   * A symmetry maps initial states to initial states and paths to paths, so a state reached in
   * `depth` > 0 steps that shares the symmetric key of an initial state must itself be initial
   * (as a constant representative would have it). Throws `ModelError` otherwise.
   */
  private checkInitialClass(revisit: S, trace: () => Trace, depth: number): void {
    const json = this.snapshot(revisit);
    if (json === undefined) return;
    this.initialJson ??= new Set(this.initial().map((s) => this.snapshot(s)));
    if (this.initialJson.has(json)) return;
    throw new ModelError(
      'representative-merges-initial',
      `model ${this.model.name}: representative(state) gives ${clip(json)}, reached in ${depth} steps, the symmetric key of an initial state, though it is not an initial state`,
      'Symmetric states are equally far from the initial states, so representative(state) must map a state only to a symmetric copy of it (for example with interchangeable ids renamed in a canonical order), never to an unrelated state; a model under symmetry must also treat its interchangeable ids alike in initial() (a renamed initial state is initial too). Fix it, or check without symmetry.',
      this.traceFor(trace),
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
    const model = this.model;
    const original = firstVisit[firstVisit.length - 1]!.state;
    const rep = this.symmetry ? model.representative : undefined;
    const plain = (s: S) => {
      try {
        return stableKey(rep ? rep.call(model, s) : s);
      } catch {
        return undefined;
      }
    };
    const a = plain(original);
    const b = plain(revisit);
    if (a === undefined || b === undefined || a === b) {
      if (rep && firstVisit.length === 1 && depth > 0) this.checkInitialClass(revisit, trace, depth);
      return;
    }
    const step = `step ${firstVisit.length - 1} of its shortest path`;
    throw rep
      ? new ModelError(
          'representative-key-collision',
          `model ${model.name}: two states got the same symmetric key but have different representatives: ${clip(b)} (the end of the trace) and ${clip(a)} (first met at ${step})`,
          `representativeKey(state) (or key(state) of the representative) must give equal keys only to states whose representatives are equal: fix it, or drop representativeKey to key representative(state) itself.`,
          this.traceFor(trace),
        )
      : new ModelError(
          'key-collision',
          `model ${model.name}: key(state) gave the same key to two different states: ${clip(b)} (the end of the trace) and ${clip(a)} (first met at ${step}), so the search would take one for the other`,
          'key(state) must give equal keys only to equal states: include every field that tells states apart in it, or drop key() to use stable JSON.',
          this.traceFor(trace),
        );
  }

  /**
   * The fingerprint a replay string records for `state`: FNV-1a of its stable JSON, the same in
   * every process. A model whose states are not plain data is fingerprinted by its own key,
   * which must then be the same in every process too.
   */
  fingerprint(state: S, trace: () => Trace): string {
    try {
      return fingerprintOf(stableKey(state));
    } catch (err) {
      if (!(err instanceof UnserialisableError) || !this.model.key) throw err;
      return fingerprintOf(this.key(state, trace));
    }
  }

  /** Evaluates `p` on `state`; a throw or a value other than a boolean is a `ModelError` naming `p`. */
  holds(p: Property<S>, state: S, trace: () => Trace): boolean {
    let value: unknown;
    try {
      value = p.holds(state);
    } catch (err) {
      throw new ModelError('property-threw', `model ${this.model.name}: property "${p.name}" threw ${describe(err)}`, 'A property must return true or false for every reachable state.', trace(), err);
    }
    if (typeof value !== 'boolean') {
      const t = trace();
      throw new ModelError(
        'property-not-boolean',
        `model ${this.model.name}: property "${p.name}" returned ${shown(value)}, not true or false, at step ${Math.max(0, t.length - 1)} of the trace`,
        'A property must return a boolean: compare explicitly (e.g. `s.n === 5`, `list.length > 0`), and never return a string, a number or undefined.',
        t,
      );
    }
    return value;
  }

  /** The property's explanation of why it fails in `state`, if it has one; never throws. */
  explain(p: Property<S>, state: S): string | undefined {
    if (!p.explain) return undefined;
    try {
      const reason = p.explain(state);
      return typeof reason === 'string' && reason !== '' ? reason : undefined;
    } catch (err) {
      return `(its explain() threw ${describe(err)})`;
    }
  }
}
