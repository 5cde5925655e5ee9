import { atQuiescence } from '../src/engine/Property.ts';
import type { World } from '../models/world/World.ts';
import { downstreamGroups, groupText } from './internal/downstream.ts';
import { listText } from './internal/explainText.ts';

/**
 * `at-least-once`: every committed change's event is processed by every downstream application
 * at least once, by one instance of its consumer group or another.
 *
 * Exact definition: in every terminal state, every eventId in the ghost `committed` occurs in
 * the `applied` list (which records each effect applied) of every downstream consumer group
 * (`downstreamGroups`).
 */
export const atLeastOnce = atQuiescence<World>(
  'at-least-once',
  (w) => {
    for (const g of downstreamGroups(w)) {
      const applied = new Set(g.applied);
      if (!w.ghost.committed.every((c) => applied.has(c.id))) return false;
    }
    return true;
  },
  { explain: explainNeverApplied },
);

/** "acct-1#1 committed at LSN 4 and was never applied by the consumer (applied: none)". */
function explainNeverApplied(w: World): string | undefined {
  for (const g of downstreamGroups(w)) {
    const missing = w.ghost.committed.filter((c) => !g.applied.includes(c.id));
    if (missing.length === 0) continue;
    const one = missing.length === 1;
    return `${listText(missing.map((c) => `${c.id} committed at LSN ${c.lsn}`))}; ${groupText(w, g)} never applied ${one ? 'it' : 'them'} (applied: ${listText(g.applied)})`;
  }
  return undefined;
}
