import { describe, expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { buildScenario } from '../models/scenarios.ts';
import type { CommittedChange, World } from '../models/world/World.ts';
import { consumerContract } from './consumerContract.ts';
import { exactlyOnceEffect } from './exactlyOnceEffect.ts';
import { perAggregateOrder } from './perAggregateOrder.ts';

// The invariants are written for speed (no allocation per state). Each is compared here with
// its definition written the plain way, on random worlds of the shapes the models produce.

const base = buildScenario('outbox-cdc').initial()[0]!;
const ids = ['acct-1#1', 'acct-1#2', 'acct-1#3', 'acct-2#1', 'acct-2#2', 'seed'];
const committedArb = fc.uniqueArray(fc.record({ id: fc.constantFrom(...ids), lsn: fc.nat({ max: 30 }) }), { selector: (c) => c.id, maxLength: 5 });
const appliedArb = fc.array(fc.constantFrom(...ids), { maxLength: 8 });

const worldWith = (applied: string[], committed: { id: string; lsn: number }[]): World => ({
  ...base,
  groups: [{ ...base.groups[0]!, applied }],
  ghost: { ...base.ghost, committed: committed.map((c): CommittedChange => ({ ...c, agg: c.id.split('#')[0]! })) },
});

describe('invariants against their plain definitions', () => {
  test.prop([appliedArb, committedArb])('per-aggregate-order', (applied, committed) => {
    const w = worldWith(applied, committed);
    const lsn = new Map(w.ghost.committed.map((c) => [c.id, c] as const));
    const seen = new Set<string>();
    const last = new Map<string, number>();
    let plain = true;
    for (const id of applied) {
      if (seen.has(id)) continue;
      seen.add(id);
      const c = lsn.get(id);
      if (!c) continue;
      if ((last.get(c.agg) ?? -1) > c.lsn) plain = false;
      last.set(c.agg, c.lsn);
    }
    expect(perAggregateOrder.holds(w)).toBe(plain);
  });

  test.prop([appliedArb])('exactly-once-effect', (applied) => {
    expect(exactlyOnceEffect.holds(worldWith(applied, []))).toBe(new Set(applied).size === applied.length);
  });

  test.prop([fc.array(fc.constantFrom(['accountId', 'balance'], ['balance', 'accountId'], ['accountId', 'amount'], ['accountId'], ['accountId', 'balance', 'amount'], [], null), { maxLength: 5 }), fc.nat({ max: 6 })])(
    'consumer-contract',
    (values, position) => {
      const topic = base.kafka.topics[0]!;
      const log = values.map((fields, i) => ({ key: 'acct-1', id: `e${i}`, change: null, op: 'c' as const, value: fields && Object.fromEntries(fields.map((f) => [f, 0])) }));
      const pos = Math.min(position, log.length);
      const w: World = {
        ...base,
        kafka: { topics: [{ name: topic.name, partitions: [log] }] },
        consumers: [{ ...base.consumers[0]!, positions: [pos] }],
      };
      const plain = log.slice(0, pos).every((r) => r.value !== null && Object.keys(r.value).sort().join(',') === 'accountId,balance');
      expect(consumerContract({ topic: topic.name, fields: ['accountId', 'balance'] }).holds(w)).toBe(plain);
    },
  );
});
