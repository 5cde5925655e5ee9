import { atQuiescence } from '../src/engine/Property.ts';
import { allRecords } from '../models/world/kafka.ts';
import type { World } from '../models/world/World.ts';
import { committedIds } from './internal/ids.ts';

/**
 * `no-phantom-events`: no event in Kafka stands for a change that never committed.
 *
 * Exact definition: in every terminal state, every record in Kafka whose ghost `change` is not
 * null (null marks a seed row that no request wrote) names a change in the ghost `committed`.
 * Checked at terminal states, because publish-then-commit strategies and listen-to-yourself
 * legitimately hold an event before its change commits; a phantom is one whose change never does.
 */
export const noPhantomEvents = atQuiescence<World>('no-phantom-events', (w) => {
  const committed = committedIds(w);
  return allRecords(w.kafka).every((r) => r.change === null || committed.has(r.change));
});
