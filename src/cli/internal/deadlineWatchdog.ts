import { Worker } from 'node:worker_threads';

/** How long past its time limit a search may run before the watchdog ends the process. */
export const DEADLINE_GRACE_MS = 30_000;

/**
 * A guard for searches that cannot stop: the engine notices its time limit between expansions, so
 * a model whose `next`, `actions` or property never returns (an endless loop) would run past
 * `--timeout` for ever, with no verdict and no word. `arm` before a search, `disarm` after it.
 */
export interface DeadlineWatchdog {
  /** Watches one search, named `label` in the message, whose limit falls at `deadline` (epoch ms). */
  arm(label: string, deadline: number): void;
  /** The search returned: nothing to watch. */
  disarm(): void;
}

/**
 * Starts the watchdog: a worker thread, whose event loop runs while the main thread searches. If
 * a search is still armed `graceMs` after its deadline, it writes one message to stderr (nothing
 * was reported: reports are written only after the search) and kills the process with SIGKILL,
 * the one signal a blocked main thread cannot hold up: the shell reports 137. The thread never
 * keeps the process alive.
 */
export function startDeadlineWatchdog(graceMs: number = DEADLINE_GRACE_MS): DeadlineWatchdog {
  const worker = new Worker(
    `const { parentPort, workerData } = require('node:worker_threads');
     const { writeSync } = require('node:fs');
     let timer;
     parentPort.on('message', (m) => {
       clearTimeout(timer);
       if (m.label === undefined) return;
       timer = setTimeout(() => {
         writeSync(2, 'cdc-check: ' + m.label + ': the search has not stopped ' + Math.round(workerData.graceMs / 1000) + ' s after its time limit: ' +
           "the model's next, actions or a property has not returned (an endless loop?). No verdict; nothing was reported.\\n" +
           'hint: check the model on a smaller scope, or stop it in a debugger (node --inspect) to see where it loops\\n');
         process.kill(process.pid, 'SIGKILL');
       }, Math.max(0, m.deadline + workerData.graceMs - Date.now()));
     });`,
    { eval: true, workerData: { graceMs } },
  );
  worker.unref();
  return {
    arm: (label, deadline) => worker.postMessage({ label, deadline }),
    disarm: () => worker.postMessage({}),
  };
}
