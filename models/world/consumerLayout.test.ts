import { describe, expect, it } from 'vitest';
import { outboxCdc } from '../strategies/outboxCdc.ts';
import { consumerLayout } from './consumerLayout.ts';
import { defaultWorldOptions, type WorldOptions } from './WorldOptions.ts';

const layout = (o: Partial<WorldOptions>) => consumerLayout({ ...defaultWorldOptions, service: outboxCdc, ...o });
const plain = { commit: 'after', dedup: 'none' } as const;

describe('consumerLayout', () => {
  it('one consumer: named `consumer`, its own group, every partition', () => {
    expect(layout({ partitions: 2 })).toEqual({ instances: [{ ...plain, name: 'consumer', lane: 'Consumer', group: 0, assigned: [0, 1] }], groups: ['consumer'] });
  });

  it('instances without a group: a group each, named after the instance, each reading every partition', () => {
    const l = layout({ partitions: 2, extraConsumers: [{ commit: 'before', dedup: 'eventId' }] });
    expect(l.groups).toEqual(['consumer1', 'consumer2']);
    expect(l.instances.map((c) => [c.name, c.lane, c.group, c.assigned, c.commit, c.dedup])).toEqual([
      ['consumer1', 'Consumer1', 0, [0, 1], 'after', 'none'],
      ['consumer2', 'Consumer2', 1, [0, 1], 'before', 'eventId'],
    ]);
  });

  it('instances naming one group share it and split its partitions by the assignor', () => {
    const g = { ...plain, group: 'billing' };
    expect(layout({ partitions: 2, consumer: g, extraConsumers: [g] }).instances.map((c) => [c.group, c.assigned])).toEqual([[0, [0]], [0, [1]]]);
    expect(layout({ partitions: 3, consumer: g, extraConsumers: [g] }).instances.map((c) => c.assigned)).toEqual([[0, 1], [2]]);
    expect(layout({ partitions: 3, assignor: 'roundrobin', consumer: g, extraConsumers: [g] }).instances.map((c) => c.assigned)).toEqual([[0, 2], [1]]);
    // Members are counted per group: an instance in another group between them changes nothing.
    const l = layout({ partitions: 2, consumer: g, extraConsumers: [{ ...plain, group: 'audit' }, g] });
    expect(l.groups).toEqual(['billing', 'audit']);
    expect(l.instances.map((c) => [c.name, c.group, c.assigned])).toEqual([['consumer1', 0, [0]], ['consumer2', 1, [0, 1]], ['consumer3', 0, [1]]]);
  });
});
