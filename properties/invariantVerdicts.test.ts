import { describe, expect, it } from 'vitest';
import { buildScenario } from '../models/scenarios.ts';
import type { KafkaRecord } from '../models/world/kafka.ts';
import type { ConsumerGroupState, World } from '../models/world/World.ts';
import { atLeastOnce } from './atLeastOnce.ts';
import { consumerContract } from './consumerContract.ts';
import { exactlyOnceEffect } from './exactlyOnceEffect.ts';
import { noLostEvents } from './noLostEvents.ts';
import { noPhantomEvents } from './noPhantomEvents.ts';
import { noSilentLoss } from './noSilentLoss.ts';
import { perAggregateOrder } from './perAggregateOrder.ts';
import { reach, reachability } from './reachability.ts';
import { snapshotStreamConsistency } from './snapshotStreamConsistency.ts';

// Each invariant judged on small worlds built by hand: the situations its definition names (a
// change that did and one that did not reach Kafka, a group that is not downstream, a second
// application, a snapshot's view), with the verdict and the reason the definition gives.

/** The initial world of `outbox-cdc`: one service, one connector, one consumer in one group. */
const base = (): World => structuredClone(buildScenario('outbox-cdc').initial()[0]!) as World;

const record = (change: string | null, id = change ?? 'acct-1@1', value: KafkaRecord['value'] = { accountId: 'acct-1', balance: 1 }): KafkaRecord => ({
  key: 'acct-1',
  id,
  change,
  op: 'c',
  value,
});

/** `w` with the change ids `ids` committed at LSNs 4, 6, 8, … and `log` as its topic's one partition. */
function world(ids: string[], log: KafkaRecord[] = []): World {
  const w = base();
  w.ghost.committed = ids.map((id, i) => ({ id, agg: id.split('#')[0]!, lsn: 4 + 2 * i }));
  w.kafka.topics[0]!.partitions = [log];
  return w;
}

const group = (name: string, applied: string[], sink: ConsumerGroupState['sink'] = 'store'): ConsumerGroupState => ({ name, sink, committed: [0], applied, dedup: [] });

describe('no-lost-events', () => {
  it('holds when every committed change has a record in Kafka, and names only the changes that have none', () => {
    expect(noLostEvents.holds(world([]))).toBe(true);
    expect(noLostEvents.holds(world(['acct-1#1'], [record('acct-1#1')]))).toBe(true);
    const w = world(['acct-1#1', 'acct-1#2'], [record(null), record('acct-1#1')]);
    expect(noLostEvents.holds(w)).toBe(false);
    expect(noLostEvents.explain!(w)).toBe('acct-1#2 committed at LSN 6; no record in Kafka has eventId acct-1#2 (Kafka holds seed row acct-1@1 and acct-1#1)');
  });

  it('names every lost change, joined with "or" in the list of eventIds', () => {
    const w = world(['acct-1#1', 'acct-2#1']);
    expect(noLostEvents.explain!(w)).toBe('acct-1#1 committed at LSN 4 and acct-2#1 committed at LSN 6; no record in Kafka has eventId acct-1#1 or acct-2#1 (Kafka holds no record)');
    expect(noLostEvents.explain!(world(['acct-1#1'], [record('acct-1#1')]))).toBeUndefined();
  });
});

describe('no-phantom-events', () => {
  it('holds for seed rows and committed changes, and fails for a record whose change never committed', () => {
    expect(noPhantomEvents.holds(world(['acct-1#1'], [record(null), record('acct-1#1')]))).toBe(true);
    const w = world(['acct-1#1'], [record('acct-1#1'), record('acct-1#2'), record('acct-1#2', 'again')]);
    expect(noPhantomEvents.holds(w)).toBe(false);
    // Both records of the phantom change are placed; the change itself is named once.
    expect(noPhantomEvents.explain!(w)).toBe(
      'Kafka holds eventId acct-1#2 at outbox.event.Account[0]@1 and eventId acct-1#2 at outbox.event.Account[0]@2, but acct-1#2 never committed (committed: acct-1#1)',
    );
    expect(noPhantomEvents.explain!(world(['acct-1#1'], [record(null), record('acct-1#1')]))).toBeUndefined();
  });
});

