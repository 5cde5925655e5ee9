import { describe, expect, it } from 'vitest';
import { check } from '../../src/engine/check.ts';
import { serviceSetup } from '../strategies/internal/serviceSetup.ts';
import { buildWorld } from '../world/buildWorld.ts';
import { expectedProperties } from '../scenarios.ts';
import { outboxCdc } from '../strategies/outboxCdc.ts';
import { debezium, strategyScenario } from './ScenarioDef.ts';

/** A strategy written the way the README shows: one machine over the service vocabulary. */
const commitWithoutOutbox = serviceSetup.createMachine({
  id: 'commit-and-forget',
  description: 'Commit the business row and publish nothing: every event is lost.',
  initial: 'idle',
  states: {
    idle: { on: { WRITE: { target: 'inTxn', actions: 'beginWrite' } } },
    inTxn: { on: { COMMIT: { target: 'idle', actions: ['commit', 'finish'] } } },
  },
});

describe('strategyScenario', () => {
  it('turns one machine and one line into a checkable catalogue entry', () => {
    const def = strategyScenario(commitWithoutOutbox, { 'no-lost-events': 'violated', 'no-phantom-events': 'holds' });
    expect(def).toMatchObject({ id: 'commit-and-forget', title: 'Commit the business row and publish nothing: every event is lost.' });
    const properties = expectedProperties(def, def.options);
    const r = check(buildWorld(def.options, { name: def.id, version: '1', properties }), {});
    expect(r.violations.map((v) => v.property)).toEqual(['no-lost-events']);
    expect(r.status).toBe('violated');
  });
});

describe('a scenario from an existing strategy with only knobs changed', () => {
  it('is one line with its own id, title and explanation, and the knobs over the defaults', () => {
    const def = strategyScenario(outboxCdc, { 'exactly-once-effect': 'violated' }, { requests: 2, pipeline: debezium({}), budget: { connectorCrash: 1 } }, { id: 'outbox-cdc-replay', title: 'A replay applies twice', explanation: 'No dedup, so a connector restart applies an event twice.' });
    expect(def).toMatchObject({ id: 'outbox-cdc-replay', title: 'A replay applies twice', explanation: 'No dedup, so a connector restart applies an event twice.', expected: { 'exactly-once-effect': 'violated' } });
    expect(def.options).toMatchObject({ service: outboxCdc, requests: 2, aggregates: 1, consumer: { dedup: 'none' }, budget: { connectorCrash: 1 } });
    const r = check(buildWorld(def.options, { name: def.id, version: '1', properties: expectedProperties(def, def.options) }), {});
    expect(r.violations.map((v) => v.property)).toEqual(['exactly-once-effect']);
  });
});
