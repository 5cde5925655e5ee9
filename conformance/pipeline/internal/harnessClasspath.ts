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

/** The version of a Maven artifact on the harness classpath (e.g. `debezium-connector-postgres` → `3.6.1.Final`), read from its jar's path. */
export function artifactVersion(artifact: string): string {
  const jar = harnessClasspath().split(':').find((p) => p.includes(`/${artifact}-`) && p.endsWith('.jar'));
  const match = jar?.match(new RegExp(`/${artifact}-([^/]+)\\.jar$`));
  return match?.[1] ?? 'unknown';
}
