import { atQuiescence, type Property } from '../src/engine/Property.ts';
import type { World } from '../models/world/World.ts';

/**
 * `snapshot-stream-consistency`: the replica built from the snapshot's `r` reads plus the
 * streamed changes equals the source at quiescence: no gap, overlap only as duplicates.
 *
 * Exact definition: in every terminal state, every WAL change on a captured table (`tables`),
 * including the seed, is covered: either it was streamed (its LSN is in the ghost `streamed`),
 * or its commit is below the view of a snapshot that completed (ghost `snapshots`), so the
 * snapshot read it or a later version of its row. A replica that applies `r` reads and
 * streamed changes keeping the highest LSN per row then equals the source table; duplicates
 * (replays, snapshot redone) only re-apply versions it already has.
 */
export function snapshotStreamConsistency(tables: readonly string[]): Property<World> {
  return atQuiescence<World>('snapshot-stream-consistency', (w) => {
    const streamed = new Set(w.ghost.streamed);
    const view = Math.max(-1, ...w.ghost.snapshots);
    for (const txn of w.db.wal)
      for (const c of txn.changes) if (tables.includes(c.table) && !streamed.has(c.lsn) && txn.commitLsn >= view) return false;
    return true;
  });
}
