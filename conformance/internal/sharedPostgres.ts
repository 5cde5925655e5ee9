import { inject } from 'vitest';
import { ServerStartError } from '../ServerStartError.ts';
import { startPostgres, type PostgresServer } from '../startPostgres.ts';

/**
 * The server a test file should use: the one `npm run test:conformance` started for the whole
 * run (see `globalSetup.ts`; stopping it is left to the run), or else one of its own from
 * `startPostgres()`, as under plain `npm test`. If the run could not get a server, throws that
 * `ServerStartError` again, so each test that needs a server fails with the same one line.
 */
export async function sharedPostgres(): Promise<PostgresServer> {
  const failure = inject('conformanceServerError');
  if (failure !== undefined) throw new ServerStartError(failure);
  const shared = inject('conformanceServer');
  if (shared !== undefined) return { ...shared, stop: async () => {} };
  return startPostgres();
}
