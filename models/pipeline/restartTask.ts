import type { ConnectorState } from './ConnectorState.ts';

/**
 * A Kafka Connect task restart (after a crash, a failed task or a lost slot): everything
 * volatile is gone (an open Kafka transaction is aborted) and only the flushed offsets
 * (`stored`) and the producer's sequence remain.
 * Mutates `c`.
 */
export function restartTask(c: ConnectorState): void {
  Object.assign(c, { view: null, start: null, cursor: 0, pos: { commitLsn: 0, lsn: -1, lastCommitLsn: null }, buffer: [], inflight: [], acked: c.stored, ackedAhead: [], lastOffsets: null });
  // An open Kafka transaction (exactly.once.source.support) is aborted: its records never become visible.
  delete c.txn;
}
