import type { TraceStep } from '../src/engine/CheckResult.ts';
import type { Model } from '../src/engine/Model.ts';
import { stableKey } from '../src/index.ts';
import type { TraceFile } from '../src/report/TraceFile.ts';
import type { ScopeName } from '../models/Scenario.ts';
import { getScenario } from '../models/scenarios.ts';
import type { Action } from '../models/world/Action.ts';
import type { World } from '../models/world/World.ts';
import { slotOf, tableAsOf } from '../models/world/database.ts';
import { DatabaseMirror, MirrorDivergence } from './internal/DatabaseMirror.ts';
import { firstDatabaseDifference, modelDatabaseFrom, sayTransactions } from './internal/realDatabase.ts';
import { traceWithWal } from './internal/traceWithWal.ts';
import { startPostgres } from './startPostgres.ts';

/** Options for `replayOnPostgres`. */
export interface ReplayOnPostgresOptions {
  /** Use this server; default: `startPostgres()` (which honours `DATABASE_URL`). */
  connectionString?: string;
}

/**
 * `cdc-check replay --postgres FILE.json`: re-enacts a counterexample on a real PostgreSQL.
 *
 * The trace's database steps (begins, writes, commits, aborts, column renames, the connector's
 * slot) run on the server, each model transaction in its own session. After every step the
 * server's tables and its logical-decoding stream must equal the model's database and WAL. The
 * other actors (service, connector, Kafka, consumer) run in process: each step's action is
 * applied with the model's own `next` to a state whose database is what the server says, and
 * must reach the recorded state. The connector's slot is created with an exported snapshot, as
 * Debezium does; at the end it must stream exactly what the model's connector could read (every
 * commit from its consistent point on), its snapshot must hold the model's view at that point,
 * and the
 * properties are evaluated on the server-backed states, so the same "DB says / Kafka says"
 * divergence is printed from real data.
 *
 * `agrees` is false at the first step where the server and the model part ways; the report
 * names it. Matches the CLI's `PostgresReplay` type; the server is started and stopped here.
 */
export async function replayOnPostgres(
  trace: TraceFile,
  steps: readonly TraceStep<unknown, unknown>[],
  options: ReplayOnPostgresOptions = {},
): Promise<{ agrees: boolean; report: string }> {
  const meta = trace['#meta'];
  const scenario = getScenario(meta.scenario);
  if (scenario === undefined) throw new Error(`unknown scenario ${meta.scenario}`);
  // The server's logical decoding is compared with the model's WAL, which a world without a
  // connector does not keep: its model here keeps it.
  const { model, trail } = traceWithWal(meta.scenario, (meta.scope ?? 'small') as ScopeName, steps as readonly TraceStep<World, Action>[]);
  const server = options.connectionString === undefined ? await startPostgres() : null;
  const url = options.connectionString ?? server!.connectionString;
  const lines = [`PostgreSQL${server ? ` ${server.version} (${server.origin})` : ''}: re-enacting ${meta.scenario} · ${meta.property} (${trail.length - 1} steps)`];
  const key = (s: World) => (model.key ? model.key(s) : stableKey(s));
  let mirror: DatabaseMirror | undefined;
  let divergence: string | null = null;
  const realStates: World[] = [];
  try {
    mirror = await DatabaseMirror.open(url, trail[0]!.state.db, integerColumns(trail));
    for (const [i, step] of trail.entries()) {
      if (i > 0) {
        lines.push(`  #${i} ${step.action!.label}`);
        const sql = await mirror.apply(trail[i - 1]!.state.db, step.state.db);
        lines.push(...sql.map((s) => `       ${s}`));
      }
      const real = await mirror.observe(step.state.db.tables);
      divergence = firstDatabaseDifference(real, step.state.db);
      if (divergence !== null) break;
      const state: World = { ...step.state, db: modelDatabaseFrom(real, step.state.db) };
      if (i > 0) {
        const computed = model.next(realStates[i - 1]!, step.action!);
        if (key(computed) !== key(state)) {
          divergence = `the in-process actors, stepping on the server's data, do not reach the recorded state after ${step.action!.label}`;
          break;
        }
      }
      realStates.push(state);
    }
    if (divergence === null) divergence = await slotDifference(mirror, trail.at(-1)!.state);
  } catch (error) {
    if (!(error instanceof MirrorDivergence)) throw error;
    divergence = error.message;
  } finally {
    await mirror?.close();
    await server?.stop();
  }
  if (divergence !== null) {
    lines.push(`✗ the server and the model part ways at step ${realStates.length}: ${divergence}`);
    return { agrees: false, report: lines.join('\n') };
  }
  const last = realStates.at(-1)!;
  const says = model.view?.says(last) ?? {};
  lines.push(`every step agreed: the server's tables and logical-decoding stream equal the model's database and WAL`);
  lines.push(`finally, on PostgreSQL's data: ${Object.entries(says).map(([lane, text]) => `${lane} says ${text}`).join(' / ')}`);
  const verdicts = verdictsOn(model, realStates);
  lines.push(...verdicts.map((v) => `  ${v.name}: ${v.holds ? 'holds' : 'VIOLATED'} on the server-backed trace`));
  const recorded = verdicts.find((v) => v.name === meta.property);
  const expectViolation = meta.expected === 'violated' || recorded?.holds === false;
  lines.push(
    verdicts.every((v) => v.holds)
      ? 'clean: every invariant holds on the real server'
      : `divergence reproduced on the real server: ${verdicts.filter((v) => !v.holds).map((v) => v.name).join(', ')}`,
  );
  const agrees = recorded === undefined || recorded.holds === !expectViolation;
  return { agrees, report: lines.join('\n') };
}

