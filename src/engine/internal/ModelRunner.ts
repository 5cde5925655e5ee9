import type { TraceStep } from '../CheckResult.ts';
import { CheckerError, ModelError } from '../CheckerError.ts';
import type { Model } from '../Model.ts';
import type { Property } from '../Property.ts';
import { fingerprintOf } from '../replayString.ts';
import { stableKey, UnserialisableError } from '../stableKey.ts';
import { BudgetKeys } from './BudgetKeys.ts';
import type { ClassCache } from './ClassCache.ts';
import { clip, ContractChecks, shouldSample } from './ContractChecks.ts';
import type { Packer } from './Frontier.ts';
import { StatePrints } from './StatePrints.ts';
import type { StateKey } from './VisitedStates.ts';

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

function describe(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}

/**
 * Calls into a model on the checker's behalf and turns its misbehaviour into `ModelError`s that
 * name the action and carry the trace. `trace` is a thunk because rebuilding it costs a replay,
 * and is only worth paying when something went wrong.
 */
export class ModelRunner<S, A> {
  /** The state's key (under symmetry, its class's): see `StatePrints.keyOf`. */
  readonly keyOf: (state: S) => string;
  /** The state's 64-bit fingerprint for the visited set: see `StatePrints.fingerprintOf`. */
  readonly fingerprintOf: (state: S, into: Int32Array) => void;
  /** Under symmetry with fingerprints, the class prints met so far: see `StatePrints.classes`. */
  readonly classes: ClassCache | null;
  /** Under symmetry with fingerprints, a class print worked out afresh: see `StatePrints.classPrintOf`. */
  readonly classPrintOf: ((state: S, into: Int32Array) => void) | null;
  /** How this search names states, chosen from the model's hooks. */
  private readonly prints: StatePrints<S>;
  /** Answers from `classes` by the model's `memberFingerprint` so far, to sample their contract. */
  private memberHits = 0;
  /** Calls of `next` so far, to sample the check that it leaves its input alone. */
  private nextCalls = 0;
  /** Calls of `key` so far under symmetry, to sample the representative's own contract. */
  private keyCalls = 0;
  /** States packed so far with the model's codec, to sample its round trip. */
  private packCalls = 0;
  /** States keyed by their base so far, for sampling the budgets' contract (`checkBase`). */
  private baseCalls = 0;
  /** Set while a trace is rebuilt for an error, so the replay does not raise a second one. */
  private rebuilding = false;
  private readonly contracts = new ContractChecks(this);
  /** With subsumption: how states are keyed, by their base and their budgets left (`BudgetKeys`). */
  readonly budgetKeys: BudgetKeys<S> | null;

  constructor(
    readonly model: Model<S, A>,
    readonly symmetry: boolean,
    /** Whether the visited set keeps exact keys (`keyInto` writes text) or fingerprints. */
    readonly exactKeys = false,
    /**
     * Whether fingerprints must be the same in every thread and process (the parallel search):
     * then a model without its own `fingerprint` or `key` is fingerprinted by a hash of its
     * content (`StructuralFingerprint`), not by `StructuralKeys`' fingerprint, whose numbering is
     * one search's own.
     */
    canonical = false,
    /** Whether the search subsumes by the model's `budgets`: then states are keyed by `BudgetKeys`. */
    subsumption = false,
  ) {
    this.prints = new StatePrints<S>(model, symmetry, exactKeys, canonical);
    this.budgetKeys = subsumption && model.budgets ? new BudgetKeys(model.budgets, exactKeys, (code, what, trace) => this.budgetError(code, what, trace)) : null;
    this.keyOf = this.prints.keyOf;
    this.fingerprintOf = this.prints.fingerprintOf;
    this.classes = this.prints.classes;
    this.classPrintOf = this.prints.classPrintOf;
  }

  /**
   * Says that `state`, the state last keyed (`keyInto`), was new and will be expanded: the default
   * key keeps its description for its successors (`StructuralKeys.keep`). A hint only.
   */
  discovered(state: S): void {
    this.prints.structural?.keep(state);
  }

