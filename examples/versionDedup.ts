import { setup } from 'xstate';
import { debezium, strategyScenario } from '../models/scenarioDefs.ts';
import { outboxCdc } from '../models/strategies/outboxCdc.ts';
import type { ActorVariant } from '../models/world/ActorVariant.ts';
import { consumerActions, type ConsumerEvent } from '../models/world/consumer.ts';
import type { ConsumerState } from '../models/world/World.ts';

/** The aggregate and version of an event id: the model mints `acct-k#n` for version n of `acct-k`. */
const versionOf = (id: string) => ({ agg: id.slice(0, id.lastIndexOf('#')), version: Number(id.slice(id.lastIndexOf('#') + 1)) });

/**
 * A consumer that deduplicates by a per-aggregate version number instead of by eventId: it
 * keeps the highest version applied per aggregate (in its group's `dedup` store, one
 * `agg#version` per aggregate) and skips any event not newer. Commits after processing, like the kind's own
 * at-least-once consumer. Same events; one new effect, `applyIfNewer`.
 */
export const versionDedup: ActorVariant<ConsumerState> = {
  machine: setup({ types: { events: {} as ConsumerEvent }, actions: { ...consumerActions, applyIfNewer: () => {} } }).createMachine({
    id: 'consumer-version-dedup',
    initial: 'idle',
    states: {
      idle: { on: { APPLY: { target: 'processed', actions: 'applyIfNewer' } } },
      processed: { on: { COMMIT: { target: 'idle', actions: 'commitOffset' }, CRASH: { target: 'idle', actions: 'crash' } } },
    },
  }),
  effects: {
    applyIfNewer(w, c, p, base) {
      const r = base.kafka.topics[0]!.partitions[p]![c.positions[p]!]!;
      c.positions = c.positions.with(p, c.positions[p]! + 1);
      c.cursor = p;
      // The group's store, shared by its instances (the step has copied it: writable).
      const store = w.groups[c.group]!;
      const { agg, version } = versionOf(r.id);
      const last = store.dedup.find((x) => versionOf(x).agg === agg);
      if (last !== undefined && versionOf(last).version >= version) return;
      store.applied = [...store.applied, r.change ?? r.id];
      store.dedup = [...store.dedup.filter((x) => x !== last), r.id].sort();
    },
  },
};

/**
 * Five requests in flight without idempotence, so a retried batch lands after a later one, and
 * a connector crash that replays: version dedup applies nothing twice and never out of order,
 * but skips an older version that arrives after a newer one.
 */
export const versionDedupScenario = strategyScenario(
  outboxCdc,
  { 'exactly-once-effect': 'holds', 'per-aggregate-order': 'holds', 'at-least-once': 'violated', 'no-lost-events': 'holds' },
  { requests: 2, pipeline: debezium({ producer: { idempotent: false, maxInFlight: 5, retries: 2147483647 } }), budget: { network: 1, connectorCrash: 1 }, variants: { consumer: versionDedup } },
  {
    id: 'example-version-dedup',
    title: 'A consumer that deduplicates by per-aggregate version: never twice, never out of order, but a late older event is skipped',
    explanation: 'The consumer applies an event only if its version is above the highest applied for its aggregate. Replays are skipped like with eventId dedup, and a reordered older event is skipped too: order holds, at-least-once does not.',
  },
);
