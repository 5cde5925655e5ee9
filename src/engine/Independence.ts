/**
 * What an action touches, as sets of opaque resource names (`'slot'`, `'topic:acct'`,
 * `'service:1'`). A resource names a part of the state; two resources never share a part. Names
 * are read in the state they are given for: the search compares only the footprints and reach of
 * one state, so a name may stand for a part fixed relative to that state (a log's records
 * before its current end, say, and its tail).
 */
export interface Footprint {
  /** Resources whose value the action (or whether it is enabled) depends on. */
  reads: readonly string[];
  /** Resources the action may change. */
  writes: readonly string[];
}

/**
 * An actor's bound on its future (`Independence.reach`): a `Footprint`, and optionally the
 * resources it only waits on.
 */
export interface ReachFootprint extends Footprint {
  /**
   * Resources the actor's future actions read only after another actor has changed them: on
   * every path from the state, an action of this actor reads one of them (its footprint, named
   * as in the state it was given for) only after an earlier action of that path, by another
   * actor, wrote it. A consumer waiting at the end of a log awaits the log's tail: it can fetch
   * no record that nobody has appended yet. No enabled action of the actor may read them (the
   * search checks that). The reduction does not count them as read: an actor whose ample set
   * writes one conflicts with every other actor that may write it, so on a path that skips the
   * set nobody writes it and the wait never ends (see docs/partial-order-reduction.md). Default:
   * none.
   */
  awaits?: readonly string[];
}

/** The footprint of one enabled action, with who performs it and whether a property may see it. */
export interface ActionFootprint extends Footprint {
  /** The actor that performs the action (a key of `Independence.reach`). */
  actor: string;
  /**
   * True when the action may change the truth of an `always` or `sometimes` property, in this
   * state or in any state where it is enabled later. Default true: an action is invisible only
   * when the model says so. Not asked for properties that declare their `reads`.
   */
  visible?: boolean;
}

/**
 * The model's declaration of which actions commute, for partial-order reduction
 * (`CheckOptions.reduction: 'por'`, see docs/partial-order-reduction.md). The engine derives
 * independence from it: two actions are independent when neither writes what the other reads or
 * writes.
 *
 * What the model must guarantee (the search trusts it, and samples the parts it can check):
 * 1. **Footprints are complete.** For an action `a` enabled in `s` with footprint
 *    `{reads, writes}`: in every state that agrees with `s` on `reads ∪ writes`, `a` is enabled
 *    and has the same effect on `writes`, and it changes nothing outside `writes`.
 * 2. **An actor's choice is local.** Which actions of actor `P` are enabled in `s` depends only
 *    on the resources that `P`'s enabled actions in `s` read or write. (So `P` may not have a
 *    disabled action that another actor can enable: name what enables it in the reads of `P`'s
 *    enabled actions.) An actor with no enabled action is unconstrained.
 * 3. **Reach bounds the future.** `reach(s)` names every actor that may perform an action in `s`
 *    or in any state reachable from `s`, with resources that contain the footprint of every such
 *    action (an actor missing from `reach(s)` never acts again). A static bound per actor
 *    satisfies this. A resource the actor only waits on may be named in `awaits` instead of
 *    `reads` (see `ReachFootprint.awaits`, which says what that promises).
 * 4. **Visibility is honest.** An action that may change whether an `always` or `sometimes`
 *    property holds is `visible` (the default). `atQuiescence` properties need no visibility:
 *    the reduction keeps every terminal state. A property that declares its `reads` has its
 *    visibility decided from them instead (guarantee 5), and a `stable` one needs none.
 * 5. **A property's reads decide it** (for properties that declare `reads`, see
 *    `ReductionHints`). It has the same truth in every state that agrees with `s` on `reads(s)`.
 *    And an action enabled in `s` whose footprint writes nothing in `reads(s)` leaves its truth
 *    unchanged, in `s` and in every state reached from `s` by other actors' actions (as an
 *    invisible action must).
 */
export interface Independence<S, A> {
  /** The footprint of `action`, enabled in `state`. Pure. */
  footprint(state: S, action: A): ActionFootprint;
  /**
   * Every actor that may act from `state` on, with a bound on the footprints of all its future
   * actions (see guarantee 3), as an object keyed by actor. Pure.
   */
  reach(state: S): Readonly<Record<string, ReachFootprint>>;
}
