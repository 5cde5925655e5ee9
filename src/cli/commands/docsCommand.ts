import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { renderPipelineDoc } from '../../report/renderPipelineDoc.ts';
import type { CliIo } from '../CliIo.ts';
import type { ScenarioRegistry } from '../ScenarioRegistry.ts';
import { ExitCode } from '../UsageError.ts';

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
  mkdirSync(dirname(options.out), { recursive: true });
  writeFileSync(options.out, doc);
  io.err(`wrote ${options.out}\n`);
  return ExitCode.ok;
}
