/**
 * A model's budgets, for subsumption (`CheckOptions.subsumption`): counts that only go down and
 * only allow steps, such as how many more crashes a run may inject. A state with more of every
 * budget left can do all that a state otherwise equal to it can do, so once the search has met
 * the former it may skip the latter, as UPPAAL skips a zone included in one it has explored.
 *
 * The search trusts four guarantees. Call two states *alike* when they differ in their budgets
 * at most, and say `s` *covers* `t` when they are alike and `s` has at least as much of every
 * budget left (`left(s)[i] ≥ left(t)[i]` for every `i`).
 *
 * 1. **A budget only allows.** If `s` covers `t`, every action enabled in `t` is enabled in `s`
 *    (same `formatAction`), and its successors are alike, the one from `s` covering the one from
 *    `t`. So every run from `t` is a run from `s`, action for action.
 * 2. **A budget never holds a run up.** If `s` covers `t` and `t` is terminal, so is `s`: a
 *    step that spends a budget is enabled only while some step that spends none is. A fault that
 *    may strike an idle system (an operator dropping a replication slot at any time) must not be
 *    among the budgets, or a terminal state would hide behind one that is not terminal.
 * 3. **No `always` or `atQuiescence` property reads a budget.** Alike states give each the same
 *    answer. (`sometimes` properties may: the search subsumes only once every one of them is
 *    decided. `eventually` properties switch subsumption off.)
 * 4. **`withLeft` changes the budgets only:** `withLeft(s, b)` is alike to `s`, with `b` left, and
 *    `left(withLeft(s, left(s)))` keys as `s` does.
 *
 * The search samples 1, 3 and 4 where it skips a state, and checks 2 in every terminal state it
 * meets; a broken guarantee is a `ModelError`, never a verdict (`src/engine/internal/Subsumer.ts`).
 */
export interface Budgets<S> {
  /** The most of each budget any state has left (usually the initial budgets), in a fixed order. */
  readonly most: readonly number[];
  /** How much of each budget `state` has left, in the order of `most`: whole numbers from 0 to `most[i]`. */
  left(state: S): readonly number[];
  /** `state` with `left` of its budgets left instead, everything else the same. Pure: `state` is not changed. */
  withLeft(state: S, left: readonly number[]): S;
}
