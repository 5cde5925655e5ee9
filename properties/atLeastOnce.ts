import { atQuiescence } from '../src/engine/Property.ts';
import type { World } from '../models/world/World.ts';
import { listText } from './internal/explainText.ts';

/**
 * `at-least-once`: every committed change's event is processed by the consumer at least once.
 *
 * Exact definition: in every terminal state, every eventId in the ghost `committed` occurs in
 * the downstream consumer's (`consumers[0]`) `applied` list, which records each effect applied.
 */
export const atLeastOnce = atQuiescence<World>(
  'at-least-once',
  (w) => {
    const applied = new Set(w.consumers[0]!.applied);
    return w.ghost.committed.every((c) => applied.has(c.id));
  },
  { explain: explainNeverApplied },
);

/** "acct-1#1 committed at LSN 4 and was never applied by the consumer (applied: none)". */
function explainNeverApplied(w: World): string | undefined {
  const consumer = w.consumers[0]!;
  const missing = w.ghost.committed.filter((c) => !consumer.applied.includes(c.id));
  if (missing.length === 0) return undefined;
  const one = missing.length === 1;
  return `${listText(missing.map((c) => `${c.id} committed at LSN ${c.lsn}`))}; the consumer never applied ${one ? 'it' : 'them'} (applied: ${listText(consumer.applied)})`;
}