  /**
   * Says that the states keyed next are successors of `state` (`StructuralKeys.parentIs`): a part
   * they share with it costs the default key a comparison. A hint only.
   */
  expanding(state: S): void {
    this.prints.structural?.parentIs(state);
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
  snapshot(state: S): string | undefined {
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
  traceFor(trace: () => Trace): Trace {
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

  /** The state's exact key (`keyOf`); a throw is a `ModelError` naming the action that led there. */
  key(state: S, trace: () => Trace, action?: A): string {
    let key: string;
    try {
      key = this.keyOf(state);
    } catch (err) {
      throw this.keyError(err, 'key(state)', trace, action);
    }
    this.sampleRepresentative(state, trace, action);
    return key;
  }

  /**
   * Fills `into` with what the visited set compares: the exact key text under `exactKeys` (the
   * model's `fingerprint` bypassed), else the 64-bit fingerprint (`fingerprintOf`), which builds
   * no text. A throw is a `ModelError`.
   */
  keyInto(into: StateKey, state: S, trace: () => Trace, action?: A): void {
    const budgets = this.budgetKeys;
    if (budgets === null) {
      this.keyPlain(into, state, trace, action);
      return;
    }
    // The trace to `state` is built only for an error: no closure per state keyed.
    this.keyingTraceTo = trace;
    this.keyingAction = action;
    this.keyingState = state;
    const left = budgets.left(state, this.keyingTrace);
    const base = budgets.baseOf(state, left);
    if (base !== state && !this.rebuilding && shouldSample(++this.baseCalls)) this.checkBase(state, base, left, this.keyingTrace);
    this.keyPlain(into, base, trace, action);
    budgets.seal(into, left);
  }

  // The state `keyInto` keys with budgets, the trace to what led to it, and the action that did.
  private keyingTraceTo: () => Trace = () => [];
  private keyingAction: A | undefined = undefined;
  private keyingState: S | undefined = undefined;
  /** The trace to the state being keyed, its fields read first: replaying it for an error keys other states. */
  private readonly keyingTrace = (): Trace => {
    const action = this.keyingAction;
    const state = this.keyingState;
    const trace = this.keyingTraceTo();
    return action === undefined ? trace : [...trace, { action, state }];
  };

  /**
   * The budgets' guarantee 4, sampled where a state is keyed by its base: the base has every
   * budget at its most, and given back the state's budgets it is the state again. Otherwise two
   * states that differ in more than their budgets could share a base, and be taken for one.
   */
  private checkBase(state: S, base: S, left: readonly number[], trace: () => Trace): void {
    const budgets = this.budgetKeys!;
    const most = budgets.left(base, trace);
    const back = this.snapshot(budgets.withLeft(base, left));
    if (most.every((n, i) => n === budgets.most[i]) && back === this.snapshot(state)) return;
    throw this.budgetError('bad-budgets', `budgets.withLeft(state, ${JSON.stringify(budgets.most)}) changed more than the budgets of ${clip(this.snapshot(state) ?? '(not plain data)')} (the end of the trace): given back ${JSON.stringify(left)}, it is ${clip(back ?? '(not plain data)')}`, trace);
  }

  /**
   * The error of a model whose `budgets` break their contract (`Budgets`): `code`, `what` broke
   * it, and the trace to the state it broke in.
   */
  budgetError(code: string, what: string, trace: () => Trace): ModelError {
    return new ModelError(
      code,
      `model ${this.model.name}: its budgets break their contract: ${what}`,
      'budgets must list only counts that allow steps and nothing else (see src/engine/Budgets.ts): a state with more of each left can do all the state can, ends where it ends, and gives every always and atQuiescence property the same answer. Leave out a budget that breaks this (for example a fault that strikes an idle system), or check without subsumption.',
      this.traceFor(trace),
    );
  }

  /** `keyInto` of the state itself, budgets and all. */
  private keyPlain(into: StateKey, state: S, trace: () => Trace, action?: A): void {
    if (this.exactKeys) {
      into.text = this.key(state, trace, action);
      return;
    }
    try {
      this.fingerprintOf(state, into.fingerprint);
      if (this.prints.memberHit && !this.rebuilding && shouldSample(++this.memberHits)) {
        this.contracts.checkMemberFingerprint(state, into.fingerprint, action === undefined ? trace : () => [...trace(), { action, state }]);
      }
    } catch (err) {
      const what = this.prints.inMember ? 'memberFingerprint(state)' : this.prints.printName;
      this.prints.inMember = false;
      throw this.keyError(err, what, trace, action);
    }
    this.sampleRepresentative(state, trace, action);
  }

  private keyError(err: unknown, what: string, trace: () => Trace, action: A | undefined): Error {
    const after = action === undefined ? 'an initial state' : `the state after ${this.format(action)}`;
    if (err instanceof UnserialisableError) {
      return new ModelError('unserialisable-state', `model ${this.model.name}: ${after} cannot be serialised: ${err.message}`, err.hint, trace(), err);
    }
    if (err instanceof CheckerError) return err;
    return new ModelError('key-threw', `model ${this.model.name}: ${what} for ${after} threw ${describe(err)}`, `Fix ${what}, or drop it to use stable JSON.`, trace(), err);
  }

  private sampleRepresentative(state: S, trace: () => Trace, action: A | undefined): void {
    if (this.symmetry && this.model.representative && !this.rebuilding && shouldSample(++this.keyCalls)) {
      this.contracts.checkRepresentative(state, this.model.representative, action === undefined ? trace : () => [...trace(), { action, state }]);
    }
  }

  /**
   * The model's codec (`Model.codec`) for a packed frontier, or null when it has none: `pack`
   * samples its contract, that the state unpacks whole (`codec-not-roundtrip`), and a throw from
   * either side is a `ModelError` with the trace `packed()` or `unpacked()` rebuilds (to the
   * state being packed, and to the one being unpacked).
   */
  packer(packed: () => Trace, unpacked: () => Trace): Packer<S> | null {
    const codec = this.model.codec;
    if (!codec) return null;
    const words = codec.words;
    if (!Number.isInteger(words) || words < 1) {
      throw new ModelError('codec-words', `model ${this.model.name}: codec.words must be a whole number ≥ 1, got ${String(words)}`, 'Set codec.words to the number of 32-bit integers pack() writes for a state.');
    }
    const threw = (err: unknown, what: string, trace: () => Trace) =>
      err instanceof CheckerError ? err : new ModelError('codec-threw', `model ${this.model.name}: codec.${what} threw ${describe(err)}`, `Fix codec.${what}, or drop the codec.`, this.traceFor(trace), err);
    return {
      words,
      local: codec.local === true,
      pack: (state, into, at) => {
        try {
          codec.pack(state, into, at);
        } catch (err) {
          throw threw(err, 'pack(state, into, at)', packed);
        }
        if (this.rebuilding || !shouldSample(++this.packCalls)) return;
        const before = this.snapshot(state);
        let back: S;
        try {
          back = codec.unpack(into, at);
        } catch (err) {
          throw threw(err, 'unpack(from, at)', packed);
        }
        const after = this.snapshot(back);
        if (before === after) return;
        throw new ModelError(
          'codec-not-roundtrip',
          `model ${this.model.name}: codec.unpack(codec.pack(state)) is not the state: it was ${clip(before ?? '(not plain data)')}, and came back as ${clip(after ?? '(not plain data)')}`,
          'pack(state, into, at) must write every field that tells states apart into its words, and unpack(from, at) must rebuild the same state from them; or drop the codec.',
          this.traceFor(packed),
        );
      },
      unpack: (from, at) => {
        try {
          return codec.unpack(from, at);
        } catch (err) {
          throw threw(err, 'unpack(from, at)', unpacked);
        }
      },
    };
  }

  /**
   * The key contract where the search meets a key it has seen (sampled by the caller): see
   * `ContractChecks.checkRevisit`.
   */
  checkRevisit(revisit: S, firstVisit: readonly TraceStep<S, A>[], trace: () => Trace, depth: number): void {
    this.contracts.checkRevisit(revisit, firstVisit, trace, depth);
  }

  /**
   * The fingerprint a replay string records for `state`: FNV-1a of its stable JSON, the same in
   * every process. A model whose states are not plain data is fingerprinted by its own key,
   * which must then be the same in every process too; without one, such a state is a
   * `ModelError` whose trace ends in it.
   */
  fingerprint(state: S, trace: () => Trace): string {
    try {
      return fingerprintOf(stableKey(state));
    } catch (err) {
      if (!(err instanceof UnserialisableError)) throw err;
      if (!this.model.key) {
        throw new ModelError('unserialisable-state', `model ${this.model.name}: the last state of the trace cannot be serialised: ${err.message}`, err.hint, trace(), err);
      }
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
