import { afterAll, beforeAll, inject } from 'vitest';
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

/**
 * Gives the enclosing `describe` a server for its tests: obtained with `sharedPostgres()` before
 * them (its version printed unless `quiet`), stopped after them. Call it before the block's own
 * hooks, so that their cleanup runs while the server is still up (vitest runs `afterAll` hooks
 * in reverse order). Returns an accessor, usable in tests and in later hooks.
 */
export function usePostgres(options: { quiet?: boolean } = {}): () => PostgresServer {
  let server: PostgresServer | undefined;
  beforeAll(async () => {
    server = await sharedPostgres();
    if (!options.quiet) console.log(`conformance: PostgreSQL ${server.version} (${server.origin})`);
  });
  afterAll(async () => {
    await server?.stop();
  });
  return () => {
    if (server === undefined) throw new Error('usePostgres(): the server exists only inside tests and later hooks');
    return server;
  };
}
