import { describe, expect, it } from 'vitest';
import type { Database, Slot, WalTxn } from '../world/database.ts';
import type { Offset } from './ConnectorState.ts';
import { restartLsnBound, storedPosition } from './slotRestartLsn.ts';

/** A committed transaction whose changes are at `lsns`, committing at `commitLsn`. */
const txn = (xid: number, lsns: number[], commitLsn: number): WalTxn => ({ xid, commitLsn, changes: lsns.map((lsn) => ({ lsn, table: 'outbox', op: 'c', pk: `r${lsn}`, after: null, tag: null })) });
const db = (wal: WalTxn[], open: number[] = []): Database => ({ tables: [], decoded: true, wal, txns: open.length ? [{ xid: 99, failed: false, writes: open.map((lsn) => ({ lsn, table: 'outbox', op: 'c', pk: `o${lsn}`, values: null, tag: null })) }] : [], nextXid: 100, nextLsn: 20, slots: [] });
const slot = (confirmedLsn: number, consistentLsn = 1): Slot => ({ name: 'debezium', consistentLsn, confirmedLsn });
/** A streamed record's offset: its change at `lsn` in the transaction committing at `commitLsn`. */
const at = (lsn: number, commitLsn: number, lastCommitLsn: number | null = null): Offset => ({ commitLsn, lsn, lastCommitLsn, snapshot: false });

// T1: changes 2, 3, commit 4. T2: changes 5, 6, commit 7. T3: change 8, commit 9.
const wal = [txn(2, [2, 3], 4), txn(3, [5, 6], 7), txn(4, [8], 9)];

describe('restartLsnBound: how far the slot\'s restart LSN can have moved', () => {
  it('is the confirmed LSN when no transaction still to be streamed began before it', () => {
    expect(restartLsnBound(db(wal), slot(5))).toBe(5);
    expect(restartLsnBound(db(wal), slot(8))).toBe(8);
  });

  it('stays at the first change of a transaction still to be streamed that began before the confirmed LSN', () => {
    // T2 began at 5, and commits at 7, after the confirmed 6: decoding must restart at 5 at the latest.
    expect(restartLsnBound(db(wal), slot(6))).toBe(5);
    // An open transaction that has written at 3 holds it at 3.
    expect(restartLsnBound(db(wal, [3, 10]), slot(8))).toBe(3);
  });
});

describe('storedPosition: what DBZ-7461\'s check (validateLogPosition) can say of the stored offsets', () => {
  it('fails for certain with no slot, or with a slot created after the stored position', () => {
    expect(storedPosition(db(wal), null, at(5, 7, 4))).toBe('gone');
    expect(storedPosition(db(wal), slot(10, 10), at(5, 7, 4))).toBe('gone');
  });

  it('passes for offsets without lsn_proc (a snapshot\'s)', () => {
    expect(storedPosition(db(wal), slot(8), { commitLsn: 1, lsn: -1, lastCommitLsn: null, snapshot: false })).toBe('held');
    expect(storedPosition(db(wal), slot(8), { commitLsn: 1, lsn: -1, lastCommitLsn: null, snapshot: true })).toBe('held');
  });

  it('passes when the stored transaction is still to be streamed: the restart LSN is at or below its first change (DBZ-7816\'s rule confirms lsn_commit + 1)', () => {
    // Stored: T2's change 6, lsn_commit 4; confirmed at 5 = 4 + 1.
    expect(storedPosition(db(wal), slot(5), at(6, 7, 4))).toBe('held');
  });

  it('may fail when the slot was confirmed past the stored transaction (before DBZ-7816: lastOffsets ran ahead)', () => {
    // Stored: T1's change 3; confirmed at 8 (T2 done): the restart LSN may be anywhere from 1 to 8.
    expect(storedPosition(db(wal), slot(8), at(3, 4))).toBe('maybe');
    // An open transaction that wrote at 2 keeps the restart LSN at or below 2: the check passes.
    expect(storedPosition(db(wal, [2]), slot(8), at(3, 4))).toBe('held');
  });
});
