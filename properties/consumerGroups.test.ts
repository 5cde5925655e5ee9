import { setup } from 'xstate';
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { check } from '../src/engine/check.ts';
import { always, sometimes, type Property } from '../src/engine/Property.ts';
import { debezium, strategyScenario } from '../models/catalogue/ScenarioDef.ts';
import { scenariosFrom } from '../models/scenarios.ts';
import { outboxCdc } from '../models/strategies/outboxCdc.ts';
import { buildWorld } from '../models/world/buildWorld.ts';
import { consumerActions, initialConsumer, initialGroup, type ConsumerEvent } from '../models/world/consumer.ts';
import type { Value } from '../models/world/database.ts';
import type { CommittedChange, ConsumerGroupState, World } from '../models/world/World.ts';
import { defaultWorldOptions, type WorldOptions } from '../models/world/WorldOptions.ts';
import { atLeastOnce } from './atLeastOnce.ts';
import { consumerContract } from './consumerContract.ts';
import { exactlyOnceEffect } from './exactlyOnceEffect.ts';
import { perAggregateOrder } from './perAggregateOrder.ts';

// The invariants about effects with several consumer instances and several partitions: each
// downstream consumer group is one application, with one store that its instances share.

const options = (o: Partial<WorldOptions>): WorldOptions => ({ ...defaultWorldOptions, service: outboxCdc, pipeline: debezium({}), ...o });
const run = (o: Partial<WorldOptions>, properties: Property<World>[]) => check(buildWorld(options(o), { name: 'groups', version: '1', properties }), {});
const violated = (r: ReturnType<typeof run>) => r.violations.filter((v) => v.kind !== 'sometimes').map((v) => v.property).sort();
const labels = (r: ReturnType<typeof run>, property: string) => r.violations.find((v) => v.property === property)!.trace.slice(1).map((s) => s.action!.label);
const after = { commit: 'after', dedup: 'none' } as const;
const billing = { ...after, group: 'billing' };

describe('consumer instances in a group each, several applications', () => {
  it('each group gets every event; a crash applies twice only in the group of the instance that crashed', () => {
    const r = run({ consumer: after, extraConsumers: [after], budget: { consumerCrash: 1 } }, [exactlyOnceEffect, atLeastOnce, sometimes<World>('both groups applied', (w) => w.groups.every((g) => g.applied.length === 1))]);
    expect(violated(r)).toEqual(['exactly-once-effect']);
    expect(r.violations.filter((v) => v.kind === 'sometimes')).toEqual([]);
    const v = r.violations.find((x) => x.property === 'exactly-once-effect')!;
    const crashed = /^CrashConsumer\((consumer\d)\)$/.exec(labels(r, 'exactly-once-effect').find((l) => l.startsWith('CrashConsumer'))!)![1]!;
    expect(v.reason).toBe(`consumer group ${crashed} applied acct-1#1 twice (applied: acct-1#1 and acct-1#1)`);
  });

  it('at-least-once is checked for every group, not only the first: an at-most-once second application loses the event', () => {
    const r = run({ consumer: { commit: 'after', dedup: 'eventId' }, extraConsumers: [{ commit: 'before', dedup: 'none' }], budget: { consumerCrash: 1 } }, [exactlyOnceEffect, atLeastOnce]);
    expect(violated(r)).toEqual(['at-least-once']);
    expect(r.violations[0]!.reason).toMatch(/; consumer group consumer2 never applied it \(applied: none\)$/);
    const l = labels(r, 'at-least-once');
    const poll = l.indexOf('ConsumerPollCommit(consumer2, acct-1#1)');
    expect(poll).toBeGreaterThanOrEqual(0);
    expect(l[poll + 1]).toBe('CrashConsumer(consumer2)');
  });
});

describe('each instance its own configuration', () => {
  // Applies and commits in one step: never in `processed`.
  const oneStep = setup({ types: { events: {} as ConsumerEvent }, actions: consumerActions }).createMachine({
    id: 'consumer-apply-and-commit',
    initial: 'idle',
    states: { idle: { on: { APPLY: { target: 'idle', actions: ['apply', 'commitOffset'] } } } },
  });

  it('runs an instance’s own variant for that instance only, and names it among the knobs', () => {
    const o = { consumer: after, extraConsumers: [{ ...after, variant: { machine: oneStep } }] };
    const secondNeverHolds = always<World>('consumer2 never holds an uncommitted record', (w) => w.consumers[1]!.at === 'idle');
    const firstDoes = sometimes<World>('consumer1 holds an uncommitted record', (w) => w.consumers[0]!.at === 'processed');
    const r = run(o, [secondNeverHolds, firstDoes, atLeastOnce]);
    expect(r.violations).toEqual([]);
    const [scenario] = scenariosFrom([strategyScenario(outboxCdc, { 'at-least-once': 'holds' }, { pipeline: debezium({}), ...o }, { id: 'own-variant' })]);
    expect(JSON.parse(JSON.stringify(scenario!.knobs)).extraConsumers).toEqual([{ ...after, variant: 'consumer-apply-and-commit' }]);
  });
});

