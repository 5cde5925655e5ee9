import { produce } from 'immer';
import { describe, expect, it } from 'vitest';
import { abort, begin, commit, createDatabase, createSlot, confirmSlot, slotOf, nextCapturedChange, nextStreamedChange, readRow, renameColumn, tableAsOf, write, type Database } from './database.ts';

const fresh = (): Database =>
  createDatabase([
    { name: 'account', columns: ['id', 'balance'], rows: [['acct-2', 0], ['acct-1', 0]] },
    { name: 'outbox', columns: ['id', 'payload'] },
  ]);

describe('database', () => {
  it('seeds rows sorted by key in a bootstrap transaction in the WAL', () => {
    const db = fresh();
    expect(db.tables[0]!.rows).toEqual([['acct-1', 0], ['acct-2', 0]]);
    expect(db.wal).toHaveLength(1);
    expect(db.wal[0]!.changes.map((c) => c.pk)).toEqual(['acct-1', 'acct-2']);
  });

  it('keeps no WAL when nothing decodes it, and is otherwise the same database', () => {
    const run = (decoded: boolean) => {
      const db = createDatabase(
        [
          { name: 'account', columns: ['id', 'balance'], rows: [['acct-2', 0], ['acct-1', 0]] },
          { name: 'outbox', columns: ['id', 'payload'] },
        ],
        decoded,
      );
      const x = begin(db);
      write(db, x, { table: 'account', op: 'u', pk: 'acct-1', values: ['acct-1', 100], tag: 'r1' });
      write(db, x, { table: 'outbox', op: 'c', pk: 'e1', values: ['e1', 'p'], tag: 'r1' });
      const lsn = commit(db, x);
      const y = begin(db);
      write(db, y, { table: 'account', op: 'u', pk: 'acct-2', values: ['acct-2', 7], tag: 'r2' });
      return { db, lsn };
    };
    const kept = run(true);
    const dropped = run(false);
    expect(kept.db.wal).toHaveLength(2);
    expect(dropped.db.wal).toEqual([]);
    expect(dropped.lsn).toBe(kept.lsn);
    const { wal: _w, decoded: _d, ...rest } = dropped.db;
    const { wal: _kw, decoded: _kd, ...keptRest } = kept.db;
    expect(rest).toEqual(keptRest);
  });

  it('buffers writes until commit; the transaction reads its own writes, others do not', () => {
    const db = fresh();
    const x = begin(db);
    expect(write(db, x, { table: 'account', op: 'u', pk: 'acct-1', values: ['acct-1', 100], tag: 'r1' })).toBe('ok');
    expect(readRow(db, 'account', 'acct-1', x)).toEqual(['acct-1', 100]);
    expect(readRow(db, 'account', 'acct-1')).toEqual(['acct-1', 0]);
    const lsn = commit(db, x);
    expect(readRow(db, 'account', 'acct-1')).toEqual(['acct-1', 100]);
    expect(db.wal.at(-1)).toMatchObject({ xid: x, commitLsn: lsn, changes: [{ op: 'u', pk: 'acct-1', after: { id: 'acct-1', balance: 100 }, tag: 'r1' }] });
  });

  it('records changes in statement order with the LSNs their statements got, then the commit LSN', () => {
    const db = fresh();
    const x = begin(db);
    write(db, x, { table: 'outbox', op: 'c', pk: 'e1', values: ['e1', 'p'], tag: 'r1' });
    write(db, x, { table: 'account', op: 'u', pk: 'acct-2', values: ['acct-2', 5], tag: 'r1' });
    write(db, x, { table: 'outbox', op: 'd', pk: 'e1', values: null, tag: 'r1' });
    const lsn = commit(db, x)!;
    const changes = db.wal.at(-1)!.changes;
    expect(changes.map((c) => `${c.op}${c.pk}`)).toEqual(['ce1', 'uacct-2', 'de1']);
    expect(changes.map((c) => c.lsn)).toEqual([lsn - 3, lsn - 2, lsn - 1]);
    expect(db.tables[1]!.rows).toEqual([]);
  });

  it('gives a later-committing transaction changes below an earlier commit, and streams by commit order', () => {
    // As measured on PostgreSQL (conformance/resumeByChangeLsn.test.ts): T2 writes first, T1 commits first.
    const db = fresh();
    const t1 = begin(db);
    const t2 = begin(db);
    write(db, t2, { table: 'outbox', op: 'c', pk: 'e2', values: ['e2', 'p'], tag: null });
    write(db, t1, { table: 'outbox', op: 'c', pk: 'e1', values: ['e1', 'p'], tag: null });
    write(db, t2, { table: 'outbox', op: 'c', pk: 'e22', values: ['e22', 'p'], tag: null });
    write(db, t1, { table: 'outbox', op: 'c', pk: 'e11', values: ['e11', 'p'], tag: null });
    commit(db, t1);
    commit(db, t2);
    const [first, second] = db.wal.slice(1);
    expect(second!.changes[0]!.lsn).toBeLessThan(first!.commitLsn);
    // Resuming right after T1's last change, by commit order, streams all of T2...
    const streamed: string[] = [];
    for (let p = { commitLsn: first!.commitLsn, lsn: first!.changes.at(-1)!.lsn }, n = nextStreamedChange(db, ['outbox'], p); n; p = { commitLsn: n.txn.commitLsn, lsn: n.change.lsn }, n = nextStreamedChange(db, ['outbox'], p)) streamed.push(n.change.pk);
    expect(streamed).toEqual(['e2', 'e22']);
    // ...where resuming by change LSN alone would lose it.
    expect(nextCapturedChange(db, ['outbox'], first!.changes.at(-1)!.lsn + 1)).toBeNull();
  });

  it('orders the WAL by commit, not by begin', () => {
    const db = fresh();
    const a = begin(db);
    const b = begin(db);
    write(db, a, { table: 'account', op: 'u', pk: 'acct-1', values: ['acct-1', 1], tag: 'a' });
    write(db, b, { table: 'account', op: 'u', pk: 'acct-2', values: ['acct-2', 2], tag: 'b' });
    commit(db, b);
    commit(db, a);
    expect(db.wal.slice(1).map((t) => t.xid)).toEqual([b, a]);
  });

  it('blocks a write on a row another transaction holds, and never logs aborted transactions', () => {
    const db = fresh();
    const a = begin(db);
    const b = begin(db);
    write(db, a, { table: 'account', op: 'u', pk: 'acct-1', values: ['acct-1', 1], tag: 'a' });
    expect(write(db, b, { table: 'account', op: 'u', pk: 'acct-1', values: ['acct-1', 2], tag: 'b' })).toBe('blocked');
    abort(db, a);
    expect(write(db, b, { table: 'account', op: 'u', pk: 'acct-1', values: ['acct-1', 2], tag: 'b' })).toBe('ok');
    commit(db, b);
    expect(db.wal.flatMap((t) => t.changes.map((c) => c.tag))).toEqual([null, null, 'b']);
  });

  it('fails the transaction on a unique violation, so its commit rolls back', () => {
    const db = fresh();
    const x = begin(db);
    write(db, x, { table: 'account', op: 'u', pk: 'acct-1', values: ['acct-1', 7], tag: 'x' });
    expect(write(db, x, { table: 'account', op: 'c', pk: 'acct-2', values: ['acct-2', 1], tag: 'x' })).toBe('unique-violation');
    expect(commit(db, x)).toBeNull();
    expect(readRow(db, 'account', 'acct-1')).toEqual(['acct-1', 0]);
    expect(db.wal).toHaveLength(1);
  });

  it('reads a table as of an LSN (the snapshot view), positionally across a rename', () => {
    const db = fresh();
    const view = db.nextLsn;
    const x = begin(db);
    write(db, x, { table: 'account', op: 'u', pk: 'acct-1', values: ['acct-1', 100], tag: 'x' });
    commit(db, x);
    renameColumn(db, 'account', 'balance', 'amount');
    expect(tableAsOf(db, ['account'], view).map((r) => r.values)).toEqual([['acct-1', 0], ['acct-2', 0]]);
    expect(tableAsOf(db, ['account'], db.nextLsn).map((r) => [r.values, r.tag])).toEqual([[['acct-1', 100], 'x'], [['acct-2', 0], null]]);
    expect(db.tables[0]!.columns).toEqual(['id', 'amount']);
  });

  it('a snapshot view excludes the transaction committing exactly at its LSN, and streaming from that LSN includes it', () => {
    // A READ COMMITTED view taken while a writer is open: the writer's commit can get exactly
    // the view's LSN. The view must not see it (it committed after the view was taken); the
    // stream from that position must carry it. Including it in both delivers it twice (r + c).
    const db = fresh();
    const x = begin(db);
    write(db, x, { table: 'account', op: 'u', pk: 'acct-1', values: ['acct-1', 100], tag: 'x' });
    const view = db.nextLsn;
    expect(commit(db, x)).toBe(view);
    expect(tableAsOf(db, ['account'], view).find((r) => r.pk === 'acct-1')!.values).toEqual(['acct-1', 0]);
    expect(tableAsOf(db, ['account'], view + 1).find((r) => r.pk === 'acct-1')!.values).toEqual(['acct-1', 100]);
    expect(nextStreamedChange(db, ['account'], { commitLsn: view, lsn: -1 })?.txn.commitLsn).toBe(view);
  });

  it('streams captured changes from a position in commit order; the slot never moves back', () => {
    const db = fresh();
    const slot = createSlot(db);
    const x = begin(db);
    write(db, x, { table: 'account', op: 'u', pk: 'acct-1', values: ['acct-1', 1], tag: 'x' });
    write(db, x, { table: 'outbox', op: 'c', pk: 'e1', values: ['e1', 'p'], tag: 'x' });
    commit(db, x);
    const first = nextStreamedChange(db, ['outbox'], { commitLsn: slot.consistentLsn, lsn: -1 })!;
    expect(first.change.pk).toBe('e1');
    expect(nextStreamedChange(db, ['outbox'], { commitLsn: first.txn.commitLsn, lsn: first.change.lsn })).toBeNull();
    confirmSlot(db, 10);
    confirmSlot(db, 4);
    expect(slotOf(db)!.confirmedLsn).toBe(10);
  });

  it('is pure under immer: produce never changes the base', () => {
    const db = fresh();
    const before = JSON.stringify(db);
    const after = produce(db, (d) => {
      const x = begin(d);
      write(d, x, { table: 'account', op: 'u', pk: 'acct-1', values: ['acct-1', 9], tag: 'x' });
      commit(d, x);
    });
    expect(JSON.stringify(db)).toBe(before);
    expect(readRow(after, 'account', 'acct-1')).toEqual(['acct-1', 9]);
  });
});
