import fc from 'fast-check';
import type { Op } from '../../models/world/database.ts';

/** A committed transaction of a schedule: its writes on the outbox table, in order. */
export type ScheduleTxn = readonly (readonly [Op, string])[];

/** One run of the Connect worker, from its start to a SIGKILL (or the schedule's end). */
export interface WorkerRun {
  /** `offset.flush.interval.ms` of this run: `often` (500 ms) or `never` (one hour: nothing is flushed while it runs). */
  flush: 'often' | 'never';
  /** Transactions committed while the worker is down, before it starts. */
  whileDown: readonly ScheduleTxn[];
  /** Transactions committed while it runs. */
  whileUp: readonly ScheduleTxn[];
  /** A transaction that writes while this run is up and commits after the next start (never on the last run). */
  straddle: boolean;
}

/** A schedule: worker runs, each ended by a SIGKILL of the worker but the last. */
export interface ConnectorSchedule {
  runs: readonly WorkerRun[];
}

const KEYS = 3;

/**
 * fast-check arbitrary of small connector schedules: one to `maxRuns` worker runs (so up to
 * `maxRuns - 1` crashes), each with a flush-interval choice, up to two transactions committed
 * while the worker is down and up to two while it is up, each of one to three writes on three
 * keys, and maybe a transaction that writes before the crash and commits after the restart.
 *
 * Generated as abstract choices and read into valid writes (`readTxn`), so shrinking, which
 * drops runs, transactions and writes, always yields a valid schedule.
 */
export function connectorScheduleArbitrary(maxRuns = 2): fc.Arbitrary<ConnectorSchedule> {
  const write = fc.tuple(fc.constantFrom<Op>('c', 'u', 'd'), fc.nat({ max: KEYS - 1 }));
  const txn = fc.array(write, { minLength: 1, maxLength: 3 });
  const run = fc.record({
    flush: fc.constantFrom<'often' | 'never'>('often', 'never'),
    whileDown: fc.array(txn, { maxLength: 2 }),
    whileUp: fc.array(txn, { maxLength: 2 }),
    straddle: fc.boolean(),
  });
  return fc.array(run, { minLength: 1, maxLength: maxRuns }).map((runs) => {
    const rows = new Set<string>();
    return {
      runs: runs.map((r, i) => ({
        flush: r.flush,
        whileDown: r.whileDown.map((t) => readTxn(t, rows)),
        whileUp: r.whileUp.map((t) => readTxn(t, rows)),
        straddle: r.straddle && i < runs.length - 1,
      })),
    };
  });
}

/**
 * Reads abstract writes into valid ones against the committed rows `rows` (updated): an insert
 * of a row that exists becomes an update, an update or delete of a missing row an insert. Keys
 * are `k0`…`k2`; a straddling transaction writes keys of its own, so nothing blocks on it.
 */
function readTxn(writes: readonly (readonly [Op, number])[], rows: Set<string>): ScheduleTxn {
  const seen = new Set(rows);
  const out = writes.map(([op, k]): [Op, string] => {
    const key = `k${k}`;
    const exists = seen.has(key);
    const real: Op = op === 'c' ? (exists ? 'u' : 'c') : exists ? op : 'c';
    if (real === 'd') seen.delete(key);
    else seen.add(key);
    return [real, key];
  });
  rows.clear();
  for (const k of seen) rows.add(k);
  return out;
}

/** A schedule as a person reads it, one run a line. Pure. */
export function formatSchedule(s: ConnectorSchedule): string {
  const txns = (list: readonly ScheduleTxn[]) => list.map((t) => `[${t.map(([op, k]) => `${op} ${k}`).join(', ')}]`).join(' ') || '-';
  return s.runs
    .map((r, i) => `run ${i + 1} (flush ${r.flush}): while down ${txns(r.whileDown)}; while up ${txns(r.whileUp)}${r.straddle ? '; a transaction writes now and commits after the restart' : ''}${i < s.runs.length - 1 ? '; SIGKILL' : ''}`)
    .join('\n');
}
