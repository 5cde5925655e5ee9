import { existsSync, readFileSync } from 'node:fs';
import type { ScopeName } from '../../../models/Scenario.ts';
import type { Model } from '../../engine/Model.ts';
import { pointOfNoReturn } from '../../engine/pointOfNoReturn.ts';
import { decodeReplay, replayOutcome, ReplayError, type ReplayOutcome } from '../../index.ts';
import { renderTextTrace } from '../../report/renderTextTrace.ts';
import { createStyle } from '../../report/Style.ts';
import { parseTraceFile, toTraceFile, TraceFileError, type TraceFile } from '../../report/TraceFile.ts';
import { buildTraceReport, type TraceReport } from '../../report/TraceReport.ts';
import type { CliIo } from '../CliIo.ts';
import { replayFailureHint, SCOPES } from '../internal/replayFailureHint.ts';
import { replayOneLiner } from '../internal/replayOneLiner.ts';
import { traceFileDrift } from '../internal/traceFileDrift.ts';
import { loadPostgresReplay } from '../PostgresReplay.ts';
import { selectScenarios, type ScenarioRegistry } from '../ScenarioRegistry.ts';
import { ExitCode, UsageError } from '../UsageError.ts';

/** Parsed options of `cdc-check replay`. */
export interface ReplayCommandOptions {
  /** With a bare replay string: the scenario it belongs to. */
  scenario?: string;
  /** With a bare replay string: the scope (default small). */
  scope?: ScopeName;
  /** With a bare replay string: the property it claims to violate (default: any). */
  property?: string;
  /** Also re-enact the trace on PostgreSQL (provided by `conformance/`). */
  postgres?: boolean;
}

/**
 * `cdc-check replay FILE.json` (or `replay --scenario ID 'REPLAY-STRING'`): re-runs a recorded
 * counterexample against the current model, says what the path reaches and which properties its
 * end violates, and prints its timeline.
 *
 * Exit 0 only when that matches the claim: a file's property (and its recorded reason and loop)
 * is violated at the end, and every recorded state, label and field is what the model derives; a
 * bare string's `--property`, or without one some property, is violated. Exit 1, saying what
 * differs, when it does not; nothing is printed on stdout then. Exit 2 for an unreadable or
 * malformed file or string, or an unknown scenario, scope or property.
 */
