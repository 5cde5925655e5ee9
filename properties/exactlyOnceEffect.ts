import { always } from '../src/engine/Property.ts';
import type { World } from '../models/world/World.ts';
import { downstreamGroups, groupText } from './internal/downstream.ts';
import { listText } from './internal/explainText.ts';

/**
 * `exactly-once-effect`: after dedup by eventId (when the consumer dedups), no downstream
 * application applies a change twice, whichever of its group's instances applied it.
 *
 * Exact definition: in every reachable state, no change occurs twice in the `applied` list of
 * any downstream consumer group (`downstreamGroups`: the store its instances share). This is the "never twice" half; "at least once" is `at-least-once`,
 * and the two together are exactly-once effect. Checked in every state, so the shortest
 * counterexample stops at the second application. Stable (for partial-order reduction): once
 * violated, violated in every later state.
 */
export const exactlyOnceEffect = always<World>(
  'exactly-once-effect',
  (w) => {
    // Checked on every new state; the lists are a handful long, so a scan beats building a Set.
    for (const g of w.groups) {
      if (g.sink !== 'store') continue;
      const applied = g.applied;
      for (let i = 1; i < applied.length; i++) if (applied.lastIndexOf(applied[i]!, i - 1) >= 0) return false;
    }
    return true;
  },
  // Stable: `applied` only grows, so a change applied twice stays so.
  { explain: explainTwice, stable: true },
);

/** "the consumer applied acct-1#1 twice (applied: acct-1#1 and acct-1#1)", of the first group that did. */
function explainTwice(w: World): string | undefined {
  for (const g of downstreamGroups(w)) {
    const counts = new Map<string, number>();
    for (const id of g.applied) counts.set(id, (counts.get(id) ?? 0) + 1);
    const repeated = [...counts].filter(([, n]) => n > 1);
    if (repeated.length > 0) return `${groupText(w, g)} applied ${listText(repeated.map(([id, n]) => `${id} ${n === 2 ? 'twice' : `${n} times`}`))} (applied: ${listText(g.applied)})`;
  }
  return undefined;
}
