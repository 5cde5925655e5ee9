import { always, type Property } from '../src/engine/Property.ts';
import { topicOf, type KafkaRecord } from '../models/world/kafka.ts';
import type { World } from '../models/world/World.ts';
import { worldResources } from '../models/world/worldIndependence.ts';
import { listText } from './internal/explainText.ts';

/** The agreed event contract: the topic and the exact set of fields of an event's value. */
export interface Contract {
  topic: string;
  fields: readonly string[];
}

/**
 * `consumer-contract`: consumers only ever receive events of the agreed contract, whatever DDL
 * the business tables go through.
 *
 * Exact definition: in every reachable state, every record of `contract.topic` that a
 * downstream consumer instance (one of a group with `sink: 'store'`) has read (offset below its
 * position in that partition) has a non-null value whose field names are exactly
 * `contract.fields`. For partial-order reduction, it reads those instances' records and the
 * topic's records before each partition's end. An instance's positions of partitions assigned to another instance of its
 * group stay 0, so each partition is judged by the instance that reads it.
 */
export function consumerContract(contract: Contract): Property<World> {
  const fields = new Set(contract.fields);
  // Field by field, with nothing allocated: this runs for every record a new partition list holds.
  const agrees = (r: KafkaRecord): boolean => {
    if (r.value === null) return false;
    let n = 0;
    for (const name in r.value) {
      if (!fields.has(name)) return false;
      n++;
    }
    return n === fields.size;
  };
  // A partition's records never change (an append makes a new list), so the length of the
  // prefix that keeps the contract is worked out once per partition list.
  // The last list asked about is remembered too: neighbouring states mostly share it.
  const keeping = new WeakMap<readonly KafkaRecord[], number>();
  let last: readonly KafkaRecord[] | null = null;
  let lastPrefix = 0;
  const prefix = (log: readonly KafkaRecord[]): number => {
    if (log === last) return lastPrefix;
    let n = keeping.get(log);
    if (n === undefined) {
      n = 0;
      while (n < log.length && agrees(log[n]!)) n++;
      keeping.set(log, n);
    }
    last = log;
    lastPrefix = n;
    return n;
  };
  const explain = (w: World): string | undefined => {
    const parts = topicOf(w.kafka, contract.topic).partitions;
    const several = w.consumers.filter((c) => w.groups[c.group]!.sink === 'store').length > 1;
    for (let k = 0; k < w.consumers.length; k++) {
      const { positions, group } = w.consumers[k]!;
      if (w.groups[group]!.sink !== 'store') continue;
      for (let p = 0; p < positions.length; p++) {
        const offset = prefix(parts[p]!);
        if (positions[p]! === 0 || offset >= positions[p]!) continue;
        const r = parts[p]![offset]!;
        const got = r.value === null ? 'no value (a tombstone)' : `fields ${listText(Object.keys(r.value).sort())}`;
        return `${several ? `consumer${k + 1}` : 'the consumer'} read ${contract.topic}[${p}]@${offset} (record ${r.id}) with ${got}; the contract is fields ${listText([...contract.fields].sort())}`;
      }
    }
    return undefined;
  };
  return always<World>(
    'consumer-contract',
    (w) => {
      const parts = topicOf(w.kafka, contract.topic).partitions;
      for (const c of w.consumers) {
        if (w.groups[c.group]!.sink !== 'store') continue;
        const positions = c.positions;
        for (let p = 0; p < positions.length; p++) if (positions[p]! > 0 && prefix(parts[p]!) < positions[p]!) return false;
      }
      return true;
    },
    {
      explain,
      // Its truth depends on the downstream instances' positions and the records below them,
      // which are all before the partitions' ends.
      reads: (w) => [
        ...w.consumers.flatMap((c, k) => (w.groups[c.group]!.sink === 'store' ? [worldResources.consumer(k)] : [])),
        ...topicOf(w.kafka, contract.topic).partitions.map((_, p) => worldResources.old(contract.topic, p)),
      ],
    },
  );
}
