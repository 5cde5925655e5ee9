import { atQuiescence, type Property } from '../src/engine/Property.ts';
import type { WalChange, WalTxn } from '../models/world/database.ts';
import type { World } from '../models/world/World.ts';
import { ghostStreamOf } from '../models/world/ghostStreamOf.ts';
import { listText } from './internal/explainText.ts';

/**
 * `snapshot-stream-consistency`: the replica built from the snapshot's `r` reads plus the
 * streamed changes equals the source at quiescence: no gap, overlap only as duplicates.
 *
 * Exact definition: in every terminal state, every WAL change on a captured table (`tables`),
 * including the seed, is covered: either it was streamed (its LSN is in the ghost `streamed`),
 * or its commit is below the view of a snapshot that completed (ghost `snapshot`, the highest), so the
 * snapshot read it or a later version of its row. A replica that applies `r` reads and
 * streamed changes keeping the highest LSN per row then equals the source table; duplicates
 * (replays, snapshot redone) only re-apply versions it already has. It reads the ghost's stream
 * record, and its invariant declares so (`readsGhostStream`).
 */
export function snapshotStreamConsistency(tables: readonly string[]): Property<World> {
  return atQuiescence<World>(
    'snapshot-stream-consistency',
    (w) => {
      const stream = ghostStreamOf(w);
      const streamed = new Set(stream.streamed);
      const view = stream.snapshot ?? -Infinity;
      for (const txn of w.db.wal)
        for (const c of txn.changes) if (tables.includes(c.table) && !streamed.has(c.lsn) && txn.commitLsn >= view) return false;
      return true;
    },
    { explain: (w) => explainGap(w, tables) },
  );
}

/** "the account acct-1 change at LSN 3 (xid 2, committed at LSN 4) was neither streamed nor read by a snapshot (…)". */
function explainGap(w: World, tables: readonly string[]): string | undefined {
  const missed = gaps(w, tables);
  if (missed.length === 0) return undefined;
  const stream = ghostStreamOf(w);
  const views = stream.snapshot === null ? 'no snapshot completed' : `the highest view of a completed snapshot: LSN ${stream.snapshot}`;
  const streamed = stream.streamed.length === 0 ? 'nothing streamed' : `streamed: LSN ${listText(stream.streamed.map(String))}`;
  const what = missed.map(({ txn, change }) => `the ${change.table} ${change.pk} change at LSN ${change.lsn} (xid ${txn.xid}, committed at LSN ${txn.commitLsn})`);
  return `${listText(what)} ${missed.length === 1 ? 'was' : 'were'} neither streamed nor read by a snapshot (${views}; ${streamed})`;
}

/** The captured WAL changes that no stream carried and no completed snapshot covers (what `holds` looks for, listed). */
function gaps(w: World, tables: readonly string[]): { txn: WalTxn; change: WalChange }[] {
  const stream = ghostStreamOf(w);
  const streamed = new Set(stream.streamed);
  const view = stream.snapshot ?? -Infinity;
  const out: { txn: WalTxn; change: WalChange }[] = [];
  for (const txn of w.db.wal)
    for (const change of txn.changes) if (tables.includes(change.table) && !streamed.has(change.lsn) && txn.commitLsn >= view) out.push({ txn, change });
  return out;
}