describe('at-least-once', () => {
  it('asks every downstream group, not the service\'s own listener, and names the group that missed', () => {
    const w = world(['acct-1#1', 'acct-1#2']);
    w.groups = [group('consumer', ['acct-1#1', 'acct-1#2']), group('listener', [], 'database'), group('audit', ['acct-1#1'])];
    expect(atLeastOnce.holds(w)).toBe(false);
    expect(atLeastOnce.explain!(w)).toBe('acct-1#2 committed at LSN 6; consumer group audit never applied it (applied: acct-1#1)');
    // Two downstream applications of one instance each: still the group is named.
    w.consumers = [w.consumers[0]!, { ...w.consumers[0]!, group: 2 }];
    expect(atLeastOnce.explain!(w)).toBe('acct-1#2 committed at LSN 6; consumer group audit never applied it (applied: acct-1#1)');
    w.groups[2]!.applied = ['acct-1#2', 'acct-1#1'];
    expect(atLeastOnce.holds(w)).toBe(true);
    expect(atLeastOnce.explain!(w)).toBeUndefined();
  });

  it('names the group when its instances are several, and "the consumer" beside the listener', () => {
    const w = world(['acct-1#1']);
    // The listener's group and its instance do not make the one downstream consumer less alone.
    w.groups = [group('consumer', []), group('listener', ['acct-1#1'], 'database')];
    w.consumers = [w.consumers[0]!, { ...w.consumers[0]!, group: 1 }];
    expect(atLeastOnce.explain!(w)).toBe('acct-1#1 committed at LSN 4; the consumer never applied it (applied: none)');
    // Two instances of the one downstream group: the group is named.
    w.groups = [group('consumer', [])];
    w.consumers = [w.consumers[0]!, { ...w.consumers[0]!, group: 0 }];
    expect(atLeastOnce.explain!(w)).toBe('acct-1#1 committed at LSN 4; consumer group consumer never applied it (applied: none)');
  });

  it('says "them" for several changes, and "the consumer" for the one consumer of the one group', () => {
    const w = world(['acct-1#1', 'acct-2#1']);
    expect(atLeastOnce.holds(w)).toBe(false);
    expect(atLeastOnce.explain!(w)).toBe('acct-1#1 committed at LSN 4 and acct-2#1 committed at LSN 6; the consumer never applied them (applied: none)');
  });
});

describe('exactly-once-effect', () => {
  it('counts applications per downstream group, not in the listener\'s database', () => {
    const w = world(['acct-1#1']);
    w.groups = [group('consumer', ['acct-1#1']), group('listener', ['acct-1#1', 'acct-1#1'], 'database')];
    expect(exactlyOnceEffect.holds(w)).toBe(true);
    expect(exactlyOnceEffect.explain!(w)).toBeUndefined();
  });

  it('fails at a second application, even far from the first, and counts a third', () => {
    const w = world(['acct-1#1', 'acct-1#2']);
    w.groups = [group('consumer', ['acct-1#1', 'acct-1#2', 'acct-1#1'])];
    expect(exactlyOnceEffect.holds(w)).toBe(false);
    expect(exactlyOnceEffect.explain!(w)).toBe('the consumer applied acct-1#1 twice (applied: acct-1#1, acct-1#2 and acct-1#1)');
    w.groups = [group('consumer', ['acct-1#1']), group('audit', ['acct-1#2', 'acct-1#2', 'acct-1#2'])];
    expect(exactlyOnceEffect.holds(w)).toBe(false);
    expect(exactlyOnceEffect.explain!(w)).toBe('consumer group audit applied acct-1#2 3 times (applied: acct-1#2, acct-1#2 and acct-1#2)');
  });
});

describe('per-aggregate-order', () => {
  it('judges each downstream group, and names the pair of the group that reordered', () => {
    const w = world(['acct-1#1', 'acct-1#2']);
    w.groups = [group('consumer', ['acct-1#1', 'acct-1#2']), group('listener', ['acct-1#2', 'acct-1#1'], 'database')];
    expect(perAggregateOrder.holds(w)).toBe(true);
    expect(perAggregateOrder.explain!(w)).toBeUndefined();
    w.groups.push(group('audit', ['acct-1#2', 'acct-1#1']));
    expect(perAggregateOrder.holds(w)).toBe(false);
    expect(perAggregateOrder.explain!(w)).toBe(
      'consumer group audit applied acct-1#2 (committed at LSN 6) before acct-1#1 (committed at LSN 4), both of aggregate acct-1; the database committed them in the other order',
    );
  });
});

