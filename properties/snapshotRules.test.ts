import { describe, expect, it } from 'vitest';
import { check } from '../src/engine/check.ts';
import type { Model } from '../src/engine/Model.ts';
import { stableKey } from '../src/engine/stableKey.ts';
import type { Action } from '../models/world/Action.ts';
import { always, sometimes, type Property } from '../src/engine/Property.ts';
import { buildWorld } from '../models/world/buildWorld.ts';
import { getScenario, worldOptionsOf } from '../models/scenarios.ts';
import { scenarioDefs } from '../models/scenarioDefs.ts';
import { allRecords } from '../models/world/kafka.ts';
import type { World } from '../models/world/World.ts';
import type { WorldOptions } from '../models/world/WorldOptions.ts';
import type { ConnectorState } from '../models/pipeline/ConnectorState.ts';
import { snapshotStreamConsistency } from './snapshotStreamConsistency.ts';
import { exhaustive, indexOf, labels } from './internal/checkScenario.ts';

/** A scenario's world at `scope`, with `change` applied to its options. */
function world(id: string, scope: 'small' | 'medium' = 'small', change: (o: WorldOptions) => WorldOptions = (o) => o): WorldOptions {
  return change(worldOptionsOf(scenarioDefs.find((d) => d.id === id)!, { scope }));
}

/** The exhaustive check of `options` against `properties` alone. */
function checkWith(options: WorldOptions, properties: Property<World>[]) {
  return check(buildWorld(options, { name: 'snapshot-rules', version: '1', properties }), {});
}

const pending = (c: ConnectorState) => [...c.buffer, ...c.inflight];

