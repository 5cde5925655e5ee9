// The entry of a parallel search's worker thread (see checkParallel.ts). Plain JavaScript, so
// that Node can start it as it is. The engine and the model sources may be TypeScript:
// - when the process runs compiled code and names a cache for its workers (the CLI, `cdc-check
//   run`, the bench: CDC_CHECK_COMPILED_CACHE, see compileWorker.ts), the worker entry and the
//   model source's module are compiled into one file there, once, without tsx's keepNames;
// - else, when the thread cannot load them as they are (no loader inherited from the process:
//   under vitest, or under the tsx CLI), it registers tsx's loader first.
// If the worker cannot start at all, it says why to the main thread (which would otherwise wait
// for it) as `runParallelWorker` would.
import { pathToFileURL } from 'node:url';
import { workerData } from 'node:worker_threads';

try {
  const cache = process.env.CDC_CHECK_COMPILED_CACHE;
  if (cache) {
    const { tsImport } = await import('tsx/esm/api');
    const { compileWorker } = await tsImport('./compileWorker.ts', import.meta.url);
    const compiled = await import(pathToFileURL(await compileWorker(workerData.source, cache)).href);
    await compiled.runParallelWorker(workerData, compiled.source);
  } else {
    try {
      await import(new URL('./parallelWorkerProbe.ts', import.meta.url).href);
    } catch (e) {
      if (e?.code !== 'ERR_UNKNOWN_FILE_EXTENSION') throw e;
      const { register } = await import('tsx/esm/api');
      register();
    }
    const worker = await import(new URL('./parallelWorker.ts', import.meta.url).href);
    await worker.runParallelWorker(workerData);
  }
} catch (e) {
  workerData.port.postMessage({ type: 'error', error: { name: 'Error', message: `a worker thread could not start: ${e?.message ?? e}` } });
  const control = new Int32Array(workerData.control);
  Atomics.add(control, 1, 1);
  Atomics.notify(control, 1);
}
