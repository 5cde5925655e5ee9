import { always, type Property } from '../src/engine/Property.ts';
import { topicOf } from '../models/world/kafka.ts';
import type { World } from '../models/world/World.ts';

/** The agreed event contract: the topic and the exact set of fields of an event's value. */
export interface Contract {
  topic: string;
  fields: readonly string[];
}

/**
 * `consumer-contract`: consumers only ever receive events of the agreed contract, whatever DDL
 * the business tables go through.
 *
 * Exact definition: in every reachable state, every record of `contract.topic` that the
 * downstream consumer has read (offset below its position in that partition) has a non-null
 * value whose field names are exactly `contract.fields`.
 */
export function consumerContract(contract: Contract): Property<World> {
  const want = [...contract.fields].sort().join(',');
  return always<World>('consumer-contract', (w) => {
    const c = w.consumers[0]!;
    const parts = topicOf(w.kafka, contract.topic).partitions;
    return c.positions.every((pos, p) => parts[p]!.slice(0, pos).every((r) => r.value !== null && Object.keys(r.value).sort().join(',') === want));
  });
}
