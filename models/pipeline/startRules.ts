import { slotCreationWaitsFor } from '../world/database.ts';
import type { World } from '../world/World.ts';
import type { ConnectorContext } from './ConnectorContext.ts';
import { hasChange } from './DebeziumVersion.ts';
import { storedPosition, type StoredPosition } from './slotRestartLsn.ts';

/**
 * What a (re)starting connector task decides from its stored offsets and its slot. Where the
 * decision rests on the slot's restart LSN, which the model knows only up to a bound
 * (`storedPosition`: `maybe`), both outcomes are possible: the guards say "may".
 */
export interface StartRules {
  /** The snapshotter may ask for a snapshot (`snapshot.mode`, the stored offsets, DBZ-7461's check for `when_needed`). */
  maySnapshot(w: World): boolean;
  /** The snapshotter may start without a snapshot: stream, or (`initial_only`) stop. */
  mayStartWithoutSnapshot(w: World): boolean;
  /** The slot exists, or creating it would not wait for any transaction that has written. */
  slotReady(w: World): boolean;
  /**
   * DBZ-9118 (3.2.0): `BaseSourceTask.validateAndLoadSchemaHistory` throws when DBZ-7461's check
   * says the stored position is gone and the snapshotter streams (`shouldStream`, false only for
   * `initial_only`) but does not snapshot on a data error (`shouldSnapshotOnDataError`, true
   * only for `when_needed`). From 2.6.0 (DBZ-7461) to 3.1.3 the same check only logged a warning
   * and the task streamed on, as before the check. True when the check may fail.
   */
  mayFailCheck(w: World): boolean;
  /** The same, when the check fails for certain: the slot is gone. */
  failsCheck(w: World): boolean;
}

/** The start rules of the connector of `ctx`; see `StartRules`. */
export function startRules(ctx: ConnectorContext): StartRules {
  const { config, me, mySlot } = ctx;
  // DBZ-7461's check of the stored offsets (`PostgresConnection.validateLogPosition`); `held`
  // with no offsets, where the check does not run.
  const position = (w: World): StoredPosition => {
    const s = me(w).stored;
    return s === null ? 'held' : storedPosition(w.db, mySlot(w.db), s);
  };
  const fresh = (w: World): boolean => {
    const s = me(w).stored;
    return s === null || s.snapshot;
  };
  const checkThrows = hasChange(config.version, 'DBZ-9118') && config.snapshotMode !== 'when_needed' && config.snapshotMode !== 'initial_only';
  return {
    maySnapshot(w) {
      switch (config.snapshotMode) {
        case 'always':
          return true;
        case 'no_data':
          return false;
        case 'when_needed':
          return fresh(w) || position(w) !== 'held';
        default:
          return fresh(w);
      }
    },
    mayStartWithoutSnapshot(w) {
      switch (config.snapshotMode) {
        case 'always':
          return false;
        case 'no_data':
          return true;
        case 'when_needed':
          return !fresh(w) && position(w) !== 'gone';
        default:
          return !fresh(w);
      }
    },
    slotReady: (w) => mySlot(w.db) !== null || slotCreationWaitsFor(w.db).length === 0,
    mayFailCheck: (w) => checkThrows && position(w) !== 'held',
    failsCheck: (w) => checkThrows && position(w) === 'gone',
  };
}
