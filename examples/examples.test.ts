import { describe, expect, it } from 'vitest';
import { check } from '../src/engine/check.ts';
import { always, sometimes } from '../src/engine/Property.ts';
import type { CheckResult } from '../src/engine/CheckResult.ts';
import { allRecords } from '../models/world/kafka.ts';
import { scenariosFrom } from '../models/scenarios.ts';
import type { Action } from '../models/world/Action.ts';
import type { World } from '../models/world/World.ts';
import { runScenario } from '../src/cli/runScenario.ts';
import { outcomeOf } from '../src/report/VerdictRow.ts';
import { exampleDefs } from './exampleDefs.ts';
import { currentDebezium } from '../models/pipeline/DebeziumVersion.ts';

const examples = scenariosFrom(exampleDefs);
const results = new Map<string, CheckResult<World, Action>>();
const result = (id: string) => {
  if (!results.has(id)) results.set(id, check(examples.find((s) => s.id === id)!.model(), {}));
  return results.get(id)!;
};
const lastState = (id: string, property: string) => result(id).violations.find((v) => v.property === property)!.trace.at(-1)!.state;

describe.each(examples.map((s) => [s.id, s] as const))('example %s', (id, scenario) => {
  it('reaches exactly its expected verdicts, and every sometimes check, exhaustively', () => {
    const r = result(id);
    expect(r.status).not.toBe('incomplete');
    const violated = new Set(r.violations.map((v) => v.property));
    expect(Object.fromEntries(Object.keys(scenario.expected).map((p) => [p, violated.has(p) ? 'violated' : 'holds']))).toEqual(scenario.expected);
    expect(r.violations.filter((v) => v.kind === 'sometimes').map((v) => v.property)).toEqual([]);
  });
});

describe('a custom invariant, violated in one scenario and holding in another', () => {
  it('has a row in each scenario, as the verdict matrix, the reports and --json show it', () => {
    for (const [id, verdict] of [['example-idempotent-no-duplicates', 'holds'], ['example-restart-duplicates', 'violated']] as const) {
      const run = runScenario(examples.find((s) => s.id === id)!, { mode: 'exhaustive', scope: 'small' });
      const row = run.rows.find((r) => r.property === 'no-duplicate-records')!;
      expect(row).toMatchObject({ kind: 'invariant', expected: verdict, status: verdict });
      expect(outcomeOf(row)).toBe(verdict === 'holds' ? 'holds' : 'violated-as-expected');
    }
  });

  it('is violated by a replay after a connector crash: one event id twice in Kafka', () => {
    const last = lastState('example-restart-duplicates', 'no-duplicate-records');
    const ids = allRecords(last.kafka).map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length - 1);
    expect(last.budget.connectorCrash).toBe(0);
  });
});

