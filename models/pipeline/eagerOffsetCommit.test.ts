import { describe, expect, it } from 'vitest';
import { check } from '../../src/engine/check.ts';
import type { Model } from '../../src/engine/Model.ts';
import { always } from '../../src/engine/Property.ts';
import { stableKey } from '../../src/engine/stableKey.ts';
import type { Action } from '../world/Action.ts';
import type { Effect } from '../world/ActorDef.ts';
import { buildWorld, connectorsOf } from '../world/buildWorld.ts';
import type { World } from '../world/World.ts';
import type { WorldOptions } from '../world/WorldOptions.ts';
import { getScenario, worldOptionsOf } from '../scenarios.ts';
import { scenarioDefs } from '../scenarioDefs.ts';
import { connectProducer, defaultConnector } from './ConnectorConfig.ts';
import { connectorContext } from './ConnectorContext.ts';
import { connectorMachine } from './connectorMachine.ts';
import { initialConnector, type Pending } from './ConnectorState.ts';
import { eagerOffsetCommit, noTaskStartLeft } from './eagerOffsetCommit.ts';
import { offsetCommit } from './offsetCommit.ts';

const config = defaultConnector;
const settledOf = noTaskStartLeft([config]);
const world = (budget: Record<string, number>, at = 'streaming', tries = 0): World => {
  const c = { ...initialConnector(), at };
  const p: Pending = { topic: 't', record: { key: 'k', id: 'k#1', change: 'k#1', op: 'c', value: null }, seq: 0, offset: { commitLsn: 4, lsn: 3, lastCommitLsn: null, snapshot: false }, tries };
  c.buffer = [p];
  return { connectors: [c], budget: { connectorCrash: 0, slotLoss: 0, network: 0, ...budget } } as unknown as World;
};

describe('noTaskStartLeft: when no connector task can start again', () => {
  it('needs no crash or slot loss left, and no task starting', () => {
    expect(settledOf(world({}))).toBe(true);
    expect(settledOf(world({ connectorCrash: 1 }))).toBe(false);
    expect(settledOf(world({ slotLoss: 1 }))).toBe(false);
    expect(settledOf(world({}, 'starting'))).toBe(false);
  });

  it('counts a send that can still fail the task: tries plus the network faults left past the retries', () => {
    const twoRetries = noTaskStartLeft([{ ...config, producer: { ...connectProducer, retries: 2 } }]);
    // Two faults retry the record twice; the third fails the task.
    expect(twoRetries(world({ network: 3 }))).toBe(false);
    expect(twoRetries(world({ network: 2 }))).toBe(true);
    expect(twoRetries(world({ network: 1 }, 'streaming', 2))).toBe(false);
    expect(twoRetries(world({ network: 1 }, 'streaming', 1))).toBe(true);
    // Connect's default retries never run out; errors.tolerance=all skips the record instead.
    expect(settledOf(world({ network: 5 }))).toBe(true);
    expect(noTaskStartLeft([{ ...config, errorsTolerance: 'all', producer: { ...connectProducer, retries: 0 } }])(world({ network: 1 }))).toBe(true);
    expect(noTaskStartLeft([{ ...config, producer: { ...connectProducer, retries: 0 } }])(world({ network: 1 }))).toBe(false);
  });
});

describe('eagerOffsetCommit', () => {
  const ctx = connectorContext(config, 0);
  const oc = offsetCommit(ctx);
  const ack: Effect = (w) => void (w.connectors[0]!.acked = { commitLsn: 6, lsn: 5, lastCommitLsn: null, snapshot: false });
  const run = (effects: Readonly<Record<string, Effect>>, w: World) => {
    w.db = { tables: [], txns: [], decoded: true, wal: [], nextXid: 2, nextLsn: 9, slots: [{ name: 'debezium', consistentLsn: 3, confirmedLsn: 3 }] };
    effects.ack!(w, 0, 0, w);
    return w;
  };

  it('commits after a step once no task can start, and leaves the timer to do it before', () => {
    const effects = eagerOffsetCommit({ ack }, ctx, oc, settledOf, []);
    const settled = run(effects, world({}));
    expect(settled.connectors[0]!.stored).toEqual(settled.connectors[0]!.acked);
    // The commit confirms the slot at the stored change (no lsn_commit yet), as the timer's would.
    expect(settled.db.slots[0]!.confirmedLsn).toBe(5);
    const timer = run(effects, world({ connectorCrash: 1 }));
    expect(timer.connectors[0]!.stored).toBeNull();
    expect(timer.db.slots[0]!.confirmedLsn).toBe(3);
  });

  it('commits nothing after an effect that is not the last of its step, nor under exactly-once source', () => {
    expect(run(eagerOffsetCommit({ ack }, ctx, oc, settledOf, ['ack']), world({})).connectors[0]!.stored).toBeNull();
    const effects = { ack };
    expect(eagerOffsetCommit(effects, connectorContext({ ...config, exactlyOnceSource: true }, 0), oc, settledOf, [])).toBe(effects);
    // Before DBZ-7816 the slot follows lastOffsets, so where it ends depends on when commits came.
    expect(eagerOffsetCommit(effects, connectorContext({ ...config, version: '2.6.1' }, 0), oc, settledOf, [])).toBe(effects);
  });

  it('is told every effect that is followed by another in a step of the connector\'s machine', () => {
    // The connector passes `['appendHead']`: that must be exactly the effects that are not last.
    const notLast = new Set<string>();
    const visit = (node: { on?: Record<string, { actions?: string | string[] }>; states?: Record<string, unknown> }) => {
      for (const t of Object.values(node.on ?? {})) {
        const actions = t.actions === undefined ? [] : Array.isArray(t.actions) ? t.actions : [t.actions];
        actions.slice(0, -1).forEach((a) => notLast.add(a));
        if (actions.length > 0) expect(actions.at(-1)).not.toBe('appendHead');
      }
      for (const s of Object.values(node.states ?? {})) visit(s as typeof node);
    };
    visit(connectorMachine.config as Parameters<typeof visit>[0]);
    expect([...notLast]).toEqual(['appendHead']);
  });
});

