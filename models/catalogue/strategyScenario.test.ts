import { describe, expect, it } from 'vitest';
import { check } from '../../src/engine/check.ts';
import { serviceSetup } from '../strategies/internal/serviceSetup.ts';
import { buildWorld } from '../world/buildWorld.ts';
import { invariantProperty } from '../scenarios.ts';
import type { InvariantId } from '../Scenario.ts';
import { strategyScenario } from './ScenarioDef.ts';

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
    const properties = (Object.keys(def.expected) as InvariantId[]).map((i) => invariantProperty(i, def.options));
    const r = check(buildWorld(def.options, { name: def.id, version: '1', properties }), {});
    expect(r.violations.map((v) => v.property)).toEqual(['no-lost-events']);
    expect(r.status).toBe('violated');
  });
});
