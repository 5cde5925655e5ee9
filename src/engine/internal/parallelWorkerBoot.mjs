// The entry of a parallel search's worker thread (see checkParallel.ts). Plain JavaScript, so
// that Node can start it as it is. The engine and the model sources may be TypeScript: when the
// thread cannot load them as they are (no loader inherited from the process: under vitest, or
// under the tsx CLI), it registers tsx's loader first. If the worker cannot start at all, it says
// why to the main thread (which would otherwise wait for it) as `runParallelWorker` would.
import { workerData } from 'node:worker_threads';

const entry = new URL('./parallelWorker.ts', import.meta.url).href;
try {
  try {
    await import(new URL('./parallelWorkerProbe.ts', import.meta.url).href);
  } catch (e) {
    if (e?.code !== 'ERR_UNKNOWN_FILE_EXTENSION') throw e;
    const { register } = await import('tsx/esm/api');
    register();
  }
  const worker = await import(entry);
  await worker.runParallelWorker(workerData);
} catch (e) {
  workerData.port.postMessage({ type: 'error', error: { name: 'Error', message: `a worker thread could not start: ${e?.message ?? e}` } });
  const control = new Int32Array(workerData.control);
  Atomics.add(control, 1, 1);
  Atomics.notify(control, 1);
}
