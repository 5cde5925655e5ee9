import { partitionFor, type Kafka } from '../world/kafka.ts';
import type { Pending } from './ConnectorState.ts';

const none: readonly number[] = [];
const first: readonly number[] = [0];

/**
 * The positions in `inflight` (sent, not yet acknowledged, in send order) whose acknowledgement
 * the broker may deliver next: each record with no earlier record in flight to the same topic
 * and partition, ascending.
 *
 * Kafka orders a producer's callbacks per partition only (`KafkaProducer.send`: "callbacks for
 * records being sent to the same partition are guaranteed to execute in order"): a partition's
 * batches are acknowledged in order by its leader, while batches of other partitions, of the
 * same topic or another, on the same broker or another, complete in any order
 * (`Sender.handleProduceResponse` completes each partition's batch of a response in turn,
 * `completeBatch` → `ProducerBatch.done`). With one topic of one partition, as in every world
 * built with `partitions: 1` and one captured table, this is only the first record. Pure.
 */
export function ackableInFlight(kafka: Kafka, inflight: readonly Pending[]): readonly number[] {
  if (inflight.length === 0) return none;
  if (inflight.length === 1 || (kafka.topics.length === 1 && kafka.topics[0]!.partitions.length === 1)) return first;
  const seen: string[] = [];
  const out: number[] = [];
  inflight.forEach((p, i) => {
    const where = `${p.topic}/${partitionOf(kafka, p)}`;
    if (!seen.includes(where)) out.push(i);
    seen.push(where);
  });
  return out;
}

/** The partition of `p`'s topic that `p`'s key goes to (the default partitioner). Pure. */
export function partitionOf(kafka: Kafka, p: Pending): number {
  for (const t of kafka.topics) if (t.name === p.topic) return partitionFor(p.record.key, t.partitions.length);
  throw new Error(`no topic ${p.topic}`);
}

/**
 * How many records of `inflight` go to the same topic and partition as `p`: what
 * `max.in.flight.requests.per.connection` bounds when each partition's leader is on a broker of
 * its own (the layout that allows the most in flight and the most orders; a request carries at
 * most one batch per partition, `RecordAccumulator.drain`). With one topic of one partition, all
 * of them. Pure.
 */
export function inFlightOn(kafka: Kafka, inflight: readonly Pending[], p: Pending): number {
  if (kafka.topics.length === 1 && kafka.topics[0]!.partitions.length === 1) return inflight.length;
  const where = partitionOf(kafka, p);
  let n = 0;
  for (const q of inflight) if (q.topic === p.topic && partitionOf(kafka, q) === where) n++;
  return n;
}
