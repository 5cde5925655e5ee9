import { describe, expect, it } from 'vitest';
import { createKafka, type Kafka, type KafkaRecord } from '../../models/world/kafka.ts';
import type { RealRecord } from './HarnessClient.ts';
import { firstKafkaDifference, kafkaLacks, realKafka, SERVICE_HEADER } from './realKafka.ts';

const record = (id: string): KafkaRecord => ({ key: 'acct-1', id, change: id, op: 'c', value: { n: 1 } });
function kafka(...ids: string[]): Kafka {
  const k = createKafka(['outbox.event.Account'], 1);
  k.topics[0]!.partitions[0]!.push(...ids.map(record));
  return k;
}
const real = (topic: string, offset: number, id: string, headers: Record<string, string> = {}): RealRecord => ({ topic, partition: 0, offset, key: 'acct-1', value: '{"n":1}', headers: { id, ...headers } });

describe('the real broker in the model\'s shape, and where it may differ from the model', () => {
  it('reads real records into the model\'s topics by prefix, in offset order; a record on another topic is stray', () => {
    const { kafka: k, stray } = realKafka([real('rr.outbox.event.Account', 1, 'e2'), real('rr.outbox.event.Account', 0, 'e1', { [SERVICE_HEADER]: 'service' }), real('rr.other', 0, 'x')], kafka(), 'rr', [record('e2')]);
    expect(k.topics[0]!.partitions[0]!.map((r) => [r.id, r.op])).toEqual([['e1', null], ['e2', 'c']]);
    expect(stray.map((r) => r.topic)).toEqual(['rr.other']);
  });

  it('the real connector may be ahead of the model\'s steps, within what the trace appends later; not elsewhere, and not at the end', () => {
    const final = kafka('e1', 'e2');
    expect(firstKafkaDifference(kafka('e1', 'e2'), kafka('e1'), final, false)).toBeNull();
    expect(firstKafkaDifference(kafka('e1', 'e2'), kafka('e1'), final, true)).toMatch(/went on after the trace's end/);
    expect(firstKafkaDifference(kafka('e1', 'e3'), kafka('e1'), final, false)).toMatch(/not where the model's trace goes/);
    expect(firstKafkaDifference(kafka(), kafka('e1'), final, false)).toBe('Kafka says outbox.event.Account/0 [], model says [e1]');
    expect(kafkaLacks(kafka('e2', 'e1'), kafka('e1'))).not.toBeNull();
  });
});
