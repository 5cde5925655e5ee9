/**
 * The temporal shapes a property can take.
 *
 * - `always`: holds in every reachable state (safety).
 * - `eventually`: on every maximal path (one that ends in a terminal state, or an infinite one)
 *   it holds at some point, as TLC and LTL mean it. Fair actions (`Model.fairness`) rule out
 *   infinite paths that starve them.
 * - `atQuiescence`: holds in every terminal state, a state with no enabled action. "Once the
 *   system is quiescent, every committed change is in Kafka."
 * - `sometimes`: holds in at least one reachable state (a reachability sanity check).
 */
export type PropertyKind = 'always' | 'eventually' | 'atQuiescence' | 'sometimes';

/** Optional parts of a property besides its predicate. */
export interface PropertyOptions<S> {
  /**
   * Says why the property fails in `state` (the last state of a counterexample), for example
   * "acct-1#2 committed at LSN 7; no record in Kafka has eventId acct-1#2". Called only on
   * counterexamples, never in the search loop. Pure.
   */
  explain?: (state: S) => string | undefined;
}

/**
 * What an `always` or `sometimes` property may tell partial-order reduction about itself
 * (`reduction: 'por'`, docs/partial-order-reduction.md). Both are claims the reduction trusts,
 * and checks where it can; without them, it relies on the actions' `visible` flags.
 */
export interface ReductionHints<S> {
  /**
   * True when the property, once decided in a state, stays decided in every state reachable from
   * it: an `always` property false in `s` is false in all of `s`'s successors, a `sometimes`
   * property true in `s` is true in all of them. "Some change was applied twice" is stable, for
   * example: the applied list only grows. The reduction owes a stable property no visibility.
   */
  stable?: boolean;
  /**
   * The resources, in the vocabulary of the model's `Independence`, whose values decide the
   * property in `state`: it has the same truth in every state that agrees with `state` on them.
   * The reduction then decides visibility for this property itself, from the footprints' writes,
   * and ignores the actions' `visible` flags for it (see `Independence`, guarantee 5). Pure.
   */
  reads?: (state: S) => readonly string[];
}

/**
 * A named claim about states. `holds` must be pure and return a boolean (anything else is a
 * `ModelError`); `explain`, when given, says why it fails in a state where it does not hold.
 */
export type Property<S> = {
  kind: PropertyKind;
  name: string;
  holds(state: S): boolean;
  explain?(state: S): string | undefined;
  /** For `always` and `sometimes`: see `ReductionHints.stable`. */
  stable?: boolean;
  /** For `always` and `sometimes`: see `ReductionHints.reads`. */
  reads?(state: S): readonly string[];
};

function make<S>(kind: PropertyKind, name: string, holds: (state: S) => boolean, options?: PropertyOptions<S> & ReductionHints<S>): Property<S> {
  const p: Property<S> = { kind, name, holds };
  if (options?.explain) p.explain = options.explain;
  if (options?.stable) p.stable = true;
  if (options?.reads) p.reads = options.reads;
  return p;
}

/** A safety property: `holds` must be true in every reachable state. */
export function always<S>(name: string, holds: (state: S) => boolean, options?: PropertyOptions<S> & ReductionHints<S>): Property<S> {
  return make('always', name, holds, options);
}

/**
 * A liveness property: on every maximal path from an initial state, `holds` is true at some
 * point. A counterexample is a path to a terminal state, or a lasso (a stem and a cycle), with
 * `holds` false in every state of it.
 */
export function eventually<S>(name: string, holds: (state: S) => boolean, options?: PropertyOptions<S>): Property<S> {
  return make('eventually', name, holds, options);
}

/** A property of quiescence: `holds` must be true in every terminal state (no enabled action). */
export function atQuiescence<S>(name: string, holds: (state: S) => boolean, options?: PropertyOptions<S>): Property<S> {
  return make('atQuiescence', name, holds, options);
}

/** A reachability property: `holds` must be true in at least one reachable state. */
export function sometimes<S>(name: string, holds: (state: S) => boolean, options?: PropertyOptions<S> & ReductionHints<S>): Property<S> {
  return make('sometimes', name, holds, options);
}
