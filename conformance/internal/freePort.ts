import { createServer } from 'node:net';

/**
 * Asks the kernel for a TCP port that is free on the loopback interface right now.
 *
 * There is a window between closing the probe and the server binding the port; if another
 * process takes it in that window, the server's start fails with a clear "port taken" line
 * (see `startPostgres`), which is better than guessing a fixed port that is often busy.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      if (address === null || typeof address === 'string') {
        probe.close();
        reject(new Error('could not read the probe socket address'));
        return;
      }
      const { port } = address;
      probe.close(() => resolve(port));
    });
  });
}
