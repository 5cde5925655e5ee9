import { describe, expect, it } from 'vitest';
import { append, createKafka, partitionFor } from './kafka.ts';
import { murmur2 } from './internal/murmur2.ts';

describe('kafka', () => {
  it('hashes keys with Kafka\'s murmur2 (test vectors from Kafka\'s UtilsTest)', () => {
    expect(murmur2('21')).toBe(-973932308);
    expect(murmur2('foobar')).toBe(-790332482);
    expect(murmur2('a-little-bit-long-string')).toBe(-985981536);
    expect(murmur2('lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8')).toBe(-58897971);
  });

  it('sends a key always to the same partition, and keeps write order within it', () => {
    const k = createKafka(['t'], 3);
    for (const id of ['a', 'b', 'c']) append(k, 't', { key: 'acct-1', id, change: id, op: null, value: null });
    const p = partitionFor('acct-1', 3);
    expect(k.topics[0]!.partitions[p]!.map((r) => r.id)).toEqual(['a', 'b', 'c']);
    expect(k.topics[0]!.partitions.flat()).toHaveLength(3);
  });

  it('duplicates a retried record unless the producer is idempotent', () => {
    const k = createKafka(['t'], 1);
    const r = { key: 'k', id: 'e', change: 'e', op: null, value: null, seq: 4 };
    expect(append(k, 't', r, true)).toBe(true);
    expect(append(k, 't', r, true)).toBe(false);
    expect(append(k, 't', r, false)).toBe(true);
    expect(k.topics[0]!.partitions[0]).toHaveLength(2);
  });
});
