import { lsnValue } from './parseTestDecoding.ts';
import type { WorkloadOutcome } from './WorkloadOutcome.ts';

/** How a server outcome's LSNs relate to what the model claims about them. */
export interface LsnFindings {
  /** Broken claims, one line each: commit LSNs must rise in stream order, and change LSNs within
   * a transaction must rise in statement order and stay below its commit. */
  violations: string[];
  /** Changes whose LSN is below the previous transaction's commit LSN: real, and outside the
   * model, which numbers a transaction's changes after the previous commit. Counted, not a fault. */
  interleavedChanges: number;
}

/**
 * Checks the LSN order the model's database claims (`models/world/database.ts`: "only their
 * order within a transaction and the order of commit LSNs are claimed") against the server's
 * stream, and counts what the model leaves out. Pure.
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