/**
 * The connector's real slot must stream exactly the commits at or after the model slot's
 * consistent point, and its exported snapshot must hold exactly the model's `tableAsOf` that
 * point (the view the model's snapshot reads from), compared by values in column order.
 */
async function slotDifference(mirror: DatabaseMirror, last: World): Promise<string | null> {
  const streamed = await mirror.readConnectorSlot(last.db.tables);
  const slot = slotOf(last.db);
  if (streamed === null || slot === null) return null;
  const expected = last.db.wal.filter((t) => t.commitLsn >= slot.consistentLsn);
  const a = sayTransactions(streamed);
  const b = sayTransactions(expected);
  if (a !== b) return `the connector's real slot streams ${a}, the model's slot would stream ${b}`;
  const snapshot = (await mirror.readExportedSnapshot(last.db.tables)) ?? [];
  for (const table of snapshot) {
    const model = tableAsOf(last.db, [table.name], slot.consistentLsn).map((r) => r.values);
    const real = sayRows(table.rows);
    if (real !== sayRows(model)) return `the exported snapshot of ${table.name} holds ${real}, the model's view at the consistent point holds ${sayRows(model)}`;
  }
  return null;
}

function sayRows(rows: readonly (readonly unknown[])[]): string {
  return `{${rows.map((r) => r.map((v) => (v === null ? 'null' : String(v))).join(' ')).join('; ')}}`;
}

/**
 * `always` on every state; `atQuiescence` on the last if it is terminal; `eventually`, on a trace
 * that ends in a terminal state, holds if some state of it satisfies it; `sometimes` says nothing
 * about one trace.
 */
function verdictsOn(model: Model<World, Action>, states: readonly World[]): { name: string; holds: boolean }[] {
  const last = states.at(-1)!;
  const terminal = model.actions(last).length === 0;
  return model.properties
    .filter((p) => p.kind === 'always' || ((p.kind === 'atQuiescence' || p.kind === 'eventually') && terminal))
    .map((p) => ({
      name: p.name,
      holds: p.kind === 'always' ? states.every((s) => p.holds(s)) : p.kind === 'eventually' ? states.some((s) => p.holds(s)) : p.holds(last),
    }));
}

/** Columns whose every value anywhere in the trace is an int32 become `integer` on the server. */
export function integerColumns(trail: readonly TraceStep<World, Action>[]): Set<string> {
  const seen = new Map<string, boolean>();
  const note = (table: string, i: number, v: unknown) => {
    if (v === null || v === undefined) return;
    const ok = typeof v === 'number' && Number.isInteger(v) && Math.abs(v) < 2 ** 31;
    seen.set(`${table}.${i}`, (seen.get(`${table}.${i}`) ?? true) && ok);
  };
  for (const { state } of trail) {
    for (const t of state.db.tables) for (const r of t.rows) r.forEach((v, i) => note(t.name, i, v));
    for (const x of state.db.txns) for (const w of x.writes) (w.values ?? []).forEach((v, i) => note(w.table, i, v));
    for (const x of state.db.wal) for (const c of x.changes) Object.values(c.after ?? {}).forEach((v, i) => note(c.table, i, v));
  }
  for (const t of trail[0]!.state.db.tables) seen.set(`${t.name}.0`, false);
  return new Set([...seen].filter(([, ok]) => ok).map(([k]) => k));
}
