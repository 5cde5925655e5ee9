import { setup } from 'xstate';
import { describe, expect, it } from 'vitest';
import { check } from '../../src/engine/check.ts';
import { always, sometimes } from '../../src/engine/Property.ts';
import { outboxCdc } from '../strategies/outboxCdc.ts';
import { withVariant, type ActorVariant } from './ActorVariant.ts';
import { buildWorld } from './buildWorld.ts';
import { consumerDef } from './consumer.ts';
import type { ConsumerState, World } from './World.ts';
import { defaultWorldOptions } from './WorldOptions.ts';
import { debezium } from '../catalogue/ScenarioDef.ts';

const consumer = consumerDef({ topic: 't', partitions: 1, commit: 'after', dedup: 'none', sink: 'store', name: 'consumer' }, 0);
const mine = (w: World) => w.consumers[0]!;

describe('withVariant', () => {
  it('refuses a machine event outside the kind’s vocabulary that the variant gives no guard', () => {
    const machine = setup({ types: { events: {} as { type: 'APPLY' } | { type: 'REWIND' } }, actions: { apply: () => {}, rewind: () => {} } }).createMachine({
      id: 'rewinding-consumer',
      initial: 'idle',
      states: { idle: { on: { APPLY: { actions: 'apply' }, REWIND: { actions: 'rewind' } } } },
    });
    const variant: ActorVariant<ConsumerState> = { machine, effects: { rewind: (_w, c) => void (c.positions = c.positions.map(() => 0)) } };
    expect(() => withVariant(consumer, variant, mine)).toThrow("rewinding-consumer: event REWIND is not in the consumer's vocabulary (APPLY, COMMIT, POLL, CRASH); declare when it is enabled in the variant's `enabled`");
    const guarded = withVariant(consumer, { ...variant, enabled: { REWIND: () => [0] }, verbs: { REWIND: 'ConsumerRewind' } }, mine);
    expect(guarded.machine).toBe(machine);
    expect(guarded.verbs.REWIND).toBe('ConsumerRewind');
    expect(Object.keys(guarded.effects)).toContain('rewind');
  });

  it('runs the variant’s machine and its new effect in the world, on the instance’s own record and its group’s store', () => {
    // A consumer that applies and commits in one step: the effect names both kind effects.
    const machine = setup({ types: { events: {} as { type: 'APPLY' } }, actions: { apply: () => {}, commitOffset: () => {}, countApplied: () => {} } }).createMachine({
      id: 'apply-and-commit',
      initial: 'idle',
      states: { idle: { on: { APPLY: { actions: ['apply', 'commitOffset', 'countApplied'] } } } },
    });
    const counted: ActorVariant<ConsumerState> = { machine, effects: { countApplied: (w, c) => void (w.groups[c.group]!.dedup = [String(w.groups[c.group]!.applied.length)]) } };
    const options = { ...defaultWorldOptions, service: outboxCdc, requests: 2, pipeline: debezium({}), variants: { consumer: counted } };
    const committedWithApplied = always<World>('committed offset equals applied count', (w) => w.groups[0]!.committed[0] === w.groups[0]!.applied.length && (w.groups[0]!.applied.length === 0 || w.groups[0]!.dedup[0] === String(w.groups[0]!.applied.length)));
    const r = check(buildWorld(options, { name: 'v', version: '1', properties: [committedWithApplied, sometimes<World>('both applied', (w) => w.groups[0]!.applied.length === 2)] }), {});
    expect(r.status).toBe('ok');
  });
});
