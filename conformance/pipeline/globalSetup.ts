import type { TestProject } from 'vitest/node';
import { startPostgres, type PostgresServer } from '../startPostgres.ts';
import { startBroker, type Broker } from './Broker.ts';
import { artifactVersion, debezium261Classpath } from './internal/harnessClasspath.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The PostgreSQL server (`wal_level=logical`) every pipeline test file uses. */
    pipelinePostgres: { connectionString: string; version: string };
    /** The KRaft broker every pipeline test file uses. */
    pipelineBootstrap: string;
  }
}

/**
 * Global setup of `npm run test:pipeline`: one PostgreSQL and one KRaft broker for every test
 * file (each file runs its own Connect workers and harness JVM, with its own schema, slots and
 * topics). Prints the versions the suite runs against. A failure to start either is the suite's
 * failure, never a skip.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // Read first: a harness that is not built fails here, before any server is started and left behind.
  const versions = `Kafka ${artifactVersion('kafka_2.13')} (KRaft, one node), Kafka Connect ${artifactVersion('connect-runtime')}, Debezium ${artifactVersion('debezium-connector-postgres')}; for DBZ-7816 also Debezium ${artifactVersion('debezium-connector-postgres', debezium261Classpath())} on Kafka Connect ${artifactVersion('connect-runtime', debezium261Classpath())}`;
  const postgres: PostgresServer = await startPostgres();
  let broker: Broker;
  try {
    broker = await startBroker();
  } catch (error) {
    await postgres.stop();
    throw error;
  }
  console.log(`pipeline: PostgreSQL ${postgres.version} (${postgres.origin}), ${versions}`);
  project.provide('pipelinePostgres', { connectionString: postgres.connectionString, version: postgres.version });
  project.provide('pipelineBootstrap', broker.bootstrap);
  return async () => {
    await broker.stop();
    await postgres.stop();
  };
}
