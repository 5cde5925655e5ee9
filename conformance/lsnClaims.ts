import { lsnValue } from './parseTestDecoding.ts';
import type { WorkloadOutcome } from './WorkloadOutcome.ts';

/** How a server outcome's LSNs relate to what the model claims about them. */
export interface LsnFindings {
  /** Broken claims, one line each: commit LSNs must rise in stream order, and change LSNs within
   * a transaction must rise in statement order and stay below its commit. */
  violations: string[];
  /** Changes whose LSN is below the previous transaction's commit LSN: a transaction that wrote
   * before an earlier one committed. Counted, to show the workloads exercise it; not a fault. */
  interleavedChanges: number;
}

/**
 * Checks the basic LSN order of a stream: commit LSNs rise in stream order, and each
 * transaction's change LSNs rise in statement order below its commit; and counts the changes
 * written before the previous transaction committed. Pure.
 */
export function lsnClaims(outcome: WorkloadOutcome): LsnFindings {
  const violations: string[] = [];
  let interleavedChanges = 0;
  let previousCommit = -1n;
  for (const txn of outcome.committed) {
    if (txn.lsns === undefined) continue;
    const commit = lsnValue(txn.lsns.commit);
    if (commit <= previousCommit) violations.push(`${txn.txn}: commit LSN ${txn.lsns.commit} does not rise in stream order`);
    let previousChange = -1n;
    for (const lsn of txn.lsns.changes.map(lsnValue)) {
      if (lsn <= previousChange || lsn >= commit) violations.push(`${txn.txn}: change LSNs out of statement order or past the commit`);
      if (lsn < previousCommit) interleavedChanges++;
      previousChange = lsn;
    }
    previousCommit = commit;
  }
  return { violations, interleavedChanges };
}

/**
 * Every committed change and commit of an outcome, named (`s0.t1#0`, `s0.t1:commit`) and listed
 * in LSN order. The model takes LSNs when statements write and when transactions commit, as
 * PostgreSQL does, so both sides must list the same names in the same order, though their
 * LSN values differ. Pure.
 */
export function lsnOrder(outcome: WorkloadOutcome): string[] {
  const events: { name: string; lsn: bigint }[] = [];
  for (const txn of outcome.committed) {
    if (txn.lsns === undefined) continue;
    txn.lsns.changes.forEach((lsn, i) => events.push({ name: `${txn.txn}#${i}`, lsn: lsnValue(lsn) }));
    events.push({ name: `${txn.txn}:commit`, lsn: lsnValue(txn.lsns.commit) });
  }
  return events.sort((a, b) => (a.lsn < b.lsn ? -1 : a.lsn > b.lsn ? 1 : 0)).map((e) => e.name);
}
