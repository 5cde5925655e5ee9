import { existsSync, readFileSync } from 'node:fs';
import type { ScopeName } from '../../../models/Scenario.ts';
import type { TraceStep } from '../../engine/CheckResult.ts';
import type { Model } from '../../engine/Model.ts';
import { replay, ReplayError } from '../../index.ts';
import { compactJson, diffStates, formatChange } from '../../report/internal/diffStates.ts';
import { renderTextTrace } from '../../report/renderTextTrace.ts';
import { createStyle } from '../../report/Style.ts';
import { parseTraceFile, toTraceFile, traceFileStates, TraceFileError, type TraceFile } from '../../report/TraceFile.ts';
import { buildTraceReport } from '../../report/TraceReport.ts';
import type { CliIo } from '../CliIo.ts';
import { replayOneLiner } from '../internal/replayOneLiner.ts';
import { loadPostgresReplay } from '../PostgresReplay.ts';
import { selectScenarios, type ScenarioRegistry } from '../ScenarioRegistry.ts';
import { ExitCode, UsageError } from '../UsageError.ts';

/** Parsed options of `cdc-check replay`. */
export interface ReplayCommandOptions {
  /** With a bare replay string: the scenario it belongs to. */
  scenario?: string;
  /** With a bare replay string: the scope (default small). */
  scope?: ScopeName;
  /** Also re-enact the trace on PostgreSQL (provided by `conformance/`). */
  postgres?: boolean;
}

/**
 * `cdc-check replay FILE.json` (or `replay --scenario ID 'REPLAY-STRING'`): re-runs a recorded
 * counterexample against the current model and prints its timeline.
 *
 * Exit 0 when it reproduces: every step applies, every state equals the recorded one, and the
 * property still fails at the end. Exit 1, naming the step and the reason, when the model has
 * changed so that it no longer does. Exit 2 for an unreadable file or an unknown scenario.
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
  const scope = (recorded.scope ?? 'small') as ScopeName;
  const model = scenario!.model(scope) as Model<unknown, unknown>;
  let steps: TraceStep<unknown, unknown>[];
  try {
    steps = replay(model, recorded.replay);
  } catch (e) {
    if (!(e instanceof ReplayError)) throw e;
    const where = e.step === undefined ? '' : ` (at step ${e.step})`;
    io.err(`${style.red('does not reproduce')}${where}: ${e.message}\n${style.dim(`hint: ${e.hint}`)}\n`);
    return ExitCode.mismatch;
  }
  if (recorded.states) {
    const drift = firstDrift(recorded.states, steps);
    if (drift) {
      io.err(`${style.red('does not reproduce')} (at step ${drift.step}): the model now reaches a different state there: ${drift.what}\n`);
      io.err(style.dim('hint: the model changed without a version bump; re-run `cdc-check check` for a fresh trace\n'));
      return ExitCode.mismatch;
    }
  }
  const property = recorded.property ? model.properties.find((p) => p.name === recorded.property) : undefined;
  const report = buildTraceReport(model, steps, {
    scenario: scenario!.id,
    property: recorded.property ?? '(replay)',
    kind: property?.kind ?? 'always',
    title: scenario!.title,
    explanation: scenario!.explanation,
    scope,
    replay: recorded.replay,
  });
  io.out(`${renderTextTrace(report, { style, replayCommand: replayOneLiner(scenario!.id, scope, recorded.replay) })}\n`);
  if (recorded.property) {
    if (!property) {
      io.err(`${style.red('does not reproduce')}: the model no longer checks a property named '${recorded.property}'\n`);
      return ExitCode.mismatch;
    }
    const last = steps[steps.length - 1]!.state;
    const fails = property.kind === 'atQuiescence' || property.kind === 'eventually' ? model.actions(last).length === 0 && !property.holds(last) : !property.holds(last);
    if (!fails) {
      io.err(`${style.red('does not reproduce')}: the trace replays, but ${property.name} now holds at its last step (step ${steps.length - 1})\n`);
      return ExitCode.mismatch;
    }
  }
  if (onPostgres) {
    const verdict = await onPostgres(recorded.file ?? toTraceFile(report), steps);
    io.out(`${verdict.report}\n`);
    if (!verdict.agrees) return ExitCode.mismatch;
  }
  io.out(`${style.green('reproduced')}: ${steps.length - 1} steps${recorded.property ? `, ${recorded.property} violated at the last one` : ''}\n`);
  return ExitCode.ok;
}

/** What a replay needs, from a trace file or from flags plus a bare replay string. */
interface RecordedTrace {
  scenario: string;
  scope: string | null;
  replay: string;
  property?: string;
  states?: unknown[];
  file?: TraceFile;
}

function loadSource(source: string, options: ReplayCommandOptions): RecordedTrace {
  const looksLikeFile = source.endsWith('.json') || existsSync(source);
  if (!looksLikeFile) {
    if (!options.scenario) {
      throw new UsageError(`'${source}' is neither a trace file nor usable on its own`, 'give a FILE.json written by `check --report`, or a replay string with --scenario ID');
    }
    return { scenario: options.scenario, scope: options.scope ?? null, replay: source };
  }
  let text: string;
  try {
    text = readFileSync(source, 'utf8');
  } catch (e) {
    const code = (e as { code?: string }).code;
    throw new UsageError(
      `cannot read trace file '${source}'${code === 'ENOENT' ? ': no such file' : code ? ` (${code})` : ''}`,
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
  return {
    scenario: options.scenario ?? meta.scenario,
    scope: options.scope ?? meta.scope,
    replay: meta.replay,
    property: meta.property,
    states: traceFileStates(file),
    file,
  };
}

/** The first step whose replayed state differs from the recorded one, with the first differences. */
function firstDrift(recorded: readonly unknown[], steps: readonly TraceStep<unknown, unknown>[]): { step: number; what: string } | undefined {
  if (recorded.length !== steps.length) return { step: Math.min(recorded.length, steps.length), what: `the trace has ${steps.length} states, the file ${recorded.length}` };
  for (let i = 0; i < steps.length; i++) {
    if (compactJson(recorded[i]) !== compactJson(steps[i]!.state)) {
      const changes = diffStates(recorded[i], steps[i]!.state);
      return { step: i, what: changes.slice(0, 3).map((c) => formatChange(c)).join('; ') };
    }
  }
  return undefined;
}
