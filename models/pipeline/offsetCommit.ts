import { confirmSlot } from '../world/database.ts';
import { append } from '../world/kafka.ts';
import type { World } from '../world/World.ts';
import { updateDb, updateKafka } from '../world/internal/plainUpdate.ts';
import type { ConnectorContext } from './ConnectorContext.ts';
import { confirmedBy, type ConnectorState, type Offset, type Pending } from './ConnectorState.ts';

/** Kafka Connect's offset bookkeeping for one connector task, and the slot confirmation it drives. */
export interface OffsetCommit {
  /**
   * A record a transform dropped, with its offset: never submitted (`AbstractWorkerSourceTask.
   * sendRecords` calls `recordDropped`, not `SubmittedRecords.submit`), so Connect never stores
   * its offset; `WorkerSourceTask.recordDropped` reports it back to the task at once
   * (`commitTaskRecord(record, null)`), which before DBZ-7816 set `lastOffsets`. Mutates `c`.
   */
  dropped(c: ConnectorState, offset: Offset): void;
  /**
   * The producer reports record `p` back (sent, or skipped under errors.tolerance=all), and its
   * `SubmittedRecord` is acknowledged. Mutates `c`.
   */
  reportedBack(c: ConnectorState, p: Pending): void;
  /**
   * The snapshot's completion offset rides on the last snapshot record: it becomes committable
   * once that record and every one before it is acknowledged. It replaces the offset of the
   * last submitted record still unsettled, or is acknowledged at once when none is (the model
   * may send the last snapshot record before the completion, where Debezium holds it back to
   * mark it `last`: acknowledging the completion then is acknowledging that record). Only for a
   * snapshot that read at least one row: with none, no record carries the completion, and the
   * caller does not call this. Mutates `c`.
   */
  commitAfterPending(c: ConnectorState, offset: Offset): void;
  /**
   * Kafka Connect's offset commit (`WorkerSourceTask.commitOffsets`): store the committable
   * offsets, then call the task's `commit()` (`commitSourceTask`), which confirms to the slot.
   */
  commitOffsets(w: World): void;
  /**
   * The final offset commit of a failing task (`AbstractWorkerSourceTask.execute`:
   * `finalOffsetCommit(true)`): `commitOffsets`, except under `exactly.once.source.support`,
   * where `ExactlyOnceWorkerSourceTask.finalOffsetCommit` skips it for a failed task (its open
   * transaction is aborted).
   */
  finalCommit(w: World): void;
  /**
   * Whether the offset commit would change anything now: new committable offsets, (before
   * DBZ-7816) a `lastOffsets` to confirm, or (exactly.once.source.support) an open transaction
   * to commit, once every record sent is acknowledged (`producer.commitTransaction` waits for them).
   */
  canCommit(c: ConnectorState): boolean;
  /**
   * Before DBZ-7816, the records not yet in Kafka (or not yet known to be) that a commit now
   * would confirm the slot past: for the trace.
   */
  passedUnacknowledged(c: ConnectorState): string[];
}

