import type { Budgets } from './Budgets.ts';
import type { Fairness } from './Fairness.ts';
import type { Independence } from './Independence.ts';
import type { Property } from './Property.ts';
import type { StateCodec } from './StateCodec.ts';
import type { TraceView } from './TraceView.ts';

/**
 * A finite-state transition system, in the shape of Stateright's `Model` trait.
 *
 * Contract:
 * - `initial`, `actions` and `next` are pure and deterministic: no `Date.now`, no `Math.random`,
 *   no I/O. The same state always yields the same actions, in the same order.
 * - `next` must not mutate `state`; it returns a new state (immer's `produce` is the usual tool).
 * - States are plain serialisable data (objects, arrays, strings, finite numbers, booleans, null)
 *   unless the model supplies its own `key`.
 */
export interface Model<S, A> {
  /** Stable identifier; it is written into replay strings and reports. */
  name: string;
  /**
   * Version of the model's semantics. Bump it when a change makes old traces meaningless;
   * `replay` refuses a string made under another version. Defaults to `"1"`.
   */
  version?: string;
  /** The initial states, in a deterministic order. */
  initial(): readonly S[];
  /** The actions enabled in `state`, in a deterministic order. An empty list marks a terminal state. */
  actions(state: S): readonly A[];
  /** The successor of `state` under `action`. Pure; must not mutate `state`. */
  next(state: S, action: A): S;
  /** The properties to check. */
  properties: readonly Property<S>[];
  /**
   * Fairness constraints (TLC's `WF`/`SF`): groups of actions that cannot be starved forever.
   * They matter only to `eventually` properties, whose lassos must be fair. Default: none, so
   * any cycle on which the property stays false is a counterexample.
   */
  fairness?: readonly Fairness<A>[];
  /**
   * Canonical key for deduplication: equal for two states exactly when they are equal, for the
   * life of this model object. It need not be the same in another process (a model may number
   * the parts of its states as it meets them); replay strings fingerprint a state's stable JSON.
   * Default: `StructuralKeys`, hash-consed structure, equal exactly when stable JSON is equal.
   *
   * **With several workers it must be the same for every model object** built from `source`, a
   * function of the state alone: each worker builds its own model, and the workers share one
   * visited set by this key's hash. A key that numbers parts per object would let one worker take
   * another's number for a different state and skip it. Sampled: in each worker a second model
   * object built from `source` keys the first 64 new states, then one in 1024, again, and a
   * different key is a `ModelError` (`key-not-shared`). Without a key, the workers fingerprint
   * states by their content.
   */
  key?(state: S): string;
  /**
   * The state's own 64-bit fingerprint, for a model that can pack or hash its state faster than
   * the structural key: write it as two 32-bit integers, `into[0]` (high) and `into[1]` (low), and
   * return nothing, so no key text and no object is built per state. It must be equal for equal
   * states, for the life of this model object. Different states should get different
   * fingerprints: a collision merges two states, as in the default fingerprint set, so pack the
   * state exactly where it fits in 64 bits (then no two states can collide), or hash it well.
   * The search samples the contract: two states of different stable JSON met under one
   * fingerprint are a `ModelError` (`fingerprint-collision`).
   *
   * Used by the default fingerprint set only. With `exactKeys` the search bypasses it and keeps
   * exact keys (`key`, or the structural key), so the same model can be checked both ways. With
   * several workers it must be the same for every model object, as `key` must (not checked).
   */
  fingerprint?(state: S, into: Int32Array): void;
  /**
   * A compact form of the states (`StateCodec`): when given, the exhaustive search keeps its
   * frontier as packed integers in typed arrays instead of state objects, which saves memory and
   * garbage-collection time on wide levels. `unpack(pack(s))` must equal `s`; the search samples
   * it (`codec-not-roundtrip`). Used by one worker and by the parallel search's workers; ignored
   * by the sharded search.
   */
  codec?: StateCodec<S>;
  /**
   * Symmetry reduction: maps a state to the canonical representative of its symmetry class
   * (for example, with interchangeable aggregates renamed in a canonical order). Used for
   * deduplication only when `CheckOptions.symmetry` is on; traces keep the real states.
   *
   * The contract assumes the set of initial states is closed under the symmetry: if a state is
   * initial, so is every symmetric copy of it (the same state with its interchangeable ids
   * renamed). A model whose `initial()` treats interchangeable ids unevenly breaks it: the search
   * would take a non-initial state for the initial state it is symmetric to. The checker samples
   * this and reports a `'representative-merges-initial'` `ModelError` when it meets such a state.
   */
  representative?(state: S): S;
  /**
   * Symmetry reduction's fast path: the key of `representative(state)`, worked out without
   * building the representative. When given, it is used instead of `key(representative(state))`
   * and must agree with it: two states get equal keys exactly when their representatives do. Like
   * `key`, it need only hold for one model object: the parallel search, whose workers each have
   * their own, ignores it and fingerprints `representative(state)`, which must therefore be the
   * same in every thread (chosen by the state's content, never by what the object met before).
   */
  representativeKey?(state: S): string;
  /**
   * Symmetry reduction's fast path for fingerprints: the 64-bit fingerprint of the state's class,
   * written into `into[0]` (high) and `into[1]` (low), for a `representative` that fingerprints
   * the copies it chooses among anyway. When given, it is used instead of a fingerprint of
   * `representative(state)`. Two states with equal representatives must get equal
   * fingerprints, and two with different ones different fingerprints but for a hash collision;
   * it must depend on the state's content alone, the same in every model object and thread (the
   * parallel search uses it too). The search samples both: a collision between different
   * representatives is a `ModelError` (`fingerprint-collision`), and so, with several workers,
   * is another answer in a second model object (`key-not-shared`). Not used with `exactKeys`.
   */
  representativeFingerprint?(state: S, into: Int32Array): void;
  /**
   * Symmetry reduction's cache key: a 64-bit fingerprint of the state itself, finer than its
   * class (two states with equal ones have equal representatives, but for a hash collision), for
   * a `representativeFingerprint` that works it out anyway, as the print of the identity among
   * the copies it chooses from. The search remembers each class's fingerprint by the prints of
   * the states it has met (`ClassCache`), and works out `representativeFingerprint` only for a
   * print it has not met. Without this hook it prints the state a second time, with `fingerprint`
   * or the structural key, and a model can then reuse nothing.
   *
   * Used under symmetry with `representativeFingerprint`, never with `exactKeys`. It need only
   * hold for one model object (each worker of the parallel search keeps its own cache). The search
   * samples the contract: where a print it met gives a class other than `representativeFingerprint`
   * gives afresh, that is a `ModelError` (`member-fingerprint-collision`).
   */
  memberFingerprint?(state: S, into: Int32Array): void;
  /**
   * Which actions commute, for partial-order reduction (`CheckOptions.reduction: 'por'`): what
   * each action reads and writes, and what each actor may still touch. The search trusts it;
   * see `Independence` for what the model must guarantee. Unused unless the reduction is asked for.
   */
  independence?: Independence<S, A>;
  /**
   * The budgets that only allow steps (fault budgets), for subsumption
   * (`CheckOptions.subsumption`): a new state is skipped when one met before covers it, alike
   * but with more of a budget left. The search trusts it; see `Budgets` for what the model must
   * guarantee. Unused unless subsumption is asked for.
   */
  budgets?: Budgets<S>;
  /** Human-readable rendering of an action. Default: stable JSON. */
  formatAction?(action: A): string;
  /** Optional view for reports: lanes and what each system says in a state. */
  view?: TraceView<S, A>;
}
