import { slotCreationWaitsFor } from '../world/database.ts';
import type { World } from '../world/World.ts';
import type { ConnectorContext } from './ConnectorContext.ts';
import { hasChange } from './DebeziumVersion.ts';

/** What a (re)starting connector task decides from its stored offsets and its slot. */
export interface StartRules {
  /** The snapshotter asks for a snapshot (`snapshot.mode` and the stored offsets). */
  needSnapshot(w: World): boolean;
  /** The slot exists, or creating it would not wait for any transaction that has written. */
  slotReady(w: World): boolean;
  /**
   * DBZ-9118 (3.2.0): `BaseSourceTask.validateAndLoadSchemaHistory` throws when the stored
   * position is gone and the snapshotter streams (`shouldStream`, false only for `initial_only`)
   * but does not snapshot on a data error (`shouldSnapshotOnDataError`, true only for
   * `when_needed`). From 2.6.0 (DBZ-7461) to 3.1.3 the same check only logged a warning and the
   * task streamed on from a new slot, as before the check.
   */
  failsOnLostSlot(w: World): boolean;
}

/** The start rules of the connector of `ctx`; see `StartRules`. */
export function startRules(ctx: ConnectorContext): StartRules {
  const { config, me, mySlot } = ctx;
  // The stored position is no longer in the slot: the slot is gone, or it was confirmed past it
  // (`PostgresConnection.validateLogPosition`: no slot, or restart LSN past the stored LSN; the
  // model has no restart LSN apart from the confirmed one).
  const offsetGone = (w: World): boolean => {
    const s = me(w).stored;
    const slot = mySlot(w.db);
    return s !== null && (slot === null || s.commitLsn < slot.confirmedLsn);
  };
  return {
    needSnapshot(w) {
      const s = me(w).stored;
      const fresh = s === null || s.snapshot;
      switch (config.snapshotMode) {
        case 'always':
          return true;
        case 'no_data':
          return false;
        case 'when_needed':
          return fresh || offsetGone(w);
        default:
          return fresh;
      }
    },
    slotReady: (w) => mySlot(w.db) !== null || slotCreationWaitsFor(w.db).length === 0,
    // Only a missing slot is modelled as failing the check: the real check compares the slot's
    // restart LSN, which lags its confirmed LSN by an amount the model does not track, so a slot
    // confirmed past the stored offset may or may not fail it.
    failsOnLostSlot: (w) =>
      hasChange(config.version, 'DBZ-9118') && config.snapshotMode !== 'when_needed' && config.snapshotMode !== 'initial_only' && me(w).stored !== null && mySlot(w.db) === null,
  };
}
