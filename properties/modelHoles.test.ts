import { describe, expect, it } from 'vitest';
import { check } from '../src/engine/check.ts';
import { always, sometimes, type Property } from '../src/engine/Property.ts';
import { buildWorld } from '../models/world/buildWorld.ts';
import { builtinInvariants } from '../models/catalogue/builtinInvariants.ts';
import { debezium, tableCapture } from '../models/catalogue/ScenarioDef.ts';
import { outboxCdc } from '../models/strategies/outboxCdc.ts';
import { tableCdc } from '../models/strategies/tableCdc.ts';
import { defaultWorldOptions, type WorldOptions } from '../models/world/WorldOptions.ts';
import { allRecords, partitionFor } from '../models/world/kafka.ts';
import type { World } from '../models/world/World.ts';
import { exactlyOnceEffect } from './exactlyOnceEffect.ts';
import { perAggregateOrder } from './perAggregateOrder.ts';

/**
 * The holes a mutation campaign found in the model's tests (issue 16, "Holes in the model's
 * tests"): plausible bugs that only the recorded state counts and committed reports caught.
 * Each test here fails on its bug.
 */

function checkWith(options: WorldOptions, properties: Property<World>[]) {
  return check(buildWorld(options, { name: 'model-holes', version: '1', properties }), {});
}
const registered = (id: string, o: WorldOptions) => builtinInvariants.find((i) => i.id === id)!.property(o);
const actions = (trace: { action?: { label: string } | null }[]) => trace.flatMap((s) => (s.action ? [s.action.label] : []));

describe('a consumer crash redelivers what was applied but not committed', () => {
  // No dedup and one consumer crash: a crash between applying a record and committing its
  // offset makes the consumer read it again from the committed offset, and apply it twice.
  // Bugs this catches: a crash that keeps the in-memory position, and a commit-after consumer
  // that also commits in its apply step (both: no redelivery, exactly once "holds").
  const options: WorldOptions = { ...defaultWorldOptions, service: outboxCdc, pipeline: debezium({}), consumer: { commit: 'after', dedup: 'none' }, budget: { consumerCrash: 1 } };

  it('violates exactly-once in 8 steps: apply, crash before the commit, apply again', () => {
    const v = checkWith(options, [exactlyOnceEffect]).violations.find((x) => x.property === 'exactly-once-effect');
    expect(v).toBeDefined();
    const l = actions(v!.trace);
    expect(l).toHaveLength(8);
    expect(l.slice(-3)).toEqual(['ConsumerApply(consumer, acct-1#1)', 'CrashConsumer(consumer)', 'ConsumerApply(consumer, acct-1#1)']);
    expect(v!.trace.at(-1)!.state.groups[0]!.applied).toEqual(['acct-1#1', 'acct-1#1']);
  });
});

// A snapshot that includes the transaction committing exactly at its view LSN: the unit test
// in models/world/database.test.ts ('a snapshot view excludes the transaction committing exactly
// at its LSN'), and conformance/snapshotOnRestart.test.ts on the real server. Exported snapshots
// cannot reach the boundary (the slot waits for every writer), the READ COMMITTED redo can.

describe('the partition dimension', () => {
  it('one aggregate over 2 partitions: its events stay on its key\'s partition and in commit order', () => {
    // acct-1 hashes to partition 0, its eventIds acct-1#1 and acct-1#2 to partitions 1 and 0:
    // a partitioner keyed by anything but the aggregate would split them, and the consumer could
    // then read #2 first.
    expect(partitionFor('acct-1', 2)).toBe(0);
    expect(partitionFor('acct-1#1', 2)).not.toBe(partitionFor('acct-1#2', 2));
    const options: WorldOptions = { ...defaultWorldOptions, service: outboxCdc, requests: 2, partitions: 2, pipeline: debezium({ snapshotOrder: 'key' }), consumer: { commit: 'after', dedup: 'eventId' } };
    const r = checkWith(options, [
      perAggregateOrder,
      always('each aggregate on one partition', (w) => w.kafka.topics.every((t) => t.partitions.every((p, i) => p.every((x) => partitionFor(x.key, t.partitions.length) === i)))),
      sometimes('both events delivered', (w) => allRecords(w.kafka).length === 2),
    ]);
    expect(r.violations.map((v) => v.property)).toEqual([]);
  });

  it('the consumer contract is checked on every partition: a rename that only reaches partition 2 of 3 is found', () => {
    // acct-1 hashes to partition 2 of 3: every event is there, none in partition 0.
    expect(partitionFor('acct-1', 3)).toBe(2);
    const options: WorldOptions = {
      ...defaultWorldOptions,
      service: tableCdc,
      partitions: 3,
      pipeline: debezium(tableCapture),
      consumer: { commit: 'after', dedup: 'eventId' },
      schemaChange: { table: 'account', from: 'balance', to: 'amount' },
      budget: { schemaChange: 1 },
    };
    const v = checkWith(options, [registered('consumer-contract', options)]).violations.find((x) => x.property === 'consumer-contract');
    expect(v?.reason).toMatch(/^the consumer read dbserver1\.public\.account\[2\]@\d+ \(record .*\) with fields amount and id/);
  });
});
