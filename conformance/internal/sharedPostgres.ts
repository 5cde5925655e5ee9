import { inject } from 'vitest';
import { startPostgres, type PostgresServer } from '../startPostgres.ts';

/**
 * The server a test file should use: the one `npm run test:conformance` started for the whole
 * run (see `globalSetup.ts`; stopping it is left to the run), or else one of its own from
 * `startPostgres()`, as under plain `npm test`.
 */
export async function sharedPostgres(): Promise<PostgresServer> {
  const shared = inject('conformanceServer');
  if (shared !== undefined) return { ...shared, stop: async () => {} };
  return startPostgres();
}
