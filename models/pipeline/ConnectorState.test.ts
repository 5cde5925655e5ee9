import { describe, expect, it } from 'vitest';
import type { Model } from '../../src/engine/Model.ts';
import { debezium } from '../catalogue/ScenarioDef.ts';
import { outboxCdc } from '../strategies/outboxCdc.ts';
import type { Action } from '../world/Action.ts';
import { buildWorld } from '../world/buildWorld.ts';
import { nextStreamedChange } from '../world/database.ts';
import type { World } from '../world/World.ts';
import { defaultWorldOptions, type WorldOptions } from '../world/WorldOptions.ts';
import { confirmedBy } from './ConnectorState.ts';

/** Outbox writes delete-after-insert (each transaction: an insert and a delete of the outbox row), one connector crash allowed. */
function model(o: Partial<WorldOptions> = {}): Model<World, Action> {
  const options: WorldOptions = { ...defaultWorldOptions, service: outboxCdc, requests: 2, deleteAfterInsert: true, pipeline: debezium({ snapshotOrder: 'key' }), consumer: { commit: 'after', dedup: 'eventId' }, budget: { connectorCrash: 1 }, ...o };
  return buildWorld(options, { name: 'offset', version: '1', properties: [] });
}

/** The states after taking, one by one, the first enabled action matching each pattern. */
function walk(m: Model<World, Action>, steps: readonly RegExp[], from = m.initial()[0]!): World[] {
  const out = [from];
  for (const step of steps) {
    const s = out.at(-1)!;
    const a = m.actions(s).find((x) => step.test(x.label));
    if (!a) throw new Error(`no action ${step} among ${m.actions(s).map((x) => x.label).join(', ')}`);
    out.push(m.next(s, a));
  }
  return out;
}

// The snapshot finds the outbox empty: nothing says it completed until T1's record is stored.
const snapshotThenT1 = [/^ConnectorStartSnapshot/, /^ConnectorCompleteSnapshot/, /^ServiceWriteWithOutbox\(svc1, acct-1#1/, /^ServiceCommit/, /^ConnectorReadWal\(connector, c acct-1#1/, /^BrokerAppend\(connector, acct-1#1/];
const t2 = [/^ServiceWriteWithOutbox\(svc1, acct-1#2/, /^ServiceCommit/];
const txnOf = (w: World, id: string) => w.db.wal.find((t) => t.changes.some((c) => c.table === 'outbox' && c.pk === id))!;

describe('confirmedBy: where Debezium\'s commitOffset confirms the slot for an offset', () => {
  it('is the end of lsn_commit\'s COMMIT when the offset has one, else lsn_proc, else nowhere (snapshot offsets, and the one saying it completed)', () => {
    expect(confirmedBy({ commitLsn: 10, lsn: 8, lastCommitLsn: 6, snapshot: false })).toBe(7);
    expect(confirmedBy({ commitLsn: 6, lsn: 4, lastCommitLsn: null, snapshot: false })).toBe(4);
    expect(confirmedBy({ commitLsn: 3, lsn: -1, lastCommitLsn: null, snapshot: false })).toBeNull();
    expect(confirmedBy({ commitLsn: 3, lsn: -1, lastCommitLsn: null, snapshot: true })).toBeNull();
  });
});

describe('the offset\'s lsn_commit is the commit of the transaction read before the change\'s own (PostgresOffsetContext.lastCommitLsn)', () => {
  it('a record of T2 carries T1\'s commit; the commit confirms just past T1, so the slot re-sends T2 whole and nothing of T1', () => {
    const m = model();
    const s = walk(m, [...snapshotThenT1, /^ConnectorReadWal\(connector, d acct-1#1/, ...t2, /^ConnectorReadWal\(connector, c acct-1#2/, /^BrokerAppend\(connector, acct-1#2/, /^ConnectCommitOffsets/]);
    const w = s.at(-1)!;
    const [t1, t2Txn] = [txnOf(w, 'acct-1#1'), txnOf(w, 'acct-1#2')];
    const stored = w.connectors[0]!.stored!;
    // Resuming is keyed on the change's own transaction and the change (lsn_proc) ...
    expect(stored).toMatchObject({ commitLsn: t2Txn.commitLsn, lsn: t2Txn.changes.find((c) => c.table === 'outbox' && c.op === 'c')!.lsn });
    // ... and lsn_commit is T1's, not T2's own.
    expect(stored.lastCommitLsn).toBe(t1.commitLsn);
    const confirmed = w.db.slots[0]!.confirmedLsn;
    expect(confirmed).toBe(t1.commitLsn + 1);
    expect(confirmed).toBeLessThan(t2Txn.commitLsn);
    // A restart from the slot alone re-sends T2 from its first change, T1 not at all.
    const first = nextStreamedChange(w.db, ['outbox'], { commitLsn: confirmed, lsn: -1 });
    expect(first?.txn.commitLsn).toBe(t2Txn.commitLsn);
    expect(first?.change.op).toBe('c');
  });

  it('the first transaction after a snapshot has no lsn_commit: its commit confirms lsn_proc, its own change, so the slot would re-send that transaction whole', () => {
    const m = model();
    const s = walk(m, [...snapshotThenT1, /^ConnectCommitOffsets/]);
    const w = s.at(-1)!;
    const t1 = txnOf(w, 'acct-1#1');
    const stored = w.connectors[0]!.stored!;
    expect(stored.lastCommitLsn).toBeNull();
    expect(w.db.slots[0]!.confirmedLsn).toBe(stored.lsn);
    expect(nextStreamedChange(w.db, ['outbox'], { commitLsn: w.db.slots[0]!.confirmedLsn, lsn: -1 })?.txn.commitLsn).toBe(t1.commitLsn);
  });

  it('the offsets saying the snapshot completed confirm nothing: the slot stays at its consistent point', () => {
    // The outbox keeps its row, committed before the connector starts: the snapshot reads it.
    const m = model({ deleteAfterInsert: false });
    const s = walk(m, [/^ServiceWriteWithOutbox\(svc1, acct-1#1/, /^ServiceCommit/, /^ConnectorStartSnapshot/, /^ConnectorReadRow/, /^ConnectorCompleteSnapshot/, /^BrokerAppend/]);
    const before = s.at(-1)!.db.slots[0]!.confirmedLsn;
    const after = walk(m, [/^ConnectCommitOffsets/], s.at(-1)!).at(-1)!;
    expect(after.connectors[0]!.stored).toMatchObject({ lsn: -1, lastCommitLsn: null, snapshot: false });
    expect(after.db.slots[0]!.confirmedLsn).toBe(before);
  });

  it('survives a crash in the stored offsets: restarted in T1, the connector reads T1\'s delete, and T2\'s record carries T1\'s commit again', () => {
    const m = model();
    const s = walk(m, [...snapshotThenT1, /^ConnectCommitOffsets/, /^CrashConnector/, /^ConnectorStartStreaming/, ...t2, /^ConnectorReadWal\(connector, d acct-1#1/, /^ConnectorReadWal\(connector, c acct-1#2/]);
    const w = s.at(-1)!;
    const c = w.connectors[0]!;
    expect(c.stored?.commitLsn).toBe(txnOf(w, 'acct-1#1').commitLsn);
    expect(c.buffer.map((p) => p.offset.lastCommitLsn)).toEqual([txnOf(w, 'acct-1#1').commitLsn]);
  });
});