describe('consumer-contract', () => {
  const contract = consumerContract({ topic: 'outbox.event.Account', fields: ['accountId', 'balance'] });
  const bad = record('acct-1#2', 'bad', { accountId: 'acct-1', amount: 1 });

  it('judges what downstream consumers read, not the listener, and names the instance that read it', () => {
    const w = world(['acct-1#1', 'acct-1#2'], [record('acct-1#1'), bad]);
    w.groups = [group('consumer', []), group('listener', [], 'database')];
    w.consumers = [
      { ...w.consumers[0]!, positions: [1] },
      { ...w.consumers[0]!, group: 1, positions: [2] },
    ];
    expect(contract.holds(w)).toBe(true);
    expect(contract.explain!(w)).toBeUndefined();
    // Instances are numbered among all consumers, the listener's included.
    w.consumers.push({ ...w.consumers[0]!, positions: [2] });
    expect(contract.holds(w)).toBe(false);
    expect(contract.explain!(w)).toBe(
      'consumer3 read outbox.event.Account[0]@1 (record bad) with fields accountId and amount; the contract is fields accountId and balance',
    );
  });

  it('says "the consumer" when the only other instance is the listener\'s', () => {
    const w = world(['acct-1#1'], [bad]);
    w.groups = [group('consumer', []), group('listener', [], 'database')];
    w.consumers = [{ ...w.consumers[0]!, positions: [1] }, { ...w.consumers[0]!, group: 1, positions: [1] }];
    expect(contract.explain!(w)).toBe('the consumer read outbox.event.Account[0]@0 (record bad) with fields accountId and amount; the contract is fields accountId and balance');
  });

  it('refuses a tombstone even under a contract of no fields', () => {
    const none = consumerContract({ topic: 'outbox.event.Account', fields: [] });
    const w = world([], [record(null, 'empty', {})]);
    w.consumers[0]!.positions = [1];
    expect(none.holds(w)).toBe(true);
    w.kafka.topics[0]!.partitions = [[record(null, 'gone', null)]];
    expect(none.holds(w)).toBe(false);
  });

  it('names a tombstone, and judges a log again once it has grown', () => {
    const w = world(['acct-1#1']);
    w.consumers[0]!.positions = [1];
    w.kafka.topics[0]!.partitions = [[record('acct-1#1', 'gone', null)]];
    expect(contract.holds(w)).toBe(false);
    expect(contract.explain!(w)).toBe('the consumer read outbox.event.Account[0]@0 (record gone) with no value (a tombstone); the contract is fields accountId and balance');
    // A new list (an append) is judged afresh, while the first one keeps its verdict.
    const first = [record('acct-1#1')];
    w.kafka.topics[0]!.partitions = [first];
    expect(contract.holds(w)).toBe(true);
    const grown = [...first, bad];
    w.kafka.topics[0]!.partitions = [grown];
    w.consumers[0]!.positions = [2];
    expect(contract.holds(w)).toBe(false);
    w.kafka.topics[0]!.partitions = [first];
    w.consumers[0]!.positions = [1];
    expect(contract.holds(w)).toBe(true);
    w.kafka.topics[0]!.partitions = [grown];
    w.consumers[0]!.positions = [2];
    expect(contract.holds(w)).toBe(false);
    // A record with a field too many breaks the contract as well.
    w.kafka.topics[0]!.partitions = [[record('acct-1#1', 'wide', { accountId: 'acct-1', balance: 1, extra: 0 })]];
    w.consumers[0]!.positions = [1];
    expect(contract.holds(w)).toBe(false);
  });
});