describe('a connector variant that confirms the slot on every acknowledged record', () => {
  const labels = (id: string, property: string) => result(id).violations.find((v) => v.property === property)!.trace.slice(1).map((s) => s.action!.label);

  it('loses the record whose send failed: a later one was acknowledged and confirmed, then a crash resumed from the slot', () => {
    const l = labels('example-confirm-on-ack', 'no-lost-events');
    const failed = l.findIndex((x) => x.startsWith('FailSend(connector'));
    const lost = /FailSend\(connector, (acct-\d#\d)\)/.exec(l[failed]!)![1]!;
    const laterAck = l.findIndex((x, i) => i > failed && x.startsWith('BrokerAppendAck(connector') && !x.includes(lost));
    const crash = l.findIndex((x, i) => i > laterAck && x.startsWith('CrashConnector'));
    expect(failed).toBeGreaterThanOrEqual(0);
    expect(laterAck).toBeGreaterThan(failed);
    expect(crash).toBeGreaterThan(laterAck);
    const last = lastState('example-confirm-on-ack', 'no-lost-events');
    expect(allRecords(last.kafka).some((r) => r.change === lost)).toBe(false);
    expect(last.db.slots[0]!.confirmedLsn).toBeGreaterThan(last.ghost.committed.find((c) => c.id === lost)!.lsn);
  });

  it('is the variant that loses it: the same world with the kind’s own connector loses nothing', () => {
    const def = exampleDefs.find((d) => d.id === 'example-confirm-on-ack')!;
    const { variants: _, ...old } = def.options;
    // The kind's own connector as Debezium runs it today (the example pins 2.5.4, before DBZ-7461).
    const plain = { ...old, pipeline: old.pipeline.kind === 'debezium' ? { ...old.pipeline, connector: { ...old.pipeline.connector, version: currentDebezium } } : old.pipeline };
    const [own] = scenariosFrom([{ ...def, id: 'plain-connector', options: plain, reach: [] }]);
    const r = check(own!.model(), {});
    expect(r.violations.filter((v) => v.kind !== 'sometimes').map((v) => v.property)).toEqual([]);
  });

  it('runs its own machine, named in the trace and the scenario machines', () => {
    const scenario = examples.find((s) => s.id === 'example-confirm-on-ack')!;
    expect(scenario.machines().connector!.id).toBe('connector-confirm-on-ack');
    expect(scenario.knobs.connectorVariant).toBe('connector-confirm-on-ack');
  });
});

describe('a consumer that deduplicates by a per-aggregate version number', () => {
  it('skips an older event that reached Kafka after a newer one of its aggregate was applied', () => {
    const last = lastState('example-version-dedup', 'at-least-once');
    const applied = last.groups[0]!.applied;
    const skipped = last.ghost.committed.find((c) => !applied.includes(c.id))!;
    expect(allRecords(last.kafka).some((r) => r.change === skipped.id)).toBe(true);
    const newer = last.ghost.committed.find((c) => c.agg === skipped.agg && c.lsn > skipped.lsn)!;
    expect(applied).toContain(newer.id);
  });

  it('trades at-least-once for order: the same world with eventId dedup applies every event, out of order', () => {
    const def = exampleDefs.find((d) => d.id === 'example-version-dedup')!;
    const { variants: _, ...plain } = def.options;
    const [byEventId] = scenariosFrom([{ ...def, id: 'eventid-dedup', options: { ...plain, consumer: { commit: 'after', dedup: 'eventId' } }, expected: { ...def.expected, 'at-least-once': 'holds', 'per-aggregate-order': 'violated' } }]);
    const r = check(byEventId!.model(), {});
    expect(r.violations.filter((v) => v.kind !== 'sometimes').map((v) => v.property)).toEqual(['per-aggregate-order']);
  });
});

describe('two relays polling one outbox, with and without SKIP LOCKED', () => {
  const labels = (id: string, property: string) => result(id).violations.find((v) => v.property === property)!.trace.slice(1).map((s) => s.action!.label);

  it('with a plain SELECT, both relays take the same row and it is in Kafka twice', () => {
    const l = labels('example-two-relays', 'exactly-once-effect');
    const row = /^RelayPoll\(relay1, (.+)\)$/.exec(l.find((x) => x.startsWith('RelayPoll(relay1'))!)![1]!;
    expect(l).toContain(`RelayPoll(relay2, ${row})`);
    const last = lastState('example-two-relays', 'exactly-once-effect');
    expect(allRecords(last.kafka).filter((r) => r.change === row)).toHaveLength(2);
  });

  it('with SKIP LOCKED, the second relay skips the row the first holds, and publishes the later change first', () => {
    const l = labels('example-two-relays-skip-locked', 'per-aggregate-order');
    const polls = l.filter((x) => x.startsWith('RelayPoll'));
    expect(polls.map((x) => x.replace(/relay\d/, 'relay'))).toEqual(['RelayPoll(relay, acct-1#1)', 'RelayPoll(relay, acct-1#2)']);
    expect(new Set(polls.map((x) => /relay\d/.exec(x)![0])).size).toBe(2);
    const last = lastState('example-two-relays-skip-locked', 'per-aggregate-order');
    expect(allRecords(last.kafka).map((r) => r.change)).toEqual(['acct-1#2', 'acct-1#1']);
  });

  it('with SKIP LOCKED, no two relays ever hold one row', () => {
    const scenario = examples.find((s) => s.id === 'example-two-relays-skip-locked')!;
    const model = scenario.model();
    const oneHolder = always<World>('one holder per row', (w) => w.relays[0]!.row === null || w.relays[0]!.row !== w.relays[1]!.row);
    expect(check({ ...model, properties: [oneHolder] }, {}).status).toBe('ok');
  });

  it('shows one lane per relay instance, each saying what it holds', () => {
    const model = examples.find((s) => s.id === 'example-two-relays')!.model();
    expect(model.view!.lanes).toEqual(['Service', 'DB', 'WAL', 'Connector', 'Relay1', 'Relay2', 'Kafka', 'Consumer']);
    const trace = result('example-two-relays').violations[0]!.trace;
    const said = model.view!.says(trace.at(-1)!.state);
    expect(said.Relay1).toMatch(/^\w+/);
    expect(said.Relay2).toMatch(/^\w+/);
  });
});

describe('two connectors tailing one outbox into two topics', () => {
  it('each on its own slot: both slots exist, each connector its own lane, and both topics get every event', () => {
    const scenario = examples.find((s) => s.id === 'example-two-connectors')!;
    const model = scenario.model();
    expect(model.view!.lanes).toEqual(['Service', 'DB', 'WAL', 'Connector1', 'Connector2', 'Kafka', 'Consumer']);
    const twoSlots = sometimes<World>('both slots exist', (w) => w.db.slots.map((s) => s.name).join() === 'audit,debezium');
    expect(check({ ...model, properties: [twoSlots] }, {}).status).toBe('ok');
    expect(model.actions(model.initial()[0]!).map((a) => a.label)).toEqual(expect.arrayContaining(['ConnectorStartSnapshot(connector1)', 'ConnectorStartSnapshot(connector2)']));
    expect(model.initial()[0]!.kafka.topics.map((t) => t.name)).toEqual(['outbox.event.Account', 'audit.event.Account']);
  });

  it('on one shared slot, one connector confirms a change the other has not read, and the other, starting after it, resumes past it', () => {
    const last = lastState('example-two-connectors-shared-slot', 'every-topic-has-every-event');
    expect(last.db.slots.map((s) => s.name)).toEqual(['debezium']);
    const missing = last.kafka.topics.filter((t) => !last.ghost.committed.every((c) => t.partitions.flat().some((r) => r.change === c.id)));
    expect(missing).toHaveLength(1);
    const behind = last.kafka.topics.indexOf(missing[0]!);
    const lost = last.ghost.committed.find((c) => !missing[0]!.partitions.flat().some((r) => r.change === c.id))!;
    expect(last.db.slots[0]!.confirmedLsn).toBeGreaterThan(lost.lsn);
    expect(last.connectors[behind]!.pos.commitLsn).toBeGreaterThan(lost.lsn);
    const l = result('example-two-connectors-shared-slot').violations.find((v) => v.property === 'every-topic-has-every-event')!.trace.slice(1).map((s) => s.action!.label);
    // The other connector confirmed the slot before the one behind started streaming from it.
    const confirm = l.findIndex((x) => x.startsWith(`ConnectCommitOffsets(connector${2 - behind},`) && x.includes('confirms the slot'));
    expect(confirm).toBeGreaterThanOrEqual(0);
    expect(l.findIndex((x, i) => i > confirm && x.startsWith(`ConnectorStartStreaming(connector${behind + 1})`))).toBeGreaterThan(confirm);
  });
});

describe('two consumers in one group over two partitions', () => {
  it('mid rolling upgrade: the instance without dedup crashes before the group commits, and applies its partition’s event again', () => {
    const l = result('example-consumer-group-rolling-upgrade').violations.find((v) => v.property === 'exactly-once-effect')!.trace.slice(1).map((s) => s.action!.label);
    expect(l.filter((x) => x.startsWith('ConsumerApply'))).toEqual(['ConsumerApply(consumer2, acct-2#1)', 'ConsumerApply(consumer2, acct-2#1)']);
    expect(l.indexOf('CrashConsumer(consumer2)')).toBe(l.indexOf('ConsumerApply(consumer2, acct-2#1)') + 1);
    const last = lastState('example-consumer-group-rolling-upgrade', 'exactly-once-effect');
    expect(last.groups.map((g) => g.name)).toEqual(['billing']);
    expect(last.groups[0]!.applied).toEqual(['acct-2#1', 'acct-2#1']);
  });

  it('reads acct-1 through consumer1 and acct-2 through consumer2 only, one lane each', () => {
    const model = examples.find((s) => s.id === 'example-consumer-group')!.model();
    expect(model.view!.lanes).toEqual(['Service', 'DB', 'WAL', 'Connector', 'Kafka', 'Consumer1', 'Consumer2']);
    const apart = always<World>('each instance on its own partition, its aggregate only', (w) => w.consumers[0]!.positions[1] === 0 && w.consumers[1]!.positions[0] === 0);
    const both = sometimes<World>('the group applied both aggregates', (w) => [...w.groups[0]!.applied].sort().join() === 'acct-1#1,acct-2#1');
    expect(check({ ...model, properties: [apart, both] }, {}).status).toBe('ok');
  });
});
