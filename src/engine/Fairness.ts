/**
 * A fairness constraint on a group of actions, as TLC's `WF_vars(A)` and `SF_vars(A)`.
 *
 * - `weak`: an infinite path on which some action of the group is enabled in every state from
 *   some point on, yet none is ever taken again, is not a behaviour of the system.
 * - `strong`: the same, with "enabled infinitely often" instead of "enabled in every state".
 *
 * Fairness only rules out lassos for `eventually` properties; it never hides a terminal state,
 * an `always` or an `atQuiescence` violation. Faults should never be fair.
 */
export interface Fairness<A> {
  kind: 'weak' | 'strong';
  /** Shown in explanations, e.g. `connector` or `BrokerAck`. */
  name: string;
  /** True for the actions in the group. Pure. */
  includes(action: A): boolean;
}

/** Weak fairness (TLC's `WF`) for the actions `includes` selects. */
export function weakFairness<A>(name: string, includes: (action: A) => boolean): Fairness<A> {
  return { kind: 'weak', name, includes };
}

/** Strong fairness (TLC's `SF`) for the actions `includes` selects. */
export function strongFairness<A>(name: string, includes: (action: A) => boolean): Fairness<A> {
  return { kind: 'strong', name, includes };
}