describe('the snapshot reads rows in heap order (no ORDER BY)', () => {
  it('the search reads the later outbox row of an aggregate first, and the consumer applies the two out of commit order', () => {
    const l = labels(exhaustive('outbox-snapshot-heap-order'), 'per-aggregate-order');
    const second = indexOf(l, /^ConnectorReadRow\(connector, acct-1#2\)/);
    expect(second).toBeGreaterThanOrEqual(0);
    expect(indexOf(l, /^ConnectorReadRow\(connector, acct-1#1\)/, second)).toBeGreaterThan(second);
  });

  it('with an ordered SELECT (key order) the snapshot never reads acct-1#2 before acct-1#1', () => {
    const r = checkWith(world('outbox-snapshot-ordered-select'), [
      always('reads-in-key-order', (w) => {
        const reads = allRecords(w.kafka).filter((x) => x.op === 'r').map((x) => x.change);
        return !(reads.indexOf('acct-1#2') >= 0 && reads.indexOf('acct-1#1') > reads.indexOf('acct-1#2'));
      }),
      sometimes('both rows are read', (w) => allRecords(w.kafka).filter((x) => x.op === 'r').length === 2),
    ]);
    expect(r.violations.map((v) => v.property)).toEqual([]);
  });
});

describe('streaming starts while snapshot records are still in flight', () => {
  const options = world('outbox-snapshot-heap-order', 'small', (o) => ({ ...o, budget: { connectorCrash: 1 } }));

  it('the connector reaches streaming with snapshot records not yet sent', () => {
    const r = checkWith(options, [sometimes('streaming with an r record pending', (w) => w.connectors[0]!.at === 'streaming' && pending(w.connectors[0]!).some((p) => p.record.op === 'r'))]);
    expect(r.violations).toEqual([]);
  });

  it('the offset that says the snapshot completed is never stored while a snapshot record is unacknowledged, so a crash then loses nothing', () => {
    const r = checkWith(options, [
      always('completion stored only after the snapshot records', (w) => {
        const c = w.connectors[0]!;
        return c.stored === null || c.stored.snapshot || !pending(c).some((p) => p.record.op === 'r');
      }),
      snapshotStreamConsistency(['outbox']),
    ]);
    expect(r.violations.map((v) => `${v.property}: ${v.reason ?? ''}`)).toEqual([]);
  });
});

describe('a snapshot redone while the slot exists runs READ COMMITTED, its LSN read before its data', () => {
  // The account table, one connector crash mid-snapshot: the snapshot is redone on the slot
  // the first attempt created.
  const r = () =>
    checkWith(world('snapshot-crash'), [
      sometimes('a redone snapshot reads a commit at or above its start LSN', (w) => {
        const c = w.connectors[0]!;
        return w.budget.connectorCrash === 0 && c.at === 'snapshotting' && c.view !== null && c.start !== null && w.db.wal.some((t) => t.commitLsn >= c.start! && t.commitLsn < c.view!);
      }),
      always('the first snapshot reads as of its start (the slot\'s exported snapshot)', (w) => {
        const c = w.connectors[0]!;
        return w.budget.connectorCrash === 0 || c.at !== 'snapshotting' || c.view === c.start;
      }),
      snapshotStreamConsistency(['account']),
    ]);

  it('the first snapshot reads exactly as of the slot\'s consistent point; a commit can land between the redone snapshot\'s LSN and its SELECT, and is read as r and streamed again: no gap', () => {
    expect(r().violations.map((v) => v.property)).toEqual([]);
  });
});

describe('what only the snapshot reads is reset when it ends', () => {
  it('outside snapshotting the connector keeps no view, start LSN or rows read, so states that differ only there are one state', () => {
    const idle = always<World>('snapshot fields reset', (w) => w.connectors.every((c) => c.at === 'snapshotting' || (c.view === null && c.start === null && c.cursor === 0)));
    const reached = sometimes<World>('streams after a snapshot that read rows', (w) => w.connectors[0]!.at === 'streaming' && w.ghost.stream!.snapshot !== null && allRecords(w.kafka).length > 0);
    for (const id of ['outbox-cdc', 'snapshot-handover-legacy', 'snapshot-crash']) {
      const r = checkWith(world(id), [idle, reached]);
      expect(r.status, id).toBe('ok');
    }
  });

  it('is sound: outside snapshotting no step reads them, so a state with other values there has the same actions, successors and verdicts', () => {
    // What makes the reset a reduction and not a change of behaviour: in every reachable state,
    // the connectors out of a snapshot are given other values of the three fields, and the world
    // must act alike (the fields themselves aside, which a successor keeps or resets).
    const stale = (w: World): World => ({ ...w, connectors: w.connectors.map((c) => (c.at === 'snapshotting' ? c : { ...c, view: 7, start: 5, cursor: 3 })) });
    const comparable = (w: World) => stableKey(stale(w));
    for (const id of ['snapshot-crash', 'snapshot-handover-legacy', 'dbz-7816-no-data-delete']) {
      const invariants = getScenario(id)!.model().properties;
      let model!: Model<World, Action>;
      let compared = 0;
      const alike = always<World>('fields read only while snapshotting', (w) => {
        const other = stale(w);
        if (stableKey(other) === stableKey(w)) return true;
        compared++;
        const mine = model.actions(w);
        const theirs = model.actions(other);
        if (stableKey(mine.map((a) => a.label)) !== stableKey(theirs.map((a) => a.label))) return false;
        if (invariants.some((p) => p.holds(w) !== p.holds(other))) return false;
        return mine.every((a, i) => comparable(model.next(w, a)) === comparable(model.next(other, theirs[i]!)));
      });
      model = buildWorld(world(id), { name: 'snapshot-fields', version: '1', properties: [alike] });
      expect(check(model, {}).status, id).toBe('ok');
      expect(compared, id).toBeGreaterThan(100);
    }
  });
});

describe('the ghost keeps only the highest view of a completed snapshot', () => {
  it('a step changes it only to a higher view, and a snapshot redone (after a crash, or a lost slot) raises it', () => {
    for (const id of ['snapshot-crash', 'slot-lost-when-needed']) {
      let model!: Model<World, Action>;
      let raised = 0;
      const highest = always<World>('only ever raised', (w) => model.actions(w).every((a) => {
        const next = model.next(w, a).ghost.stream!.snapshot;
        if (next === w.ghost.stream!.snapshot) return true;
        if (w.ghost.stream!.snapshot !== null) raised++;
        return next !== null && (w.ghost.stream!.snapshot === null || next > w.ghost.stream!.snapshot);
      }));
      model = buildWorld(world(id), { name: 'ghost-view', version: '1', properties: [highest] });
      expect(check(model, {}).status, id).toBe('ok');
      expect(raised, id).toBeGreaterThan(0);
    }
  });

  it('is sound: no step reads it, so a state with another view there has the same actions and successors', () => {
    const other = (w: World): World => ({ ...w, ghost: { ...w.ghost, stream: { ...w.ghost.stream!, snapshot: w.ghost.stream!.snapshot === null ? 1 : null } } });
    const masked = (w: World) => stableKey({ ...w, ghost: { ...w.ghost, stream: { ...w.ghost.stream!, snapshot: null } } });
    for (const id of ['snapshot-crash', 'outbox-cdc', 'table-cdc']) {
      let model!: Model<World, Action>;
      let compared = 0;
      const alike = always<World>('the view is read by no step', (w) => {
        const o = other(w);
        compared++;
        const mine = model.actions(w);
        const theirs = model.actions(o);
        if (stableKey(mine.map((a) => a.label)) !== stableKey(theirs.map((a) => a.label))) return false;
        return mine.every((a, i) => masked(model.next(w, a)) === masked(model.next(o, theirs[i]!)));
      });
      model = buildWorld(world(id), { name: 'ghost-view', version: '1', properties: [alike] });
      expect(check(model, {}).status, id).toBe('ok');
      expect(compared, id).toBeGreaterThan(100);
    }
  });
});

describe('initial_only creates no slot', () => {
  it('snapshots, stops, and no replication slot ever exists', () => {
    const r = checkWith(world('snapshot-mode-initial-only'), [
      always('no slot', (w) => w.db.slots.length === 0),
      sometimes('the snapshot completed and the task stopped', (w) => w.connectors[0]!.at === 'stopped' && w.ghost.stream!.snapshot !== null),
    ]);
    expect(r.violations).toEqual([]);
  });
});
