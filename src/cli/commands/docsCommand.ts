import { existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { renderPipelineDoc } from '../../report/renderPipelineDoc.ts';
import type { CliIo } from '../CliIo.ts';
import type { ScenarioRegistry } from '../ScenarioRegistry.ts';
import { ExitCode, UsageError } from '../UsageError.ts';

/** The generated pipeline doc's path, relative to the project root. */
export const PIPELINE_DOC = 'docs/pipeline.md';

/** The pipeline doc as the current code generates it, from every registered scenario's machines. */
export function pipelineDoc(registry: ScenarioRegistry): string {
  return renderPipelineDoc(registry.scenarios.map((s) => ({ id: s.id, title: s.title, knobs: s.knobs, machines: s.machines() })));
}

/**
 * `cdc-check docs [--out FILE] [--check]` (`npm run docs`): writes `docs/pipeline.md`; with
 * `--check`, writes nothing and exits 1 when the file on disk is stale.
 */
export function docsCommand(registry: ScenarioRegistry, options: { out: string; check: boolean }, io: CliIo): number {
  if (!options.check) checkOutPath(options.out);
  const doc = pipelineDoc(registry);
  if (options.check) {
    let current = '';
    try {
      current = readFileSync(options.out, 'utf8');
    } catch {
      // A missing file is simply stale.
    }
    if (current === doc) return ExitCode.ok;
    io.err(`${options.out} is stale; run \`npm run docs\` and commit it\n`);
    return ExitCode.mismatch;
  }
  // Written beside the target, then renamed over it: never half a file.
  const temp = join(dirname(options.out), `.${basename(options.out)}.tmp-${process.pid}`);
  try {
    writeFileSync(temp, doc);
    renameSync(temp, options.out);
  } catch (e) {
    rmSync(temp, { force: true });
    throw new UsageError(`cannot write '${options.out}': ${(e as { code?: string }).code ?? (e as Error).message}`, 'give --out a file in a directory you can write');
  }
  io.err(`wrote ${options.out}\n`);
  return ExitCode.ok;
}

/** Refuses, before any work, an --out that is empty, a directory, or in a missing or unwritable directory. */
function checkOutPath(out: string): void {
  const hint = 'give --out a file path in an existing directory you can write, e.g. docs/pipeline.md';
  if (out.trim() === '') throw new UsageError('--out is an empty name', hint);
  if (existsSync(out) && statSync(out).isDirectory()) throw new UsageError(`--out '${out}' is a directory, not a file`, hint);
  const dir = dirname(out);
  if (!existsSync(dir)) throw new UsageError(`--out '${out}': the directory '${dir}' does not exist`, hint);
  if (!statSync(dir).isDirectory()) throw new UsageError(`--out '${out}': '${dir}' is not a directory`, hint);
}
