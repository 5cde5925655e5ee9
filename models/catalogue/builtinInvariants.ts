import { atLeastOnce } from '../../properties/atLeastOnce.ts';
import { consumerContract } from '../../properties/consumerContract.ts';
import { exactlyOnceEffect } from '../../properties/exactlyOnceEffect.ts';
import { noLostEvents } from '../../properties/noLostEvents.ts';
import { noPhantomEvents } from '../../properties/noPhantomEvents.ts';
import { perAggregateOrder } from '../../properties/perAggregateOrder.ts';
import { snapshotStreamConsistency } from '../../properties/snapshotStreamConsistency.ts';
import { eventTopic } from '../world/buildWorld.ts';
import { invariant, type Invariant } from '../Invariant.ts';

/**
 * The invariants of `properties/`, as registered invariants (DESIGN.md's table). Two depend on
 * the world's knobs: snapshot-stream consistency on the connector's captured tables, and the
 * consumer contract on the topic and on whether events are raw table changes or outbox payloads.
 */
export const builtinInvariants: readonly Invariant[] = [
  invariant(noLostEvents),
  invariant(noPhantomEvents),
  invariant(atLeastOnce),
  invariant(exactlyOnceEffect),
  invariant(perAggregateOrder),
  invariant('snapshot-stream-consistency', (o) => snapshotStreamConsistency(o.pipeline.kind === 'debezium' ? o.pipeline.connector.tables : []), { readsGhostStream: true }),
  invariant('consumer-contract', (o) => {
    const raw = o.pipeline.kind === 'debezium' && o.pipeline.connector.route === 'table';
    return consumerContract({ topic: eventTopic(o), fields: raw ? ['id', 'balance'] : ['accountId', 'balance'] });
  }),
];
