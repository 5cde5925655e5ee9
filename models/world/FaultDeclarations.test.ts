import { setup } from 'xstate';
import { describe, expect, it } from 'vitest';
import { check } from '../../src/engine/check.ts';
import { exactlyOnceEffect } from '../../properties/exactlyOnceEffect.ts';
import { debezium, strategyScenario } from '../catalogue/ScenarioDef.ts';
import { RegistryError } from '../RegistryError.ts';
import { scenariosFrom } from '../scenarios.ts';
import { outboxCdc } from '../strategies/outboxCdc.ts';
import type { ActorVariant } from './ActorVariant.ts';
import { buildWorld, initialBudget } from './buildWorld.ts';
import { consumerActions, type ConsumerEvent } from './consumer.ts';
import { budgetOf } from './FaultDeclarations.ts';
import { canSpend, spend } from './internal/spend.ts';
import type { ConsumerState, World } from './World.ts';
import { defaultWorldOptions, type WorldOptions } from './WorldOptions.ts';

/**
 * A consumer variant that declares a fault of its own, in one place, as an extension would in
 * its own file: an operator resets the consumer group's offsets to the earliest
 * (`kafka-consumer-groups --reset-offsets --to-earliest`) while the consumer is idle.
 */
const resettable: ActorVariant<ConsumerState> = {
  machine: setup({ types: { events: {} as ConsumerEvent | { type: 'RESET_OFFSETS' } }, actions: { ...consumerActions, resetOffsets: () => {} } }).createMachine({
    id: 'consumer-resettable',
    initial: 'idle',
    states: {
      idle: { on: { APPLY: { target: 'processed', actions: 'apply' }, RESET_OFFSETS: { target: 'idle', actions: 'resetOffsets' } } },
      processed: { on: { COMMIT: { target: 'idle', actions: 'commitOffset' }, CRASH: { target: 'idle', actions: 'crash' } } },
    },
  }),
  effects: {
    resetOffsets(w, c) {
      const group = w.groups[c.group]!;
      c.positions = c.positions.map(() => 0);
      group.committed = group.committed.map(() => 0);
      spend(w, 'offsetReset');
    },
  },
  enabled: { RESET_OFFSETS: (w, c) => (canSpend(w, 'offsetReset') && w.groups[c.group]!.committed.some((o) => o > 0) ? [0] : []) },
  verbs: { RESET_OFFSETS: 'OperatorResetOffsets' },
  faults: ['RESET_OFFSETS'],
  budgets: { offsetReset: "an operator resets the consumer group's offsets to the earliest" },
};

const options = (o: Partial<WorldOptions>): WorldOptions => ({ ...defaultWorldOptions, service: outboxCdc, pipeline: debezium({}), ...o });
const exactlyOnce = (o: Partial<WorldOptions>) => check(buildWorld(options(o), { name: 'reset', version: '1', properties: [exactlyOnceEffect] }), {});

describe('open fault budgets', () => {
  it('gives the world an entry for every declared fault, the built-in ones and a variant’s own, at 0 unless the budget says otherwise', () => {
    expect(initialBudget('s', options({ budget: { network: 1 } }))).toEqual({ serviceCrash: 0, commitFail: 0, network: 1, connectorCrash: 0, consumerCrash: 0, schemaChange: 0, slotLoss: 0 });
    expect(initialBudget('s', options({ budget: { offsetReset: 2 }, variants: { consumer: resettable } }))).toMatchObject({ offsetReset: 2, consumerCrash: 0 });
  });

  it('lets the search inject a fault a variant declares: an offset reset replays an applied event, and only when the budget allows it', () => {
    const r = exactlyOnce({ budget: { offsetReset: 1 }, variants: { consumer: resettable } });
    const v = r.violations.find((x) => x.property === 'exactly-once-effect')!;
    expect(v.trace.map((s) => s.action?.label).filter((l) => l?.startsWith('OperatorResetOffsets'))).toEqual(['OperatorResetOffsets(consumer)']);
    expect(v.trace.at(-1)!.state.budget.offsetReset).toBe(0);
    expect(exactlyOnce({ budget: {}, variants: { consumer: resettable } }).violations).toEqual([]);
    // Deduplication by eventId survives the replay: the fault is the only way to a second application.
    expect(exactlyOnce({ budget: { offsetReset: 1 }, consumer: { commit: 'after', dedup: 'eventId' }, variants: { consumer: resettable } }).violations).toEqual([]);
  });

  it('rejects a budget naming a fault no actor of the world declares, saying which faults exist', () => {
    expect(() => buildWorld(options({ budget: { offsetReset: 1 } }), { name: 'no-variant', version: '1', properties: [] })).toThrow(
      new RegistryError("scenario 'no-variant': budget names fault 'offsetReset', which no actor of its world declares (declared: serviceCrash, commitFail, network, connectorCrash, consumerCrash, schemaChange, slotLoss)"),
    );
    const def = strategyScenario(outboxCdc, { 'exactly-once-effect': 'holds' }, { pipeline: debezium({}), budget: { conectorCrash: 1 } }, { id: 'typo' });
    expect(() => scenariosFrom([def])).toThrow(RegistryError);
    expect(() => scenariosFrom([def])).toThrow("scenario 'typo': budget names fault 'conectorCrash'");
  });

  it('rejects an amount that is not a whole number from 0', () => {
    expect(() => budgetOf('s', { crash: 'a crash' }, { crash: -1 })).toThrow("scenario 's': budget of fault 'crash' is -1; give a whole number from 0");
    expect(() => budgetOf('s', { crash: 'a crash' }, { crash: 0.5 })).toThrow(RegistryError);
  });

  it('refuses to guard or spend a fault nobody declared, instead of disabling it silently', () => {
    const w = { budget: { network: 1 } } as unknown as World;
    expect(canSpend(w, 'network')).toBe(true);
    expect(() => canSpend(w, 'offsetReset')).toThrow("fault 'offsetReset' is not declared by any actor of this world (declared: network)");
    expect(() => spend(w, 'offsetReset')).toThrow(/not declared/);
  });
});
