/**
 * A model's compact form of its states, for the breadth-first search's frontier (`Model.codec`).
 *
 * Without one, the search keeps each state of the level it is expanding, and of the next, as the
 * object `next` returned: on a wide level that is millions of objects that live long enough to
 * be promoted and traced by the garbage collector. With one, it keeps `words` 32-bit integers a
 * state in a typed array, which the collector never scans, and unpacks a state just before
 * expanding it (a short-lived object), as Spin keeps its queue of state vectors.
 *
 * Contract: `unpack(pack(s))` is a state equal to `s` (the same stable JSON, so the same actions,
 * successors and properties), for every reachable state. The search samples it (the first
 * states packed, then one in 1024) and reports a `ModelError` (`codec-not-roundtrip`) when a
 * state does not come back whole. Traces are rebuilt by replaying `next` from the initial state,
 * never from packed states, so a counterexample shows the model's own states.
 *
 * Used by the exhaustive search on one worker and by each worker of the parallel search (whose
 * workers sample the contract too); a sharded search keeps objects and ignores it.
 */
export interface StateCodec<S> {
  /** How many 32-bit integers a packed state takes, the same for every state (at least 1). */
  readonly words: number;
  /** Writes `state` into `into[at]` … `into[at + words - 1]`; returns nothing and allocates nothing. */
  pack(state: S, into: Int32Array, at: number): void;
  /** The state packed at `from[at]` … `from[at + words - 1]`, as a new object. */
  unpack(from: Int32Array, at: number): S;
  /**
   * Whether packed words mean something to this codec object only: numbers it gave to values it
   * keeps in its own tables (`CollapseCodec`). The parallel search's workers, each with its own
   * model, then never copy a packed state from one to another: a worker that takes a state over
   * rebuilds it by replaying its path, as it does without a codec. Default `false`: words unpack
   * to the same state in any thread.
   */
  readonly local?: boolean;
}
