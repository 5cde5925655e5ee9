import { describe, expect, it } from 'vitest';
import type { Model } from '../src/engine/Model.ts';
import { debezium } from '../models/catalogue/ScenarioDef.ts';
import type { ConnectorConfig } from '../models/pipeline/ConnectorConfig.ts';
import { outboxCdc } from '../models/strategies/outboxCdc.ts';
import type { Action } from '../models/world/Action.ts';
import { buildWorld } from '../models/world/buildWorld.ts';
import { begin, commit, readRow, write } from '../models/world/database.ts';
import { allRecords } from '../models/world/kafka.ts';
import type { World } from '../models/world/World.ts';
import { defaultWorldOptions, type WorldOptions } from '../models/world/WorldOptions.ts';
import { noSilentLoss } from './noSilentLoss.ts';

/** The outbox world with connector settings `c` and no faults. */
function world(c: Partial<ConnectorConfig>): Model<World, Action> {
  const options: WorldOptions = { ...defaultWorldOptions, service: outboxCdc, requests: 2, consumer: { commit: 'after', dedup: 'eventId' }, pipeline: debezium({ snapshotOrder: 'key', ...c }) };
  return buildWorld(options, { name: 'invalid-op', version: '1', properties: [noSilentLoss] });
}

/** The state after taking, one by one, the first enabled action matching each pattern. */
function walk(model: Model<World, Action>, from: World, steps: readonly RegExp[]): World {
  let s = from;
  for (const step of steps) {
    const a = model.actions(s).find((x) => step.test(x.label));
    if (!a) throw new Error(`no action ${step} among ${model.actions(s).map((x) => x.label).join(', ')}`);
    s = model.next(s, a);
  }
  return s;
}

/**
 * The connector streaming, acct-1#1 in Kafka and its offset stored, then something else (a
 * relay marking it sent, say) updating acct-1#1's outbox row, and acct-1#2 committed after.
 */
function updatedOutbox(m: Model<World, Action>): World {
  let s = walk(m, m.initial()[0]!, [/^ConnectorStartSnapshot/, /^ConnectorCompleteSnapshot/, /^ServiceWriteWithOutbox\(svc1, acct-1#1/, /^ServiceCommit/, /^ConnectorReadWal/, /^BrokerAppend\(connector, acct-1#1/]);
  // With no fault that could restart the task, the append's own step committed the offsets
  // (`eagerOffsetCommit`); before DBZ-7816 the timer still does, in a step of its own.
  const timer = m.actions(s).find((a) => a.label.startsWith('ConnectCommitOffsets'));
  if (timer) s = m.next(s, timer);
  expect(s.connectors[0]!.stored).toEqual(s.connectors[0]!.acked);
  s = structuredClone(s);
  const xid = begin(s.db);
  expect(write(s.db, xid, { table: 'outbox', op: 'u', pk: 'acct-1#1', values: readRow(s.db, 'outbox', 'acct-1#1'), tag: null })).toBe('ok');
  commit(s.db, xid);
  return walk(m, s, [/^ServiceWriteWithOutbox\(svc1, acct-1#2/, /^ServiceCommit/]);
}

const labels = (m: Model<World, Action>, s: World) => m.actions(s).map((a) => a.label);

describe('table.op.invalid.behavior: an update of an outbox row', () => {
  it.each(['warn', 'error'] as const)('%s (warn is the default): the router drops it and streaming goes on to the next insert', (invalidOpBehavior) => {
    const m = world({ invalidOpBehavior });
    const s = updatedOutbox(m);
    expect(labels(m, s).some((l) => l.startsWith('ConnectorFailOnUpdate'))).toBe(false);
    const read = walk(m, s, [/^ConnectorReadWal\(connector, u acct-1#1/]);
    expect(read.connectors[0]!.buffer).toEqual([]);
    expect(read.connectors[0]!.lastOffsets).toBeNull();
    const next = walk(m, read, [/^ConnectorReadWal\(connector, c acct-1#2/]);
    expect(next.connectors[0]!.buffer.map((p) => p.record.id)).toEqual(['acct-1#2']);
  });

  it('warn on 2.6.1: the dropped update is reported back at once and its offset goes to lastOffsets, the DBZ-7816 path a dropped delete takes', () => {
    const m = world({ version: '2.6.1' });
    const read = walk(m, updatedOutbox(m), [/^ConnectorReadWal\(connector, u acct-1#1/]);
    const c = read.connectors[0]!;
    const [insert, update] = [read.db.wal.at(-3)!, read.db.wal.at(-2)!];
    // lsn_commit is the insert's transaction, read before the update's; commit() confirms just past it.
    expect(c.lastOffsets).toEqual({ commitLsn: update.commitLsn, lsn: update.changes[0]!.lsn, lastCommitLsn: insert.commitLsn, snapshot: false });
    expect(labels(m, read).find((l) => l.startsWith('ConnectCommitOffsets'))).toMatch(new RegExp(`confirms the slot at lastOffsets ${insert.commitLsn + 1}\\b`));
  });

  it('fatal under errors.tolerance=none: the task fails for good at the update, after committing its acknowledged prefix; a later insert is missing but not silently', () => {
    const m = world({ invalidOpBehavior: 'fatal' });
    const s = updatedOutbox(m);
    expect(labels(m, s).some((l) => l.startsWith('ConnectorReadWal'))).toBe(false);
    expect(labels(m, s)).toContain('ConnectorFailOnUpdate(connector, u acct-1#1@' + s.db.wal.at(-2)!.changes[0]!.lsn + ')');
    const failed = walk(m, s, [/^ConnectorFailOnUpdate/]);
    const c = failed.connectors[0]!;
    expect(c.at).toBe('failed');
    expect(c.stored).toEqual(s.connectors[0]!.acked);
    expect(failed.db.slots[0]!.confirmedLsn).toBe(s.db.slots[0]!.confirmedLsn);
    expect(labels(m, failed).some((l) => /connector/.test(l) && !/^Consumer/.test(l))).toBe(false);
    // Run the rest to the end: acct-1#2 never reaches Kafka, and the failed task says so.
    let end = failed;
    for (let a = m.actions(end); a.length > 0; a = m.actions(end)) end = m.next(end, a[0]!);
    expect(allRecords(end.kafka).map((r) => r.id)).toEqual(['acct-1#1']);
    expect(noSilentLoss.holds(end)).toBe(true);
  });

  it('fatal under errors.tolerance=all: the failed transform is skipped and the update dropped, as under warn', () => {
    const m = world({ invalidOpBehavior: 'fatal', errorsTolerance: 'all' });
    const s = updatedOutbox(m);
    expect(labels(m, s).some((l) => l.startsWith('ConnectorFailOnUpdate'))).toBe(false);
    const read = walk(m, s, [/^ConnectorReadWal\(connector, u acct-1#1/, /^ConnectorReadWal\(connector, c acct-1#2/]);
    expect(read.connectors[0]!.at).toBe('streaming');
    expect(read.connectors[0]!.buffer.map((p) => p.record.id)).toEqual(['acct-1#2']);
  });
});