describe('consumer instances in one group over two partitions', () => {
  // acct-1 is keyed to partition 0, acct-2 to partition 1 (murmur2, as Kafka's partitioner).
  const group = { aggregates: 2, partitions: 2, consumer: billing, extraConsumers: [billing] };

  it('each instance reads only the partition the range assignor gives it, and the group misses nothing', () => {
    const own = always<World>('each instance reads only its partition', (w) => w.consumers[0]!.positions[1] === 0 && w.consumers[1]!.positions[0] === 0);
    const r = run({ ...group, budget: { consumerCrash: 1 } }, [own, atLeastOnce, perAggregateOrder, exactlyOnceEffect, sometimes<World>('both applied', (w) => w.groups[0]!.applied.length === 2)]);
    // Without dedup, a crash after an effect and before the group's commit applies it again.
    expect(violated(r)).toEqual(['exactly-once-effect']);
    expect(r.violations.filter((v) => v.kind === 'sometimes')).toEqual([]);
    const l = labels(r, 'exactly-once-effect');
    for (const x of l.filter((y) => y.startsWith('ConsumerApply'))) expect(x).toMatch(/^ConsumerApply\((consumer1, acct-1|consumer2, acct-2)#1\)$/);
  });

  it('shares the group’s committed offsets and store: a crashed instance resumes from the group’s offset, and dedup by the shared store holds', () => {
    const dedup = { commit: 'after', dedup: 'eventId', group: 'billing' } as const;
    // Instance k reads partition k; idle, an at-least-once instance has committed all it read, in the group's record.
    const committed = always<World>('an idle instance has committed its position in the group', (w) => w.groups.length === 1 && w.consumers.every((c, k) => c.at !== 'idle' || c.positions[k] === w.groups[0]!.committed[k]));
    const crashThenBoth = sometimes<World>('a crash, and both events applied once', (w) => w.budget.consumerCrash === 0 && w.groups[0]!.applied.length === 2);
    const r = run({ aggregates: 2, partitions: 2, consumer: dedup, extraConsumers: [dedup], budget: { consumerCrash: 1 } }, [committed, exactlyOnceEffect, atLeastOnce, perAggregateOrder, crashThenBoth]);
    expect(r.violations).toEqual([]);
  });

  it('an instance beyond the partitions gets none and never acts', () => {
    const idle = always<World>('consumer3 idle', (w) => w.consumers[2]!.at === 'idle' && w.consumers[2]!.positions.every((p) => p === 0));
    const r = run({ ...group, extraConsumers: [billing, billing] }, [idle, atLeastOnce, exactlyOnceEffect]);
    expect(violated(r)).toEqual([]);
  });

  it('finds reordering in the group’s store: two relays with SKIP LOCKED publish one aggregate out of order', () => {
    const r = run({ requests: 2, partitions: 2, consumer: billing, extraConsumers: [billing], pipeline: { kind: 'polling-relay', relays: [{ locking: 'skip-locked' }, { locking: 'skip-locked' }] } }, [perAggregateOrder, exactlyOnceEffect]);
    expect(violated(r)).toEqual(['per-aggregate-order']);
    expect(r.violations[0]!.reason).toMatch(/^consumer group billing applied acct-1#2 \(committed at LSN \d+\) before acct-1#1/);
  });

  it('names the instance in actions and draws one lane per instance', () => {
    const model = buildWorld(options(group), { name: 'groups', version: '1', properties: [] });
    expect(model.view!.lanes).toEqual(['Service', 'DB', 'WAL', 'Connector', 'Kafka', 'Consumer1', 'Consumer2']);
    const r = run({ ...group, budget: { consumerCrash: 1 } }, [exactlyOnceEffect]);
    const trace = r.violations[0]!.trace;
    const applies = trace.map((s) => s.action?.label ?? '').filter((l) => l.startsWith('ConsumerApply'));
    expect(applies.length).toBeGreaterThan(0);
    for (const l of applies) expect(l).toMatch(/^ConsumerApply\((consumer1, acct-1|consumer2, acct-2)#1\)$/);
    const said = model.view!.says(trace.at(-1)!.state);
    expect(said.Consumer1).toMatch(/^\w+ read \d\/0; group billing applied \[.*\] committed \d\/\d$/);
    expect(said.Consumer2).toMatch(/^\w+ read 0\/\d; group billing applied \[.*\] committed \d\/\d$/);
  });

  it('with a listen-to-yourself listener beside several instances, the listener’s group is said in the Service lane', () => {
    const model = buildWorld(options({ ...group, listener: true }), { name: 'groups', version: '1', properties: [] });
    const said = model.view!.says(model.initial()[0]!);
    expect(said.Service).toBe('svc1 idle; svc2 idle; listener applied [] committed 0/0');
    expect(said.Consumer1).toBe('idle read 0/0; group billing applied [] committed 0/0');
  });
});

describe('reasons that name the instance or group', () => {
  it('consumer-contract names the instance that read the bad record', () => {
    const base = buildWorld(options({ partitions: 2, consumer: billing, extraConsumers: [billing] }), { name: 'b', version: '1', properties: [] }).initial()[0]!;
    const topic = base.kafka.topics[0]!;
    const bad = { key: 'acct-2', id: 'e0', change: null, op: 'c' as const, value: { accountId: 'acct-2', amount: 0 } };
    const w: World = { ...base, kafka: { topics: [{ name: topic.name, partitions: [[], [bad]] }] }, consumers: [base.consumers[0]!, { ...base.consumers[1]!, positions: [0, 1] }] };
    const contract = consumerContract({ topic: topic.name, fields: ['accountId', 'balance'] });
    expect(contract.holds(w)).toBe(false);
    expect(contract.explain!(w)).toBe(`consumer2 read ${topic.name}[1]@0 (record e0) with fields accountId and amount; the contract is fields accountId and balance`);
  });
});

// The invariants are written for speed; here they are compared with their definitions written
// the plain way, on random worlds of several groups (and a listen-to-yourself group, which is
// not downstream and must be ignored).
describe('the effect invariants over several groups, against their plain definitions', () => {
  const ids = ['acct-1#1', 'acct-1#2', 'acct-2#1', 'acct-2#2'];
  const appliedArb = fc.array(fc.constantFrom(...ids), { maxLength: 6 });
  const committedArb = fc.uniqueArray(fc.record({ id: fc.constantFrom(...ids), lsn: fc.nat({ max: 30 }) }), { selector: (c) => c.id, maxLength: 4 });
  const worldOf = (stores: string[][], listener: string[], committed: { id: string; lsn: number }[]): World => {
    const base = buildWorld(options({}), { name: 'b', version: '1', properties: [] }).initial()[0]!;
    const groups: ConsumerGroupState[] = [...stores.map((applied, k) => ({ ...initialGroup(`g${k}`, 1, 'store'), applied })), { ...initialGroup('listener', 1, 'database'), applied: listener }];
    return { ...base, consumers: groups.map((_, k) => initialConsumer(1, k)), groups, ghost: { ...base.ghost, committed: committed.map((c): CommittedChange => ({ ...c, agg: c.id.split('#')[0]! })) } };
  };
  const inOrder = (applied: string[], committed: { id: string; lsn: number }[]) => {
    const lsn = new Map(committed.map((c) => [c.id, c.lsn]));
    const last = new Map<string, number>();
    for (const id of new Set(applied)) {
      const l = lsn.get(id);
      if (l === undefined) continue;
      const agg = id.split('#')[0]!;
      if ((last.get(agg) ?? -1) > l) return false;
      last.set(agg, l);
    }
    return true;
  };
  const stores = fc.array(appliedArb, { minLength: 1, maxLength: 3 });

  test.prop([stores, appliedArb, committedArb])('exactly-once-effect: no downstream store holds a change twice', (s, listener, committed) => {
    expect(exactlyOnceEffect.holds(worldOf(s, listener, committed))).toBe(s.every((a) => new Set(a).size === a.length));
  });

  test.prop([stores, appliedArb, committedArb])('at-least-once: every downstream store holds every committed change', (s, listener, committed) => {
    expect(atLeastOnce.holds(worldOf(s, listener, committed))).toBe(s.every((a) => committed.every((c) => a.includes(c.id))));
  });

  test.prop([stores, appliedArb, committedArb])('per-aggregate-order: every downstream store applies each aggregate in commit order', (s, listener, committed) => {
    expect(perAggregateOrder.holds(worldOf(s, listener, committed))).toBe(s.every((a) => inOrder(a, committed)));
  });

  test.prop([fc.array(fc.boolean(), { minLength: 1, maxLength: 4 }), fc.array(fc.nat({ max: 4 }), { minLength: 3, maxLength: 3 }), fc.boolean()])(
    'consumer-contract: every record below any downstream instance’s position keeps the contract; the listener’s reads do not count',
    (good, positions, listenerIsLast) => {
      const base = buildWorld(options({ partitions: 2 }), { name: 'b', version: '1', properties: [] }).initial()[0]!;
      const topic = base.kafka.topics[0]!;
      const log = good.map((ok, i) => ({ key: 'acct-1', id: `e${i}`, change: null, op: 'c' as const, value: (ok ? { accountId: 'acct-1', balance: 0 } : { accountId: 'acct-1', amount: 0 }) as Record<string, Value> }));
      const pos = positions.map((p) => Math.min(p, log.length));
      // Instances 1 and 2 share a group over partition 0; instance 3 is the listener, or a third downstream group.
      const groups = [initialGroup('billing', 1, 'store'), initialGroup('other', 1, listenerIsLast ? 'database' : 'store')];
      const consumers = [{ ...initialConsumer(1, 0), positions: [pos[0]!] }, { ...initialConsumer(1, 0), positions: [pos[1]!] }, { ...initialConsumer(1, 1), positions: [pos[2]!] }];
      const w: World = { ...base, kafka: { topics: [{ name: topic.name, partitions: [log] }] }, consumers, groups };
      const read = Math.max(pos[0]!, pos[1]!, listenerIsLast ? 0 : pos[2]!);
      expect(consumerContract({ topic: topic.name, fields: ['accountId', 'balance'] }).holds(w)).toBe(good.slice(0, read).every(Boolean));
    },
  );
});