describe('snapshot-stream-consistency', () => {
  // The seed's change at LSN 1 (committed at 2), and a change at LSN 3 committed at 4.
  const withChange = (): World => {
    const w = base();
    w.db.wal.push({ xid: 2, commitLsn: 4, changes: [{ lsn: 3, table: 'account', op: 'u', pk: 'acct-1', after: { id: 'acct-1', balance: 1 }, tag: null }] });
    return w;
  };
  const property = snapshotStreamConsistency(['account']);

  it('holds when every captured change was streamed or is below a completed snapshot\'s view', () => {
    const w = withChange();
    w.ghost.stream!.streamed = [1, 3];
    expect(property.holds(w)).toBe(true);
    w.ghost.stream!.streamed = [3];
    w.ghost.stream!.snapshot = 3;
    expect(property.holds(w)).toBe(true);
    w.ghost.stream!.streamed = [];
    w.ghost.stream!.snapshot = 5;
    expect(property.holds(w)).toBe(true);
    expect(property.explain!(w)).toBeUndefined();
  });

  it('fails for a change neither streamed nor below a view, at the view itself too, and names it', () => {
    const w = withChange();
    w.ghost.stream!.streamed = [1];
    w.ghost.stream!.snapshot = 4;
    expect(property.holds(w)).toBe(false);
    expect(property.explain!(w)).toBe(
      'the account acct-1 change at LSN 3 (xid 2, committed at LSN 4) was neither streamed nor read by a snapshot (the highest view of a completed snapshot: LSN 4; streamed: LSN 1)',
    );
    w.ghost.stream!.snapshot = null;
    w.ghost.stream!.streamed = [];
    expect(property.holds(w)).toBe(false);
    expect(property.explain!(w)).toBe(
      'the account acct-1 change at LSN 1 (xid 1, committed at LSN 2) and the account acct-1 change at LSN 3 (xid 2, committed at LSN 4) were neither streamed nor read by a snapshot (no snapshot completed; nothing streamed)',
    );
  });

  it('judges only the captured tables', () => {
    const w = withChange();
    expect(snapshotStreamConsistency(['outbox']).holds(w)).toBe(true);
    expect(snapshotStreamConsistency([]).explain!(w)).toBeUndefined();
  });
});

describe('no-silent-loss', () => {
  it('holds when one task of several has failed, or when every committed change is in Kafka', () => {
    const w = world(['acct-1#1', 'acct-1#2'], [record('acct-1#1')]);
    w.connectors = [{ ...w.connectors[0]!, at: 'streaming' }, { ...w.connectors[0]!, at: 'failed' }];
    expect(noSilentLoss.holds(w)).toBe(true);
    w.connectors[1]!.at = 'stopped';
    expect(noSilentLoss.holds(w)).toBe(false);
    expect(noSilentLoss.explain!(w)).toBe('acct-1#2 is not in Kafka, and no connector task failed to say so (tasks: streaming, stopped; Kafka holds acct-1#1)');
    w.kafka.topics[0]!.partitions = [[record('acct-1#1'), record('acct-1#2')]];
    expect(noSilentLoss.holds(w)).toBe(true);
  });

  it('says "are" for several missing changes, and lists the tasks and what Kafka holds', () => {
    const w = world(['acct-1#1', 'acct-1#2'], [record(null)]);
    expect(noSilentLoss.holds(w)).toBe(false);
    expect(noSilentLoss.explain!(w)).toBe('acct-1#1 and acct-1#2 are not in Kafka, and no connector task failed to say so (tasks: starting; Kafka holds seed row acct-1@1)');
    w.connectors = [];
    expect(noSilentLoss.explain!(w)).toBe('acct-1#1 and acct-1#2 are not in Kafka, and no connector task failed to say so (tasks: none; Kafka holds seed row acct-1@1)');
    w.ghost.committed = [];
    expect(noSilentLoss.explain!(w)).toBeUndefined();
  });
});

describe('reachability', () => {
  it('asks for an applied event and for each fault the budget allows, with an event when there are several requests', () => {
    const w = base();
    const alone = reachability({ serviceCrash: 1, slotLoss: 0 }, false);
    expect(alone.map((p) => [p.name, p.kind])).toEqual([
      ['sometimes: an event is applied', 'sometimes'],
      ['sometimes: serviceCrash injected', 'sometimes'],
    ]);
    const paired = reachability({ serviceCrash: 1, slotLoss: 0 }, true);
    expect(paired.map((p) => p.name)).toEqual(['sometimes: an event is applied', 'sometimes: serviceCrash injected and an event applied']);
    w.budget = { ...w.budget, serviceCrash: 1 };
    expect(alone.map((p) => p.holds(w))).toEqual([false, false]);
    w.budget = { ...w.budget, serviceCrash: 0 };
    expect(alone.map((p) => p.holds(w))).toEqual([false, true]);
    expect(paired[1]!.holds(w)).toBe(false);
    w.groups[0]!.applied = ['acct-1#1'];
    expect(alone.map((p) => p.holds(w))).toEqual([true, true]);
    expect(paired[1]!.holds(w)).toBe(true);
    w.budget = { ...w.budget, serviceCrash: 1 };
    expect(paired[1]!.holds(w)).toBe(false);
  });

  it('names a situation to reach', () => {
    const p = reach('two consumers', (w) => w.consumers.length === 2);
    expect([p.name, p.kind, p.holds(base())]).toEqual(['sometimes: two consumers', 'sometimes', false]);
  });
});