/** Connect's offset bookkeeping for the connector of `ctx`; see `OffsetCommit`. */
export function offsetCommit(ctx: ConnectorContext): OffsetCommit {
  const { config, me, fixed7816 } = ctx;
  const acknowledge = (c: ConnectorState, offset: Offset) => {
    c.acked = offset;
  };
  return {
    dropped(c, offset) {
      if (!fixed7816) c.lastOffsets = offset;
    },
    // Pending entries are replaced, never changed in place, so states can share them.
    commitAfterPending(c, offset) {
      const [b, i, a] = [lastOf(c.buffer), lastOf(c.inflight), lastOf(c.ackedAhead)];
      const top = Math.max(seqOf(c.buffer, b), seqOf(c.inflight, i), seqOf(c.ackedAhead, a));
      if (top < 0) acknowledge(c, offset);
      else if (top === seqOf(c.buffer, b)) c.buffer = c.buffer.with(b, { ...c.buffer[b]!, offset });
      else if (top === seqOf(c.inflight, i)) c.inflight = c.inflight.with(i, { ...c.inflight[i]!, offset });
      else c.ackedAhead = c.ackedAhead.with(a, { ...c.ackedAhead[a]!, offset });
    },
    reportedBack(c, p) {
      // `BaseSourceTask.commitRecord`, before DBZ-7816: in callback order, whatever came before.
      if (!fixed7816) c.lastOffsets = p.offset;
      // `SubmittedRecords.committableOffsets`: only the prefix, in submission order, whose every
      // record is acknowledged. A record acknowledged ahead of an earlier one waits for it.
      if (anyBefore(c.buffer, p.seq) || anyBefore(c.inflight, p.seq)) {
        c.ackedAhead = insertedBySeq(c.ackedAhead, p);
        return;
      }
      let next = Infinity;
      for (const q of c.buffer) next = Math.min(next, q.seq);
      for (const q of c.inflight) next = Math.min(next, q.seq);
      let last = p;
      for (const q of c.ackedAhead) if (q.seq < next && q.seq > last.seq) last = q;
      if (c.ackedAhead.length > 0) c.ackedAhead = c.ackedAhead.filter((q) => q.seq >= next);
      acknowledge(c, last.offset);
    },
    commitOffsets(w) {
      const c = me(w);
      // Exactly-once source: the records of the open transaction become visible together with
      // the offsets (`ExactlyOnceWorkerSourceTask.commitTransaction`).
      if (c.txn !== undefined) {
        const txn = c.txn;
        delete c.txn;
        updateKafka(w, (k) => {
          for (const p of txn) append(k, p.topic, p.record, config.producer.idempotent);
        });
      }
      c.stored = c.acked;
      const offsets = fixed7816 ? c.stored : c.lastOffsets;
      c.lastOffsets = null;
      // `commitOffset` confirms the offsets' `lsn_commit` (the transaction before the change's own).
      const confirmed = offsets && confirmedBy(offsets);
      if (confirmed !== null && config.flushLsnSource) updateDb(w, (db) => confirmSlot(db, confirmed, config.slotName));
    },
    finalCommit(w) {
      if (!config.exactlyOnceSource) this.commitOffsets(w);
    },
    canCommit(c) {
      const changed = (c.acked !== null && !sameOffset(c.acked, c.stored)) || c.lastOffsets !== null;
      if (!config.exactlyOnceSource) return changed;
      return (changed || c.txn !== undefined) && c.buffer.length === 0 && c.inflight.length === 0;
    },
    passedUnacknowledged(c) {
      const offsets = fixed7816 ? c.acked : c.lastOffsets;
      const to = offsets && confirmedBy(offsets);
      if (to === null) return [];
      return [...c.inflight, ...c.buffer].filter((p) => !p.offset.snapshot && p.offset.commitLsn < to).map((p) => p.record.id);
    },
  };
}

/** The same offset (or both none). Pure. */
export function sameOffset(a: Offset | null, b: Offset | null): boolean {
  return a === b || (a !== null && b !== null && a.commitLsn === b.commitLsn && a.lsn === b.lsn && a.lastCommitLsn === b.lastCommitLsn && a.snapshot === b.snapshot);
}

/**
 * What an offset commit does, for the trace: the offsets Connect stores and where `commit()`
 * confirms the slot, naming any record not yet in Kafka that the confirmation passes. Pure.
 */
export function commitDetail(c: ConnectorState, fixed: boolean, passed: readonly string[]): string {
  const at = (o: Offset | null) => (o ? `lsn ${o.commitLsn}/${o.lsn}${o.snapshot ? ' (snapshot)' : ''}` : 'none');
  if (fixed) return at(c.acked);
  const to = c.lastOffsets && confirmedBy(c.lastOffsets);
  const confirm = to !== null ? `; confirms the slot at lastOffsets ${to}` : '';
  // The offsets stored by this commit are `acked`: a slot ahead of them is where a restart
  // resumes (or, since DBZ-7461, why it fails), whatever was not yet acknowledged in between.
  const ahead = to !== null && (c.acked === null || c.acked.snapshot || to > c.acked.commitLsn) ? `, ahead of the stored offsets` : '';
  const past = passed.length > 0 ? `, past unacknowledged ${passed.join(', ')}` : '';
  return `stores ${at(c.acked)}${confirm}${ahead}${past}`;
}

/** `list` (sorted by seq) with `p` inserted in order: a new list. */
// Helpers at module level, not closures in the steps that use them: under tsx (the parallel
// search's workers), a named function made in a step costs a defineProperty (`keepNames`).

/** The index of the record of `list` submitted last (the highest sequence number), or -1. */
function lastOf(list: readonly Pending[]): number {
  let m = -1;
  for (let i = 0; i < list.length; i++) if (m < 0 || list[i]!.seq > list[m]!.seq) m = i;
  return m;
}

/** The sequence number of record `k` of `list`, or -1 for none. */
function seqOf(list: readonly Pending[], k: number): number {
  return k < 0 ? -1 : list[k]!.seq;
}

/** Whether a record of `list` was submitted before sequence number `seq`. */
function anyBefore(list: readonly Pending[], seq: number): boolean {
  for (const q of list) if (q.seq < seq) return true;
  return false;
}

function insertedBySeq(list: readonly Pending[], p: Pending): Pending[] {
  let i = 0;
  while (i < list.length && list[i]!.seq < p.seq) i++;
  return list.toSpliced(i, 0, p);
}
