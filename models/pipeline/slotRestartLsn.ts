import type { Database, Slot } from '../world/database.ts';
import type { Offset } from './ConnectorState.ts';

/**
 * What DBZ-7461's check on start (`PostgresConnection.validateLogPosition`) can answer for the
 * stored offsets: `held` when it passes whatever the server did, `maybe` when it passes or fails
 * depending on how far the slot's restart LSN has moved, `gone` when it fails for certain.
 */
export type StoredPosition = 'held' | 'maybe' | 'gone';

/**
 * The highest LSN the slot's `restart_lsn` can have reached. PostgreSQL moves `restart_lsn` only
 * to a point from which every transaction that commits at or after `confirmed_flush_lsn` can be
 * decoded whole (`SnapBuildProcessRunningXacts`: the oldest running transaction's
 * `restart_decoding_lsn`, taken at an `xl_running_xacts` record and applied once the client
 * confirms past it, `LogicalConfirmReceivedLocation`), and never past `confirmed_flush_lsn`: so
 * at most the confirmed LSN and the first change of every transaction still to be streamed
 * (committed at or after it, or still open). How far below that it is depends on when the
 * server logged its running-transactions records, which the model does not track. Pure.
 */
export function restartLsnBound(db: Database, slot: Slot): number {
  let bound = slot.confirmedLsn;
  for (const t of db.wal) if (t.commitLsn >= slot.confirmedLsn) for (const c of t.changes) bound = Math.min(bound, c.lsn);
  for (const t of db.txns) for (const c of t.writes) bound = Math.min(bound, c.lsn);
  return bound;
}

/**
 * DBZ-7461's check of `stored` against `slot` (null: no slot), as
 * `PostgresConnection.validateLogPosition` makes it: no slot fails; otherwise it passes when the
 * offsets carry no `lsn_proc` (`PostgresOffsetContext.lastCompletelyProcessedLsn`, null in a
 * snapshot's offsets, `initialContext`) or the slot's `restart_lsn` is at or below it.
 *
 * The restart LSN is known only between where the slot was created (its consistent point: the
 * model creates a slot with no transaction open, so decoding starts there, and the restart LSN
 * never moves back) and `restartLsnBound`. A stored `lsn_proc` below the first fails the check
 * for certain (the stored position predates the slot: a slot lost and created again); below the
 * second, it may fail or pass. Under DBZ-7816's rule, with one connector per slot, a `lsn_proc`
 * of a slot that has existed throughout is never below the bound: the slot is confirmed at most
 * to the stored offsets' `lsn_commit` + 1, before their own transaction, whose first change is at
 * or below `lsn_proc`. Pure.
 */
export function storedPosition(db: Database, slot: Slot | null, stored: Offset): StoredPosition {
  if (slot === null) return 'gone';
  if (stored.snapshot || stored.lsn < 0) return 'held';
  if (stored.lsn < slot.consistentLsn) return 'gone';
  return stored.lsn < restartLsnBound(db, slot) ? 'maybe' : 'held';
}
