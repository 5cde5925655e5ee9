import { begin, commit, createDatabase, createSlot, nextStreamedChange, slotCreationWaitsFor, tableAsOf, write, type Database, type Write } from '../models/world/database.ts';
import type { HandoverObservation } from './HandoverObservation.ts';
import type { HandoverPlan, WriterChange } from './HandoverPlan.ts';
import { HANDOVER_TABLE } from './runHandoverOnPostgres.ts';
import type { Row } from './Workload.ts';
import type { OutcomeChange } from './WorkloadOutcome.ts';

const TABLE = HANDOVER_TABLE;
const OPS = { c: 'insert', u: 'update', d: 'delete' } as const;

/**
 * Enacts a hand-over plan with the model's database, the way the model's connector
 * (`models/pipeline/connectorDef.ts`) does: the slot is created at the current WAL position,
 * the snapshot view is that position (`tableAsOf`), the start LSN is the view (exported) or the
 * WAL position at the plan's `readLsn` step (legacy), and streaming walks `nextStreamedChange`
 * from the start (whole transactions committing at or after it, in commit order). Coverage follows `properties/snapshotStreamConsistency.ts`: in the snapshot
 * when the commit LSN is below the view, streamed when one of its changes was streamed.
 *
 * `slotCreationWaited` reports whether the model says slot creation had to wait for a writer.
 * Deterministic; a fresh database per call.
 */
export function runHandoverOnModel(plan: HandoverPlan): HandoverObservation & { slotCreationWaited: boolean } {
  const db = createDatabase([
    { name: TABLE, columns: ['id', 'balance'], rows: plan.seed.map((r) => [String(r.id), r.balance]) },
  ]);
  const labels = new Map<number, string>();
  if (db.wal[0] !== undefined) labels.set(db.wal[0].xid, 'seed');
  if (plan.inFlight !== null) {
    const pending = begin(db);
    labels.set(pending, 'in-flight');
    write(db, pending, toWrite(plan.inFlight));
  }
  // Slot creation waits for every transaction that has written (`slotCreationWaitsFor`); on the
  // server the in-flight writer's commit is what lets it finish, so here it commits first.
  const waitedFor = slotCreationWaitsFor(db);
  for (const xid of waitedFor) commit(db, xid);
  createSlot(db);
  const view = db.nextLsn;
  let start: number | null = plan.handover === 'exported' ? view : null;
  const snapshot = (): Row[] => tableAsOf(db, [TABLE], view).map((r) => ({ id: Number(r.values[0]), balance: r.values[1] ?? null }));
  let cursor = 0;
  const snapshotRows: Row[] = [];
  let writes = 0;
  for (const step of plan.steps) {
    if (step.kind === 'readRow') {
      const row = snapshot()[cursor];
      if (row !== undefined) snapshotRows.push(row), cursor++;
    } else if (step.kind === 'commit') {
      const xid = begin(db);
      labels.set(xid, `w${writes++}`);
      write(db, xid, toWrite(step.change));
      commit(db, xid);
    } else start = db.nextLsn;
  }
  snapshotRows.push(...snapshot().slice(cursor));
  if (start === null) throw new Error('a legacy hand-over plan needs a readLsn step');
  const streamed = stream(db, start, labels);
  const coverage = Object.fromEntries(
    db.wal.map((txn) => {
      const txnLabel = labels.get(txn.xid) ?? `xid ${txn.xid}`;
      return [txnLabel, { inSnapshot: txn.commitLsn < view, streamed: streamed.some((s) => s.txn === txnLabel) }];
    }),
  );
  const source = tableAsOf(db, [TABLE], db.nextLsn).map((r) => ({ id: Number(r.values[0]), balance: r.values[1] ?? null }));
  source.sort((a, b) => a.id - b.id);
  return { slotCreationWaited: waitedFor.length > 0, snapshotRows, streamed, source, coverage, detail: [`view ${view}, start ${start}`, ...db.wal.map((t) => `xid ${t.xid} (${labels.get(t.xid)}) commit ${t.commitLsn}`)] };
}

function stream(db: Database, start: number, labels: ReadonlyMap<number, string>): HandoverObservation['streamed'] {
  const out: HandoverObservation['streamed'] = [];
  let pos = { commitLsn: start, lsn: -1 };
  for (let next = nextStreamedChange(db, [TABLE], pos); next !== null; next = nextStreamedChange(db, [TABLE], pos)) {
    pos = { commitLsn: next.txn.commitLsn, lsn: next.change.lsn };
    const txn = labels.get(next.txn.xid) ?? `xid ${next.txn.xid}`;
    const change: OutcomeChange = {
      table: 'accounts',
      op: OPS[next.change.op],
      row: next.change.after === null ? { id: Number(next.change.pk) } : { id: Number(next.change.after.id), balance: next.change.after.balance ?? null },
    };
    const last = out.at(-1);
    if (last !== undefined && last.txn === txn) last.changes.push(change);
    else out.push({ txn, changes: [change] });
  }
  return out;
}

function toWrite(change: WriterChange): Write {
  const pk = String(change.id);
  if (change.op === 'delete') return { table: TABLE, op: 'd', pk, values: null, tag: null };
  return { table: TABLE, op: change.op === 'insert' ? 'c' : 'u', pk, values: [pk, change.balance], tag: null };
}
