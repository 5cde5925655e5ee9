import { describe, expect, it } from 'vitest';
import { stableKey } from '../../src/engine/stableKey.ts';
import { scenarioDefs } from '../scenarioDefs.ts';
import { buildScenario } from '../scenarios.ts';
import { createDatabase } from './database.ts';
import type { Model } from '../../src/engine/Model.ts';
import type { Action } from './Action.ts';
import type { World } from './World.ts';
import { reachableWorlds as reachable } from '../internal/reachableWorlds.ts';

/** `model` with its initial database decoding the WAL, as a world with a connector has it. */
function keepingWal(model: Model<World, Action>): Model<World, Action> {
  const decoded = (w: World) => ({ ...w, db: createDatabase(w.db.tables.map((t) => ({ name: t.name, columns: t.columns, rows: t.rows })), true) });
  return { ...model, initial: () => model.initial().map(decoded) };
}

/** `w` as the same world without a WAL: what a state of `keepingWal` stands for. */
const withoutWal = (w: World): World => ({ ...w, db: { ...w.db, decoded: false, wal: [] } });

/** The state `labels` lead to from the initial one, each the label of an enabled action. */
function walk(model: Model<World, Action>, labels: readonly string[]): World {
  let state = model.initial()[0]!;
  for (const label of labels) {
    const action = model.actions(state).find((a) => model.formatAction!(a) === label);
    if (!action) throw new Error(`${label} is not enabled; enabled: ${model.actions(state).map((a) => model.formatAction!(a)).join(', ')}`);
    state = model.next(state, action);
  }
  return state;
}

// Two services write, in either order, then commit in the same order: only the WAL tells the
// two runs apart (the xids and the LSNs of the changes; each commit's LSN is the same).
const w1 = 'ServiceWriteWithOutbox(svc1, acct-1#1)';
const w2 = 'ServiceWriteWithOutbox(svc2, acct-2#1)';
const commits = ['ServiceCommit(svc1, acct-1#1)', 'ServiceCommit(svc2, acct-2#1)'];
const oneFirst = [w1, w2, ...commits];
const twoFirst = [w2, w1, ...commits];

describe('the world\'s WAL', () => {
  it('is not kept without a connector: the order of two writes leaves no trace', () => {
    const model = buildScenario('polling-publisher', { aggregates: 2, requests: 1 });
    const a = walk(model, oneFirst);
    const b = walk(model, twoFirst);
    expect(a.db.decoded).toBe(false);
    expect(a.db.wal).toEqual([]);
    expect(model.view!.says(a).WAL).toBe('not kept (no connector)');
    expect(a.db.tables).toEqual(b.db.tables);
    expect(stableKey(a)).toBe(stableKey(b));
  });

  it('is kept with a connector, which reads the LSNs of the changes', () => {
    const model = buildScenario('outbox-cdc', { aggregates: 2, requests: 1 });
    const a = walk(model, oneFirst);
    const b = walk(model, twoFirst);
    expect(a.db.decoded).toBe(true);
    expect(model.view!.says(a).WAL).toMatch(/^3 txns /);
    const lsns = (w: World) => w.db.wal.slice(1).map((t) => t.changes.map((c) => c.lsn));
    expect(lsns(a)).toEqual([[3, 4], [5, 6]]);
    expect(lsns(b)).toEqual([[5, 6], [3, 4]]);
    expect(stableKey(a)).not.toBe(stableKey(b));
  });

  it('is kept without a connector when asked (keepWal), for a replay on PostgreSQL', () => {
    const a = walk(buildScenario('polling-publisher', { aggregates: 2, requests: 1, keepWal: true }), oneFirst);
    expect(a.db.decoded).toBe(true);
    expect(a.db.wal.map((t) => t.xid)).toEqual([1, 2, 3]);
  });

  // Nothing in a world without a connector reads the WAL, so not keeping it only merges states:
  // the same worlds are reached, and every property answers alike in a state with its WAL and
  // without it.
  const connectorless = scenarioDefs.filter((d) => d.options.pipeline.kind !== 'debezium');
  it.each(connectorless.map((d) => d.id))('merges only states that differ in the WAL alone: %s at two aggregates of one request', (id) => {
    const model = buildScenario(id, { aggregates: 2, requests: 1 });
    const without = reachable(model);
    const kept = reachable(keepingWal(model));
    expect([...kept.values()][0]!.db.wal.length).toBeGreaterThan(0);
    expect(new Set([...kept.values()].map((w) => stableKey(withoutWal(w))))).toEqual(new Set(without.keys()));
    for (const w of kept.values())
      for (const p of model.properties) expect([p.name, p.holds(withoutWal(w))]).toEqual([p.name, p.holds(w)]);
  });
});
