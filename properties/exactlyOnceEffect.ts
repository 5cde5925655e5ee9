import { always } from '../src/engine/Property.ts';
import type { World } from '../models/world/World.ts';

/**
 * `exactly-once-effect`: after dedup by eventId (when the consumer dedups), the consumer never
 * applies a change twice.
 *
 * Exact definition: in every reachable state, no change occurs twice in the downstream
 * consumer's `applied` list. This is the "never twice" half; "at least once" is `at-least-once`,
 * and the two together are exactly-once effect. Checked in every state, so the shortest
 * counterexample stops at the second application.
 */
export const exactlyOnceEffect = always<World>('exactly-once-effect', (w) => {
  // Checked on every new state; the list is a handful long, so a scan beats building a Set.
  const applied = w.consumers[0]!.applied;
  for (let i = 1; i < applied.length; i++) if (applied.lastIndexOf(applied[i]!, i - 1) >= 0) return false;
  return true;
});
