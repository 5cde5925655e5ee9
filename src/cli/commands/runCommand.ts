import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { dirname, resolve } from 'node:path';
import { REDUCTION_ENV, WORKERS_ENV } from '../../engine/resolveOptions.ts';
import type { CliIo } from '../CliIo.ts';
import { INTERRUPT_EXIT, type InterruptSignal } from '../internal/watchInterrupts.ts';
import { COMPILE_CACHE, CompileError, compileModule } from '../../engine/internal/compileModule.ts';
import { COMPILED_CACHE_ENV } from '../../engine/internal/compileWorker.ts';
import { UsageError } from '../UsageError.ts';

/**
 * `cdc-check run FILE [args…]`: runs a user's check script (TypeScript or JavaScript) the way
 * `npx tsx FILE` would, but from JavaScript compiled once without esbuild's `keepNames` and cached
 * under `node_modules/.cache/cdc-check` of the working directory (see `compileModule`). The script
 * runs in a plain `node` child with the arguments after FILE, sharing this process's terminal,
 * and its exit code is returned; it gets this process's heap limit (`--max-old-space-size`, set by
 * the launcher). With `por`, the child's checks default to partial-order
 * reduction where they can take it (`CDC_CHECK_REDUCTION=por`, see `resolveOptions`); with
 * `workers`, those that name a model source and no worker count search on that many threads
 * (`CDC_CHECK_WORKERS`). SIGINT or SIGTERM for the CLI is passed on to the script, which is
 * killed if it has not ended `SCRIPT_GRACE_MS` later; the exit code is then the signal's (130 or
 * 143). A file that cannot be compiled is one line and exit 2.
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
  // Compiled, the script's parallel searches compile their workers' code too, into the same cache.
  const env = { ...process.env, [COMPILED_CACHE_ENV]: dirname(compiled.file), ...(options.por ? { [REDUCTION_ENV]: 'por' } : {}), ...(options.workers !== undefined ? { [WORKERS_ENV]: String(options.workers) } : {}) };
  // The heap the launcher sized for this process (bin/heapLimit.js) goes to the script too.
  const heap = process.execArgv.filter((a) => /^--max[-_]old[-_]space[-_]size=/.test(a));
  const child = spawn(process.execPath, [...heap, '--enable-source-maps', compiled.file, ...args], { stdio: 'inherit', env });
  return await new Promise<number>((resolve, reject) => {
    // SIGINT or SIGTERM for the CLI goes on to the script; one that ignores it is killed after
    // SCRIPT_GRACE_MS, before the launcher's own grace runs out: the script never outlives us.
    let forwarded: InterruptSignal | undefined;
    let killer: NodeJS.Timeout | undefined;
    const poll = setInterval(() => {
      const signal = io.interrupted?.();
      if (signal === undefined || forwarded !== undefined) return;
      forwarded = signal;
      child.kill(signal);
      killer = setTimeout(() => {
        io.err(`cdc-check: the script did not stop within ${SCRIPT_GRACE_MS / 1000} s of ${signal}; killed it\n`);
        child.kill('SIGKILL');
      }, SCRIPT_GRACE_MS);
    }, 100);
    const done = () => {
      clearInterval(poll);
      clearTimeout(killer);
    };
    child.on('error', (e) => {
      done();
      reject(e);
    });
    child.on('exit', (code, signal) => {
      done();
      if (forwarded !== undefined && signal === 'SIGKILL') resolve(INTERRUPT_EXIT[forwarded]);
      else resolve(code ?? 128 + (signal === null ? 0 : constants.signals[signal]));
    });
  });
}

/** How long a script may take to end after the CLI passed it SIGINT or SIGTERM (the launcher allows the CLI 10 s). */
export const SCRIPT_GRACE_MS = 5_000;
