import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { TraceStep } from '../../src/engine/CheckResult.ts';
import { replayOutcome } from '../../src/index.ts';
import { parseTraceFile } from '../../src/report/TraceFile.ts';
import type { ConnectorConfig } from '../../models/pipeline/ConnectorConfig.ts';
import { getScenario } from '../../models/scenarios.ts';
import type { Action } from '../../models/world/Action.ts';
import type { World } from '../../models/world/World.ts';
import { FLUSH_NEVER_MS, FLUSH_OFTEN_MS, planRealReplay, RealReplayRefused } from './RealReplayPlan.ts';

/** The scenario's model, a lane function and its connector knobs. */
function setup(id: string) {
  const scenario = getScenario(id)!;
  const model = scenario.model('small');
  const pipeline = scenario.knobs.pipeline as { connector?: ConnectorConfig };
  return { model, lane: (a: Action) => model.view!.actor(a), connector: pipeline.connector ?? null };
}

/** A trace of `id` taking, at each step, the first enabled action whose label starts with the given text. */
function walk(id: string, labels: readonly string[]): TraceStep<World, Action>[] {
  const { model } = setup(id);
  let state = model.initial()[0]!;
  const steps: TraceStep<World, Action>[] = [{ action: null, state }];
  for (const label of labels) {
    const action = model.actions(state).find((a) => a.label.startsWith(label));
    if (action === undefined) throw new Error(`no ${label} among ${model.actions(state).map((a) => a.label).join(', ')}`);
    state = model.next(state, action);
    steps.push({ action, state });
  }
  return steps;
}

function refusal(id: string, labels: readonly string[]): RealReplayRefused {
  const { lane, connector } = setup(id);
  try {
    planRealReplay(walk(id, labels), lane, connector);
  } catch (e) {
    if (e instanceof RealReplayRefused) return e;
    throw e;
  }
  throw new Error('the trace was not refused');
}

const START = ['ConnectorStartSnapshot', 'ConnectorCompleteSnapshot', 'ServiceWriteWithOutbox', 'ServiceCommit', 'ConnectorReadWal'];