export async function replayCommand(registry: ScenarioRegistry, source: string, options: ReplayCommandOptions, io: CliIo): Promise<number> {
  const style = createStyle(io.color);
  // Refuse an unavailable --postgres before replaying, not after a long timeline.
  const onPostgres = options.postgres ? await loadPostgresReplay() : undefined;
  if (options.postgres && !onPostgres) {
    throw new UsageError('replay --postgres is not available in this build', 'it is provided by conformance/replayOnPostgres.ts; replay without --postgres for the model alone');
  }
  const recorded = loadSource(source, options);
  const [scenario] = selectScenarios(registry, [recorded.scenario]);
  const scope = recorded.scope ?? 'small';
  if (!(SCOPES as readonly string[]).includes(scope)) {
    throw new UsageError(`${recorded.file ? '#meta.scope' : '--scope'} is ${JSON.stringify(scope)}, not one of ${SCOPES.join(', ')}`, 'a trace file says the scope it was checked at; re-write it with `cdc-check check --report DIR`');
  }
  try {
    decodeReplay(recorded.replay);
  } catch (e) {
    if (!(e instanceof ReplayError)) throw e;
    throw new UsageError(`${recorded.file ? '#meta.replay is ' : ''}${e.message}`, e.hint);
  }
  const model = scenario!.model(scope as ScopeName) as Model<unknown, unknown>;
  const notReproduced = (what: string, hint?: string): number => {
    io.err(`${style.red('does not reproduce')}${what}\n${hint ? style.dim(`hint: ${hint}`) + '\n' : ''}`);
    return ExitCode.mismatch;
  };
  const file = recorded.file;
  if (file) {
    const meta = file['#meta'];
    const version = model.version ?? '1';
    if (meta.model.name !== model.name || meta.model.version !== version) {
      return notReproduced(`: the file was made by model ${meta.model.name} version ${meta.model.version}; ${scenario!.id} now checks ${model.name} version ${version}`, 're-run `cdc-check check --report DIR` for a fresh trace of the current model');
    }
  }
  let outcome: ReplayOutcome<unknown, unknown>;
  try {
    outcome = replayOutcome(model, recorded.replay);
  } catch (e) {
    if (!(e instanceof ReplayError)) throw e;
    const where = e.step === undefined ? '' : ` (at step ${e.step})`;
    return notReproduced(`${where}: ${e.message}`, replayFailureHint({ scenario: scenario!, scope: scope as ScopeName, replay: recorded.replay, error: e, ...(file ? { file } : {}) }));
  }
  const steps = outcome.trace;
  const claimed = recorded.property;
  if (claimed !== undefined && !model.properties.some((p) => p.name === claimed)) {
    const names = model.properties.map((p) => p.name).join(', ');
    if (!file) throw new UsageError(`--property '${claimed}' is not a property of ${scenario!.id}`, `its properties: ${names}`);
    return notReproduced(`: the model checks no property named '${claimed}' (#meta.property)`, `${scenario!.id} checks ${names}`);
  }
  const reached = describeEnd(outcome);
  const hit = claimed === undefined ? outcome.violated[0] : outcome.violated.find((v) => v.property === claimed);
  if (!hit) {
    const others = outcome.violated.map((v) => v.property);
    return notReproduced(
      `: the path replays and ${reached}, but ${claimed === undefined ? 'no property is violated there' : `${claimed} is not violated there`}${others.length > 0 ? ` (violated: ${others.join(', ')})` : ''}`,
      claimed === undefined ? 'a replay string is worth replaying when it ends in a counterexample; give the one printed with a violation' : `${claimed} holds at its end, so the trace is not a counterexample to it`,
    );
  }
  const property = model.properties.find((p) => p.name === hit.property)!;
  const damageStep = pointOfNoReturn(model, property, steps);
  const report: TraceReport = buildTraceReport(model, steps, {
    scenario: scenario!.id,
    property: hit.property,
    kind: property.kind,
    title: scenario!.title,
    explanation: scenario!.explanation,
    scope,
    expected: (scenario!.expected as Readonly<Record<string, 'holds' | 'violated' | undefined>>)[hit.property] ?? 'holds',
    replay: recorded.replay,
    ...(file ? { options: file['#meta'].options } : {}),
    ...(hit.reason === undefined ? {} : { reason: hit.reason }),
    ...(outcome.loopsBackTo === undefined ? {} : { loopsBackTo: outcome.loopsBackTo }),
    ...(damageStep === undefined ? {} : { damageStep }),
  });
  if (file) {
    // Compared as the file would be written: actions serialise through their toJSON.
    const derived = JSON.parse(JSON.stringify(toTraceFile(report))) as TraceFile;
    // Fields added after version 1 came out are optional: a file from an older writer lacks them.
    for (const field of ['reason', 'loopsBackTo', 'damageStep'] as const) {
      if (file['#meta'][field] === undefined) delete derived['#meta'][field];
    }
    const drift = traceFileDrift(file, derived);
    if (drift) {
      return notReproduced(
        `${drift.step === undefined ? '' : ` (at step ${drift.step})`}: ${drift.what}`,
        drift.cause === 'state' ? 'the model changed without a version bump; re-run `cdc-check check` for a fresh trace' : 'the file was edited; re-write it with `cdc-check check --report DIR`',
      );
    }
  }
  // PostgreSQL first: when no server can be had, the error is all that is printed.
  let onServer: { agrees: boolean; report: string } | undefined;
  if (onPostgres) {
    try {
      onServer = await onPostgres(file ?? toTraceFile(report), steps);
    } catch (e) {
      // conformance/ says why it could not get a server in one line; anything else is a bug.
      if (!(e instanceof Error && e.name === 'ServerStartError')) throw e;
      throw new UsageError(e.message, 'set DATABASE_URL to a PostgreSQL server with wal_level=logical, or unset it to start the embedded one');
    }
  }
  io.out(`${renderTextTrace(report, { style, replayCommand: replayOneLiner(scenario!.id, scope, recorded.replay) })}\n`);
  if (onServer) {
    io.out(`${onServer.report}\n`);
    if (!onServer.agrees) return ExitCode.mismatch;
  }
  const violated = outcome.violated.map((v) => `${v.property} (${v.kind})`).join(', ');
  io.out(`${style.green('reproduced')}: ${steps.length - 1} steps; the path ${reached}; violated there: ${violated}${hit.reason ? `\n  why ${hit.property} fails: ${hit.reason}` : ''}\n`);
  return ExitCode.ok;
}

/** "ends in a terminal state", "ends in a state with 3 actions enabled", "loops back to step 2". */
function describeEnd(outcome: ReplayOutcome<unknown, unknown>): string {
  if (outcome.loopsBackTo !== undefined) return `loops back to step ${outcome.loopsBackTo} for ever`;
  return outcome.terminal ? 'ends in a terminal state' : 'ends in a state where actions are still enabled';
}

/** What a replay needs, from a trace file or from flags plus a bare replay string. */
interface RecordedTrace {
  scenario: string;
  scope: string | null;
  replay: string;
  property?: string;
  file?: TraceFile;
}

function loadSource(source: string, options: ReplayCommandOptions): RecordedTrace {
  const looksLikeFile = source.endsWith('.json') || existsSync(source);
  if (!looksLikeFile) {
    if (!options.scenario) {
      throw new UsageError(`'${source}' is neither a trace file nor usable on its own`, 'give a FILE.json written by `check --report`, or a replay string with --scenario ID');
    }
    return { scenario: options.scenario, scope: options.scope ?? null, replay: source, ...(options.property === undefined ? {} : { property: options.property }) };
  }
  if (options.property !== undefined) throw new UsageError('--property goes with a bare replay string', 'a trace file names its property in #meta.property');
  let text: string;
  try {
    text = readFileSync(source, 'utf8');
  } catch (e) {
    const code = (e as { code?: string }).code;
    throw new UsageError(
      `cannot read trace file '${source}'${code === 'ENOENT' ? ': no such file' : code === 'EISDIR' ? ': it is a directory' : code ? ` (${code})` : ''}`,
      'write one with `cdc-check check <id> --report DIR`, then replay DIR/<id>/<property>.json',
    );
  }
  let file: TraceFile;
  try {
    file = parseTraceFile(text);
  } catch (e) {
    if (!(e instanceof TraceFileError)) throw e;
    throw new UsageError(`'${source}' is not a cdc-check trace: ${e.message}`, 'replay a .json file written by `cdc-check check --report`');
  }
  const meta = file['#meta'];
  return { scenario: options.scenario ?? meta.scenario, scope: options.scope ?? meta.scope, replay: meta.replay, property: meta.property, file };
}