/**
 * The world of `options` as it was before the commit at once: the connector with a variant that
 * is its own machine, so the world gives it no `settled`.
 */
function timerDriven(options: WorldOptions, properties: Model<World, Action>['properties']) {
  return buildWorld({ ...options, variants: { ...options.variants, connector: { machine: connectorMachine } } }, { name: 'timer', version: '1', properties });
}

/** Every state `model` reaches, by stable key, each made canonical by `canon`. */
function reachable(model: (props: Model<World, Action>['properties']) => Model<World, Action>, canon: (w: World) => World = (w) => w): Set<string> {
  const seen = new Set<string>();
  const r = check(model([always<World>('collect', (w) => (seen.add(stableKey(canon(w))), true))]), { maxStates: 200_000 });
  expect(r.status).toBe('ok');
  return seen;
}

describe('eagerOffsetCommit is sound: it only merges states the timer told apart', () => {
  // Every catalogue scenario with a Debezium connector and no variant of it, at the default scope,
  // but the largest: slot-lost-when-needed-crash (134,004 states unreduced, a minute here) adds
  // only a connector crash to slot-lost-when-needed, which is in.
  const ids = scenarioDefs.filter((d) => worldOptionsOf(d).pipeline.kind === 'debezium' && !worldOptionsOf(d).variants?.connector && d.id !== 'slot-lost-when-needed-crash').map((d) => d.id);

  it.each(ids)('%s: its states are the timer-driven world\'s, each with the commit made where no task can start', (id) => {
    const options = worldOptionsOf(scenarioDefs.find((d) => d.id === id)!);
    const configs = connectorsOf(options);
    const settled = noTaskStartLeft(configs);
    const commits = configs.map((c, k) => offsetCommit(connectorContext(c, k, options.partitions)));
    const eager = configs.map((c, k) => !c.exactlyOnceSource && connectorContext(c, k).fixed7816);
    const canon = (w: World): World => {
      if (!settled(w)) return w;
      const copy = structuredClone(w);
      commits.forEach((oc, k) => eager[k] && oc.canCommit(copy.connectors[k]!) && oc.commitOffsets(copy));
      return copy;
    };
    // The scenario's invariants answer alike before and after the commit made at once. One
    // reads the stored offsets and the slot (offsets-wait-for-unacknowledged), but the commit only
    // moves them up to the acknowledged prefix, which never passes a record still pending.
    const invariants = getScenario(id)!.model().properties.filter((p) => p.kind === 'always' || p.kind === 'atQuiescence');
    const differ: string[] = [];
    const alike = (w: World): World => {
      const c = canon(w);
      if (c !== w) for (const p of invariants) if (p.holds(w) !== p.holds(c)) differ.push(p.name);
      return c;
    };
    const timer = reachable((properties) => timerDriven(options, properties), alike);
    expect([...new Set(differ)], 'invariants the commit changes').toEqual([]);
    const now = reachable((properties) => buildWorld(options, { name: 'eager', version: '1', properties }));
    expect([...now].filter((k) => !timer.has(k)), 'states only the eager world reaches').toEqual([]);
    expect([...timer].filter((k) => !now.has(k)), 'canonical states the eager world misses').toEqual([]);
  });

  it('merges states in the scenarios with a connector crash, and settled, once true, stays true', () => {
    const options = worldOptionsOf(scenarioDefs.find((d) => d.id === 'snapshot-crash')!);
    const settled = noTaskStartLeft(connectorsOf(options));
    let model!: Model<World, Action>;
    let checked = 0;
    const stays = always<World>('settled stays settled', (w) => {
      if (!settled(w)) return true;
      checked++;
      return model.actions(w).every((a) => settled(model.next(w, a)));
    });
    model = timerDriven(options, [stays]);
    const timer = check(model, {});
    expect(timer.status).toBe('ok');
    expect(checked).toBeGreaterThan(100);
    const eager = check(buildWorld(options, { name: 'eager', version: '1', properties: [] }), {});
    expect(eager.stats.states).toBeLessThan(timer.stats.states);
  });
});
