import type { Row } from './Workload.ts';
import type { OutcomeChange } from './WorkloadOutcome.ts';

/** How one committed transaction reached the replica: through the snapshot, the stream, both, or neither. */
export interface Coverage {
  /** Visible in the snapshot the reader used. */
  inSnapshot: boolean;
  /** Its changes came through the stream. */
  streamed: boolean;
}

/**
 * What one side (server or model) says a hand-over did: the rows the snapshot read (op `r`), the
 * transactions streamed from the start position, the source table at the end, and for every
 * committed transaction on the table (named `seed`, `in-flight`, `w0`, `w1`, …) its coverage.
 */
export interface HandoverObservation {
  snapshotRows: Row[];
  streamed: { txn: string; changes: OutcomeChange[] }[];
  source: Row[];
  coverage: Record<string, Coverage>;
  /** Side-specific detail for failure messages (LSNs, xids); never compared. */
  detail: string[];
}

/** The replica a consumer builds: the snapshot's `r` rows, then each streamed change applied in order. Pure. */
export function buildReplica(observation: HandoverObservation): Row[] {
  const rows = new Map<number, Row>();
  for (const row of observation.snapshotRows) rows.set(Number(row.id), row);
  for (const txn of observation.streamed) {
    for (const change of txn.changes) {
      if (change.op === 'delete') rows.delete(Number(change.row.id));
      else rows.set(Number(change.row.id), change.row);
    }
  }
  return [...rows.values()].sort((a, b) => Number(a.id) - Number(b.id));
}

/**
 * `snapshot-stream-consistency` on an observation, as `properties/snapshotStreamConsistency.ts`
 * defines it: every committed transaction is covered by the snapshot or the stream (never
 * neither: no gap), and the replica equals the source (so any overlap was only duplicates).
 * Returns the violations, one readable line each; empty when it holds. Pure.
 */
export function snapshotStreamViolations(observation: HandoverObservation): string[] {
  const out: string[] = [];
  for (const [txn, coverage] of Object.entries(observation.coverage)) {
    if (!coverage.inSnapshot && !coverage.streamed) out.push(`gap: ${txn} committed, but is neither in the snapshot nor in the stream`);
  }
  const replica = JSON.stringify(buildReplica(observation));
  const source = JSON.stringify(observation.source);
  if (replica !== source) out.push(`replica ${replica} differs from source ${source}`);
  return out;
}

/** One-line coverage summary such as `seed:snapshot w0:stream w1:neither`. Pure. */
export function formatCoverage(coverage: Readonly<Record<string, Coverage>>): string {
  return Object.entries(coverage)
    .map(([txn, c]) => `${txn}:${c.inSnapshot && c.streamed ? 'both' : c.inSnapshot ? 'snapshot' : c.streamed ? 'stream' : 'neither'}`)
    .join(' ');
}
