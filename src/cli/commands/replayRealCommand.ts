import { existsSync, readFileSync } from 'node:fs';
import type { ScopeName } from '../../../models/Scenario.ts';
import type { TraceStep } from '../../engine/CheckResult.ts';
import type { Model } from '../../engine/Model.ts';
import { replayOutcome } from '../../index.ts';
import { parseTraceFile, type TraceFile } from '../../report/TraceFile.ts';
import type { CliIo } from '../CliIo.ts';
import { selectScenarios, type ScenarioRegistry } from '../ScenarioRegistry.ts';
import { ExitCode, UsageError } from '../UsageError.ts';
import { replayCommand, type ReplayCommandOptions } from './replayCommand.ts';
import { importTypeScript } from '../internal/importTypeScript.ts';

/**
 * What `conformance/pipeline/replayOnPipeline.ts` provides: whether Java, Maven and the built
 * harness are there (undefined, or the same one line `npm run test:pipeline` prints), and the
 * re-enactment itself, printing its report line by line.
 */
export interface PipelineReplayModule {
  pipelineReady(): string | undefined;
  replayOnPipeline(trace: TraceFile, steps: readonly TraceStep<unknown, unknown>[], options: { print: (line: string) => void }): Promise<{ verdict: 'reproduced' | 'diverged'; step?: number }>;
}

/** Where the CLI looks for the real-pipeline replay, relative to this file (loaded lazily: plain replays never load it). */
export const PIPELINE_REPLAY_MODULE = '../../../conformance/pipeline/replayOnPipeline.ts';

/**
 * `cdc-check replay --real FILE.json`: first the trace is replayed on the model as `replay`
 * does (any mismatch is answered as there); then it is re-enacted on the real pipeline
 * (PostgreSQL, a Kafka broker, Kafka Connect with Debezium; see docs/real-pipeline.md), which
 * prints, step by step, what the real systems say beside what the model says.
 *
 * Exit 0 "reproduced": every step agreed and the trace's property fails on the real systems'
 * data. Exit 1 "diverged at step k". Exit 2 when it cannot run: a bare replay string, Java or
 * Maven missing (the one line `npm run test:pipeline` prints), or a trace with a step that has
 * no real control point (named).
 */
export async function replayRealCommand(registry: ScenarioRegistry, source: string, options: ReplayCommandOptions, io: CliIo): Promise<number> {
  if (options.postgres) throw new UsageError('--real and --postgres do not go together', '--real re-enacts the database steps on PostgreSQL as well');
  if (!source.endsWith('.json') && !existsSync(source)) {
    throw new UsageError('--real re-enacts a trace file, not a bare replay string', 'write one with `cdc-check check <id> --report DIR`, then `cdc-check replay --real DIR/<id>/<property>.json`');
  }
  const real = await loadPipelineReplay();
  if (real === undefined) throw new UsageError('replay --real is not available in this build', 'it is provided by conformance/pipeline/replayOnPipeline.ts');
  // The model first: a trace that no longer replays is answered as `replay` answers it.
  let modelOut = '';
  const quiet: CliIo = { ...io, out: (t) => void (modelOut += t) };
  const onModel = await replayCommand(registry, source, { ...options, postgres: false }, quiet);
  if (onModel !== ExitCode.ok) return onModel;
  const summary = modelOut.trimEnd().split('\n').findLast((l) => l.includes('reproduced'));
  if (summary !== undefined) io.out(`model: ${summary.replace(/\x1b\[[0-9;]*m/g, '')}\n`);
  const missing = real.pipelineReady();
  if (missing !== undefined) {
    io.err(`${missing}\n`);
    return ExitCode.usage;
  }
  const file = parseTraceFile(readFileSync(source, 'utf8'));
  const [scenario] = selectScenarios(registry, [options.scenario ?? file['#meta'].scenario]);
  const model = scenario!.model((options.scope ?? file['#meta'].scope ?? 'small') as ScopeName) as Model<unknown, unknown>;
  const steps = replayOutcome(model, file['#meta'].replay).trace;
  try {
    const result = await real.replayOnPipeline(file, steps, { print: (line) => io.out(`${line}\n`) });
    return result.verdict === 'reproduced' ? ExitCode.ok : ExitCode.mismatch;
  } catch (e) {
    // conformance/ says in one line why a trace cannot be re-enacted, or why a server would not start.
    if (e instanceof Error && e.name === 'RealReplayRefused') throw new UsageError(`replay --real cannot re-enact this trace: ${e.message}`, 'docs/real-pipeline.md lists the model steps that have a real control point');
    if (e instanceof Error && e.name === 'ServerStartError') throw new UsageError(e.message, 'set DATABASE_URL to a PostgreSQL server with wal_level=logical, or unset it to start the embedded one');
    throw e;
  }
}

async function loadPipelineReplay(): Promise<PipelineReplayModule | undefined> {
  try {
    const mod = (await importTypeScript(new URL(PIPELINE_REPLAY_MODULE, import.meta.url))) as Partial<PipelineReplayModule>;
    return typeof mod.replayOnPipeline === 'function' && typeof mod.pipelineReady === 'function' ? (mod as PipelineReplayModule) : undefined;
  } catch (e) {
    if ((e as { code?: string }).code === 'ERR_MODULE_NOT_FOUND') return undefined;
    throw e;
  }
}
