import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ModelSource } from '../ModelSource.ts';
import { atomicWrite, compileModule, sha256 } from './compileModule.ts';

/**
 * The environment variable by which a process that runs compiled code (the CLI's process,
 * `cdc-check run`, the bench) names the cache its parallel search's workers compile into: set,
 * the workers run compiled too (`compileWorker`); unset, they load the TypeScript under tsx.
 */
export const COMPILED_CACHE_ENV = 'CDC_CHECK_COMPILED_CACHE';

/**
 * Compiles a worker thread's code into one JavaScript file without esbuild's `keepNames`
 * (`compileModule`, cached in `cacheDir`) and returns its path: the engine's worker entry
 * (`parallelWorker.ts`, as `runParallelWorker`) and the model source's module (as `source`),
 * from one entry module written beside the cache, so that they share one copy of the engine.
 * Under tsx, which keeps names, every named function a model creates in a step costs an
 * `Object.defineProperty`. The entry is named by what it imports, so each model module has its own.
 */
export async function compileWorker(source: ModelSource, cacheDir: string): Promise<string> {
  const worker = fileURLToPath(new URL('./parallelWorker.ts', import.meta.url));
  const text = `export { runParallelWorker } from ${JSON.stringify(worker)};\nexport * as source from ${JSON.stringify(fileURLToPath(source.module))};\n`;
  const dir = resolve(cacheDir);
  const entry = join(dir, `worker-${sha256(text).slice(0, 16)}.mjs`);
  if (!existsSync(entry)) {
    mkdirSync(dir, { recursive: true });
    atomicWrite(entry, text);
  }
  return (await compileModule(entry, dir)).file;
}
