#!/usr/bin/env node
// Thin launcher: runs the CLI so that `npx cdc-check` works in the project root, compiled once
// into JavaScript without keepNames and cached (compiledCli.js), or under tsx's loader if it
// cannot be compiled. One child process, no tsx CLI in between, so a signal has one place to go.
//
// SIGINT and SIGTERM are forwarded to the child as a line on a pipe (its fd 3), because the
// child's search is synchronous and a signal handler there would only run once it ends: the
// child polls the pipe's flag during the search, prints what it knows so far, removes any
// half-written report and exits 130 or 143. A child that has not ended 10 s after the signal, or
// that gets a second one, is killed, with a line on stderr that says so. If this launcher dies,
// the pipe closes and the child stops too: never an orphan.
import { spawn } from 'node:child_process';
import { constants, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getHeapStatistics } from 'node:v8';
import { heapLimitArgs } from './heapLimit.js';

const here = dirname(fileURLToPath(import.meta.url));
// Half of the machine's memory for the heap, not V8's default of about 4 GB (see heapLimit.js).
const heap = heapLimitArgs({
  nodeOptions: process.env.NODE_OPTIONS,
  totalBytes: totalmem(),
  constrainedBytes: process.constrainedMemory?.(),
  defaultLimitBytes: getHeapStatistics().heap_size_limit,
});
let child;
try {
  // The CLI, compiled once and cached, or under tsx if it cannot be (see compiledCli.js).
  child = spawn(process.execPath, [...heap, '--enable-source-maps', join(here, 'compiledCli.js'), ...process.argv.slice(2)], {
    stdio: ['inherit', 'inherit', 'inherit', 'pipe'],
    env: { ...process.env, CDC_CHECK_INTERRUPT_FD: '3' },
  });
} catch (e) {
  cannotStart(e);
}
child.on('error', cannotStart);
// The child may be gone before a late signal is forwarded; a broken pipe then is not an error.
child.stdio[3].on('error', () => {});

// Ctrl-C twice, or no end within the grace period: the child is killed, and the launcher says
// why, because SIGKILL gives the child no chance to say anything itself. A report is replaced
// whole or not at all, so the worst a kill leaves is a temporary directory beside it.
const GRACE_MS = 10_000;
let killTimer;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (killTimer) {
      forceKill(`a second ${signal}: the check was killed at once`);
      return;
    }
    child.stdio[3].write(`${signal}\n`);
    killTimer = setTimeout(
      () => forceKill(`the check had not stopped ${GRACE_MS / 1000} s after ${signal} (a model stuck inside one step never gets to notice an interrupt), so it was killed`),
      GRACE_MS,
    );
    killTimer.unref();
  });
}

/** Kills the child with SIGKILL, once, after saying why on stderr. */
function forceKill(why) {
  if (child.exitCode !== null || child.signalCode !== null || child.killed) return;
  process.stderr.write(`cdc-check: ${why} (SIGKILL, exit 137). A report is replaced whole or not at all: if one was being written at that instant, a temporary '.NAME.tmp-*' directory is left beside it, to delete.\n`);
  child.kill('SIGKILL');
}

child.on('exit', (code, signal) => {
  // A child killed by a signal exits as shells report it (128 + signal number), e.g. 130 for Ctrl-C.
  process.exit(code ?? 128 + (constants.signals[signal] ?? 0));
});

function cannotStart(e) {
  process.stderr.write(`cdc-check: could not start the CLI: ${e.message}\nhint: run \`npm ci\` in the project root\n`);
  process.exit(2);
}
