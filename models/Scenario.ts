import type { AnyStateMachine } from 'xstate';
import type { Model } from '../src/engine/Model.ts';

/** What a scenario claims about an invariant. */
export type Verdict = 'holds' | 'violated';

/** Named scope sizes: `small` is the default used by `npm test`; `large` is for `--scope large`. */
export type ScopeName = 'small' | 'medium' | 'large';

/**
 * A registered scenario: a strategy composed with the world, a scope, and the verdicts it must
 * reach. The model is built fresh for each scope; building is pure and cheap.
 */
export interface Scenario<S = unknown, A = unknown> {
  /** Stable id used by the registry, the CLI and report paths (kebab-case). */
  id: string;
  /** One-line description for `cdc-check list`. */
  title: string;
  /** A paragraph: the mechanism a counterexample shows, or why the scenario passes. */
  explanation: string;
  /**
   * Expected verdict for each invariant the scenario checks (by registered id, see
   * `Invariant`), in the order they are reported.
   */
  expected: Readonly<Record<string, Verdict>>;
  /** The knobs this scenario sets (strategy options, connector and consumer settings), for `explain`. */
  knobs: Readonly<Record<string, unknown>>;
  /** Builds the composed model at the given scope. */
  model(scope?: ScopeName): Model<S, A>;
  /** The xstate machines of the actors involved, by actor name, for `explain` and docs. */
  machines(): Readonly<Record<string, AnyStateMachine>>;
}