describe('planRealReplay: each model step at its real control point, or the trace refused at the step that has none', () => {
  it('errors.tolerance=all: the worker starts flushing every 500 ms, the failed record is oversized, the rest is done by the real connector itself', () => {
    const file = parseTraceFile(readFileSync(fileURLToPath(new URL('../../reports/errors-tolerance-all/no-silent-loss.json', import.meta.url)), 'utf8'));
    const { model, lane, connector } = setup('errors-tolerance-all');
    const plan = planRealReplay(replayOutcome(model, file['#meta'].replay).trace, lane, connector);
    // No crash or failing send is left, so the model commits the skipped record's offset in the
    // skip's own step (`eagerOffsetCommit`): the real worker must flush on its timer all the same.
    expect(plan.steps.map((s) => s?.kind ?? null)).toEqual([null, 'startWorker', 'byItself', 'database', 'database', 'byItself', 'sendFailsSkipped']);
    expect(plan.steps.map((s) => s?.commits ?? false)).toEqual([false, false, false, false, false, false, true]);
    expect(plan.steps[1]!.flushIntervalMs).toBe(FLUSH_OFTEN_MS);
    expect([...plan.oversized]).toEqual(['acct-1#1']);
  });

  it('consumer-commit-before: the consumer\'s steps run on the group consumer, each read naming the record the model reads', () => {
    const file = parseTraceFile(readFileSync(fileURLToPath(new URL('../../reports/consumer-commit-before/at-least-once.json', import.meta.url)), 'utf8'));
    const { model, lane, connector } = setup('consumer-commit-before');
    const trace = replayOutcome(model, file['#meta'].replay).trace;
    const plan = planRealReplay(trace, lane, connector, { commit: 'before', dedup: 'eventId' });
    const consumerSteps = plan.steps.flatMap((s, i) => (s !== null && s.kind.startsWith('consumer') ? [[trace[i]!.action!.label, s.kind, s.record ?? null]] : []));
    expect(consumerSteps).toEqual([
      ['ConsumerPollCommit(consumer, acct-1#1)', 'consumerRead', 'acct-1#1'],
      ['ConsumerApply(consumer, acct-1#1)', 'consumerApply', null],
      ['ConsumerPollCommit(consumer, acct-1#2)', 'consumerRead', 'acct-1#2'],
      ['CrashConsumer(consumer)', 'consumerCrash', null],
    ]);
    expect(plan.steps.filter((s) => s?.kind === 'consumerRead').every((s) => s!.apply === false)).toBe(true);
    expect(plan.consumer).toEqual({ commit: 'before', dedup: 'eventId' });
    // Without the consumer's knobs its steps have no control point.
    expect(() => planRealReplay(trace, lane, connector)).toThrow(/^step 7: ConsumerPollCommit\(consumer, acct-1#1\): a consumer whose knobs/);
  });

  it('commit after: a consumer\'s apply reads and applies in one step; a trace without consumer steps re-enacts no consumer', () => {
    const { lane, connector } = setup('outbox-cdc');
    const plan = planRealReplay(walk('outbox-cdc', [...START, 'BrokerAppend', 'ConsumerApply', 'ConsumerCommitOffset']), lane, connector, { commit: 'after', dedup: 'eventId' });
    expect(plan.steps.slice(-2).map((s) => [s!.kind, s!.apply ?? null, s!.record ?? null])).toEqual([['consumerRead', true, 'acct-1#1'], ['consumerCommit', null, null]]);
    expect(planRealReplay(walk('outbox-cdc', [...START, 'BrokerAppend']), lane, connector, { commit: 'after', dedup: 'eventId' }).consumer).toBeNull();
  });

  it('a worker run with no offset commit never flushes; the sent record is waited for in Kafka', () => {
    const { lane, connector } = setup('outbox-cdc');
    const plan = planRealReplay(walk('outbox-cdc', [...START, 'BrokerAppend', 'CrashConnector']), lane, connector);
    expect(plan.steps.map((s) => s?.kind ?? null)).toEqual([null, 'startWorker', 'byItself', 'database', 'database', 'byItself', 'awaitAppend', 'killWorker']);
    expect(plan.steps[1]!.flushIntervalMs).toBe(FLUSH_NEVER_MS);
  });

  it('refuses a lost acknowledgement, naming the step: the harness has no proxy to drop a response', () => {
    const e = refusal('outbox-cdc', [...START, 'LoseAck']);
    expect(e.step).toBe(6);
    expect(e.message).toMatch(/^step 6: LoseAck\(connector, acct-1#1\): a lost acknowledgement .* the harness has none$/);
  });

  it('refuses a crash between reading a change and sending it: the real connector cannot be held back', () => {
    const e = refusal('outbox-cdc', [...START, 'CrashConnector']);
    expect(e.step).toBe(6);
    expect(e.message).toContain("the model's connector has not yet sent every record it read");
  });

  it('refuses a record acknowledged after the run\'s last offset commit when the run then ends: the real timer would store it', () => {
    // An empty snapshot's completion is not committable: the run's offset commit follows the first streamed record.
    const e = refusal('outbox-cdc', [...START, 'BrokerAppend', 'ConnectCommitOffsets', 'ServiceWriteWithOutbox', 'ServiceCommit', 'ConnectorReadWal', 'BrokerAppend', 'CrashConnector']);
    expect(e.step).toBe(12);
    expect(e.message).toContain('after this worker run\'s last offset commit');
  });

  it('refuses a consumer step when the replay has no consumer knobs (a consumer variant, several instances, the service listening to itself)', () => {
    const e = refusal('outbox-cdc', [...START, 'BrokerAppend', 'ConsumerApply']);
    expect(e.step).toBe(7);
    expect(e.message).toMatch(/ConsumerApply\(consumer, acct-1#1\): a consumer whose knobs the replay was not given/);
  });
});
