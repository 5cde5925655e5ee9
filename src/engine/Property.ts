/** The three temporal shapes a property can take, as in Stateright. */
export type PropertyKind = 'always' | 'eventually' | 'sometimes';

/**
 * A named claim about states.
 *
 * - `always`: must hold in every reachable state (a safety invariant).
 * - `eventually`: must hold in every terminal state, i.e. every state with no enabled action.
 * - `sometimes`: must hold in at least one reachable state (a reachability sanity check, so a
 *   model that does nothing cannot pass vacuously).
 *
 * `holds` must be pure.
 */
export type Property<S> = {
  kind: PropertyKind;
  name: string;
  holds(state: S): boolean;
};

/** A safety property: `holds` must be true in every reachable state. */
export function always<S>(name: string, holds: (state: S) => boolean): Property<S> {
  return { kind: 'always', name, holds };
}

/** A liveness-at-quiescence property: `holds` must be true in every terminal state. */
export function eventually<S>(name: string, holds: (state: S) => boolean): Property<S> {
  return { kind: 'eventually', name, holds };
}

/** A reachability property: `holds` must be true in at least one reachable state. */
export function sometimes<S>(name: string, holds: (state: S) => boolean): Property<S> {
  return { kind: 'sometimes', name, holds };
}
