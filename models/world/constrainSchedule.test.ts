import { describe, expect, it } from 'vitest';
import { check } from '../../src/engine/check.ts';
import { always, sometimes } from '../../src/engine/Property.ts';
import { noLostEvents } from '../../properties/noLostEvents.ts';
import { debezium } from '../catalogue/ScenarioDef.ts';
import { RegistryError } from '../RegistryError.ts';
import { outboxCdc } from '../strategies/outboxCdc.ts';
import { buildWorld } from './buildWorld.ts';
import type { ScheduleRule } from './constrainSchedule.ts';
import type { World } from './World.ts';
import { defaultWorldOptions, type WorldOptions } from './WorldOptions.ts';

// An outbox whose rows are deleted in the transaction that inserts them: a snapshot finds it
// empty, so a change committed before the slot exists is never captured.
const deleting: WorldOptions = { ...defaultWorldOptions, service: outboxCdc, requests: 2, deleteAfterInsert: true, pipeline: debezium({}) };
const slotFirst = always<World>('no service acts before the slot exists', (w) => w.db.slots.length > 0 || w.services.every((s) => s.at === 'idle' && s.next === 0 && s.xid === null));
const commits = sometimes<World>('sometimes: a change commits', (w) => w.ghost.committed.length === 2);

function run(schedule: readonly ScheduleRule[]) {
  return check(buildWorld({ ...deleting, schedule }, { name: 'schedule', version: '1', properties: [noLostEvents, slotFirst, commits] }), {});
}

describe("the schedule rule 'slot-before-first-write'", () => {
  it('without it, a change written before the slot exists is lost', () => {
    const r = run([]);
    expect(r.violations.map((v) => v.property).sort()).toEqual(['no service acts before the slot exists', 'no-lost-events']);
  });

  it('with it, no service acts before the slot exists, both changes still commit, and nothing is lost', () => {
    const r = run(['slot-before-first-write']);
    expect(r.status).toBe('ok');
    expect(r.violations).toEqual([]);
  });

  it('is refused without a connector to create the slot', () => {
    const direct = { ...deleting, pipeline: { kind: 'none' as const }, schedule: ['slot-before-first-write' as const] };
    expect(() => buildWorld(direct, { name: 'x', version: '1', properties: [] })).toThrow(RegistryError);
  });
});
