import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The Maven project of the harness (`conformance/pipeline`). */
export const harnessDir = fileURLToPath(new URL('..', import.meta.url));

/**
 * The JVM classpath of the harness: its compiled classes and every jar Maven resolved
 * (`target/classpath.txt`, written by `mvn compile`). Throws one line if the harness is not built.
 */
export function harnessClasspath(): string {
  const file = `${harnessDir}target/classpath.txt`;
  if (!existsSync(file)) throw new Error('the pipeline harness is not built: run `npm run test:pipeline` (it builds conformance/pipeline with Maven)');
  return `${harnessDir}target/classes:${readFileSync(file, 'utf8').trim()}`;
}

/** The Maven project of the Debezium 2.6.1.Final worker's classpath (`conformance/pipeline/dbz261`). */
export const debezium261Dir = `${harnessDir}dbz261/`;

/**
 * The JVM classpath of a Kafka Connect 3.7 worker with Debezium 2.6.1.Final, the last release
 * before DBZ-7816 (`dbz261/target/classpath.txt`, written by `mvn compile` there). Throws one
 * line if it is not built.
 */
export function debezium261Classpath(): string {
  const file = `${debezium261Dir}target/classpath.txt`;
  if (!existsSync(file)) throw new Error('the Debezium 2.6.1 worker classpath is not built: run `npm run test:pipeline` (it builds conformance/pipeline/dbz261 with Maven)');
  return readFileSync(file, 'utf8').trim();
}

/** The version of a Maven artifact on the harness classpath (e.g. `debezium-connector-postgres` → `3.6.1.Final`), read from its jar's path. */
export function artifactVersion(artifact: string, classpath: string = harnessClasspath()): string {
  const jar = classpath.split(':').find((p) => p.includes(`/${artifact}-`) && p.endsWith('.jar'));
  const match = jar?.match(new RegExp(`/${artifact}-([^/]+)\\.jar$`));
  return match?.[1] ?? 'unknown';
}
