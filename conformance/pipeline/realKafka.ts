import type { Value } from '../../models/world/database.ts';
import { allRecords, type Kafka, type KafkaRecord } from '../../models/world/kafka.ts';
import type { RealRecord } from './HarnessClient.ts';

/** The header the replay's own producer puts on the records a service publishes (no Debezium op). */
export const SERVICE_HEADER = 'cdc-check-publisher';

/**
 * What the real broker holds, in the model's shape: each of the model's topics (`model`
 * gives names and partition counts), its real twin named `prefix + '.' + name`, each real
 * record in its real partition, in offset order. A record's `id` is its `id` header (the
 * Outbox Event Router's event id, or the one the replay's producer set), its key and value the
 * real ones (the value parsed as JSON). Two fields no real record carries are taken from the
 * model's record with the same id, else defaulted: the ghost `change` (else the id) and the
 * Debezium `op`, which the router's output does not show (else `c`; null for a record a
 * service published). A record on a topic the model does not have is returned in `stray`. Pure.
 */
export function realKafka(records: readonly RealRecord[], model: Kafka, prefix: string, known: readonly KafkaRecord[]): { kafka: Kafka; stray: RealRecord[] } {
  const twin = new Map(known.map((r) => [r.id, r]));
  const topics = model.topics.map((t) => ({ name: t.name, partitions: t.partitions.map((): KafkaRecord[] => []) }));
  const stray: RealRecord[] = [];
  for (const r of [...records].sort((a, b) => a.offset - b.offset)) {
    const topic = topics.find((t) => `${prefix}.${t.name}` === r.topic);
    const partition = topic?.partitions[r.partition];
    if (partition === undefined) {
      stray.push(r);
      continue;
    }
    const id = r.headers.id ?? `${r.key}@${r.offset}`;
    const model = twin.get(id);
    const byService = r.headers[SERVICE_HEADER] !== undefined;
    partition.push({ key: r.key ?? '', id, change: model?.change ?? id, op: byService ? null : (model?.op ?? 'c'), value: parseValue(r.value) });
  }
  return { kafka: { topics }, stray };
}

/**
 * The first difference between the real broker and the model's: per partition, the real
 * records' ids must start with the model's now (`now`), and lie within what the model's trace
 * ever appends there (`final`, at its end): the real connector sends on its own and may be
 * ahead of the model's steps, never elsewhere. With `exact`, real and `now` must be equal.
 * Null when they agree. Pure.
 */
export function firstKafkaDifference(real: Kafka, now: Kafka, final: Kafka, exact: boolean): string | null {
  const missing = kafkaLacks(real, now);
  if (missing !== null) return missing;
  for (const [t, topic] of now.topics.entries()) {
    for (const [p, records] of topic.partitions.entries()) {
      const got = ids(real, t, p);
      const where = `${topic.name}/${p}`;
      if (exact && got.length !== records.length) return `Kafka says ${where} ${say(got)}, model says ${say(ids(now, t, p))} (the real systems went on after the trace's end)`;
      if (!startsWith(ids(final, t, p), got)) return `Kafka says ${where} ${say(got)}, which is not where the model's trace goes (${say(ids(final, t, p))} at its end)`;
    }
  }
  return null;
}

/** Where the real broker does not (yet) hold what the model's does, as a prefix of each partition; null when it does. Pure. */
export function kafkaLacks(real: Kafka, now: Kafka): string | null {
  for (const [t, topic] of now.topics.entries()) {
    for (const p of topic.partitions.keys()) {
      const got = ids(real, t, p);
      if (!startsWith(got, ids(now, t, p))) return `Kafka says ${topic.name}/${p} ${say(got)}, model says ${say(ids(now, t, p))}`;
    }
  }
  return null;
}

function ids(k: Kafka, t: number, p: number): string[] {
  return k.topics[t]!.partitions[p]!.map((r) => r.id);
}

function say(list: readonly string[]): string {
  return `[${list.join(', ')}]`;
}

/** Every record of the model's broker, for `realKafka`'s look-up. Pure. */
export function knownRecords(kafkas: readonly Kafka[]): KafkaRecord[] {
  return kafkas.flatMap((k) => allRecords(k));
}

function startsWith(list: readonly string[], prefix: readonly string[]): boolean {
  return prefix.length <= list.length && prefix.every((x, i) => list[i] === x);
}

function parseValue(text: string | null): Record<string, Value> | null {
  if (text === null) return null;
  try {
    const v = JSON.parse(text) as unknown;
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, Value>) : { value: text };
  } catch {
    return { value: text };
  }
}
