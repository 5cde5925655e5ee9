import type { TraceView } from '../../engine/TraceView.ts';
import { compactJson } from './diffStates.ts';

/** The lane used when a model supplies no `TraceView`. */
export const MODEL_LANE = 'Model';

/**
 * A one-lane view for models without their own: every action belongs to the model and the lane
 * says the whole state as JSON. Keeps reports possible for any model, if not pretty.
 */
export function fallbackView<S, A>(): TraceView<S, A> {
  return {
    lanes: [MODEL_LANE],
    actor: () => MODEL_LANE,
    isFault: () => false,
    says: (state) => ({ [MODEL_LANE]: compactJson(state) }),
  };
}
