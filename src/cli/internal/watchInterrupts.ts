import { Worker } from 'node:worker_threads';

/** The signals the CLI answers by stopping early, with the exit code a shell reports for each. */
export const INTERRUPT_EXIT: Readonly<Record<'SIGINT' | 'SIGTERM', number>> = { SIGINT: 130, SIGTERM: 143 };

/** A signal asking the CLI to stop: SIGINT (Ctrl-C) or SIGTERM. */
export type InterruptSignal = keyof typeof INTERRUPT_EXIT;

const CODES: readonly (InterruptSignal | undefined)[] = [undefined, 'SIGTERM', 'SIGINT', 'SIGTERM'];

/**
 * Watches for an interrupt that a synchronous search can notice: returns a function that says
 * which signal arrived, if any, and costs one atomic read.
 *
 * Under the launcher (`bin/cdc-check.js` sets `CDC_CHECK_INTERRUPT_FD`), the launcher forwards
 * SIGINT and SIGTERM as a line on that pipe. A worker thread, whose event loop runs while the main
 * thread searches, reads it into shared memory. A closed pipe (the launcher died) reads as
 * SIGTERM. The process's own SIGINT and SIGTERM (a terminal's Ctrl-C reaches the whole group) are
 * then caught and left to the launcher. Without the launcher this returns `() => undefined` and
 * signals keep their default effect.
 */
export function watchInterrupts(env: NodeJS.ProcessEnv = process.env): () => InterruptSignal | undefined {
  const fd = Number(env.CDC_CHECK_INTERRUPT_FD);
  if (!Number.isInteger(fd) || fd < 3) return () => undefined;
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(
    `const { workerData } = require('node:worker_threads');
     const pipe = new (require('node:net').Socket)({ fd: ${fd}, readable: true, writable: false });
     const set = (code) => { if (Atomics.load(workerData, 0) === 0) Atomics.store(workerData, 0, code); };
     pipe.on('data', (d) => set(String(d).includes('SIGINT') ? 2 : 3));
     pipe.on('end', () => set(1));
     pipe.on('error', () => set(1));`,
    { eval: true, workerData: flag },
  );
  worker.unref();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => {});
  return () => CODES[Atomics.load(flag, 0)];
}
