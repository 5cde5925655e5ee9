import { atQuiescence } from '../src/engine/Property.ts';
import type { World } from '../models/world/World.ts';
import { invariant, type Invariant } from '../models/Invariant.ts';
import { kafkaHolds, listText } from './internal/explainText.ts';
import { changesInKafka } from './internal/ids.ts';

/**
 * `no-silent-loss`: an event missing from Kafka at the end is announced by a failed connector
 * task.
 *
 * Exact definition: in every terminal state, either every change in the ghost `committed` has a
 * record in Kafka (as `no-lost-events`), or some connector is in its `failed` control state.
 * A task that fails (since Debezium 3.2, DBZ-9118, on a lost slot) stops the pipeline and tells
 * the operator what to do, so what it has not delivered is late, not silently gone:
 * `no-lost-events` still reports it missing, and this invariant tells the two apart.
 */
export const noSilentLoss = atQuiescence<World>(
  'no-silent-loss',
  (w) => w.connectors.some((c) => c.at === 'failed') || missing(w).length === 0,
  { explain: explainSilent },
);

/** `noSilentLoss` as a scenario's own invariant. */
export const noSilentLossInvariant: Invariant = invariant(noSilentLoss);

function missing(w: World): string[] {
  const inKafka = changesInKafka(w);
  return w.ghost.committed.filter((c) => !inKafka.has(c.id)).map((c) => c.id);
}

/** "acct-1#2 is not in Kafka and every connector task is running or stopped normally (…)". */
function explainSilent(w: World): string | undefined {
  if (w.connectors.some((c) => c.at === 'failed')) return undefined;
  const lost = missing(w);
  if (lost.length === 0) return undefined;
  const tasks = w.connectors.map((c) => c.at).join(', ') || 'none';
  return `${listText(lost)} ${lost.length === 1 ? 'is' : 'are'} not in Kafka, and no connector task failed to say so (tasks: ${tasks}; ${kafkaHolds(w)})`;
}
