import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { REDUCTION_ENV, WORKERS_ENV } from '../../engine/resolveOptions.ts';
import type { CliIo } from '../CliIo.ts';
import { COMPILE_CACHE, CompileError, compileModule } from '../compileModule.ts';
import { UsageError } from '../UsageError.ts';

/**
 * `cdc-check run FILE [args…]`: runs a user's check script (TypeScript or JavaScript) the way
 * `npx tsx FILE` would, but from JavaScript compiled once without esbuild's `keepNames` and cached
 * under `node_modules/.cache/cdc-check` of the working directory (see `compileModule`). The script
 * runs in a plain `node` child with the arguments after FILE, sharing this process's terminal,
 * and its exit code is returned. With `por`, the child's checks default to partial-order
 * reduction where they can take it (`CDC_CHECK_REDUCTION=por`, see `resolveOptions`); with
 * `workers`, those that name a model source and no worker count search on that many threads
 * (`CDC_CHECK_WORKERS`). A file that cannot be compiled is one line and exit 2.
 */
export async function runCommand(file: string, args: readonly string[], io: CliIo, options: { por?: boolean; workers?: number } = {}): Promise<number> {
  let compiled;
  try {
    compiled = await compileModule(file, resolve(COMPILE_CACHE));
  } catch (e) {
    if (!(e instanceof CompileError)) throw e;
    throw new UsageError(`cannot compile ${file}: ${e.message}`, 'run it with `npx tsx` to see the error in context, or fix the place named');
  }
  if (process.env.CDC_CHECK_VERBOSE) io.err(`${compiled.cached ? 'reusing' : 'compiled'} ${compiled.file}\n`);
  // --por: every check in the script that gives no `reduction` of its own, and can take one, uses it.
  const env = { ...process.env, ...(options.por ? { [REDUCTION_ENV]: 'por' } : {}), ...(options.workers !== undefined ? { [WORKERS_ENV]: String(options.workers) } : {}) };
  const child = spawnSync(process.execPath, ['--enable-source-maps', compiled.file, ...args], { stdio: 'inherit', env });
  if (child.error) throw child.error;
  return child.status ?? 128 + (child.signal === 'SIGINT' ? 2 : 15);
}
