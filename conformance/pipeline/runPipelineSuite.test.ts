import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { build, preflight, suiteVerdict } from './runPipelineSuite.ts';

type Run = typeof spawnSync;
/** A fake spawnSync answering by command name. */
function fake(answers: Record<string, Partial<SpawnSyncReturns<string>>[]>): Run {
  return ((command: string) => {
    const next = answers[command]?.shift();
    if (next === undefined) return { status: null, error: new Error(`spawnSync ${command} ENOENT`), stdout: '', stderr: '' };
    return { status: 0, stdout: '', stderr: '', ...next };
  }) as unknown as Run;
}

describe('npm run test:pipeline: missing pieces are one line, never a skip', () => {
  it('without java on PATH the runner exits 1 with one line naming Java and how to install it', () => {
    const runner = fileURLToPath(new URL('./runPipelineSuite.ts', import.meta.url));
    const tsx = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));
    // A PATH holding node alone (java and mvn usually share node's directory, /usr/bin).
    const bin = mkdtempSync(join(tmpdir(), 'cdc-check-nojava-'));
    symlinkSync(process.execPath, join(bin, 'node'));
    const result = spawnSync(tsx, [runner], { encoding: 'utf8', env: { ...process.env, PATH: bin }, timeout: 60_000 });
    rmSync(bin, { recursive: true, force: true });
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual(['test:pipeline: Java is missing (no `java` on PATH); install a JDK 17 or newer, e.g. `apt-get install openjdk-17-jdk-headless`']);
  });

  it('an old Java and a missing Maven are named', () => {
    expect(preflight(fake({ java: [{ stderr: 'openjdk version "11.0.2"' }] }))).toMatch(/Java 11 is too old/);
    expect(preflight(fake({ java: [{ stderr: 'openjdk version "17.0.15"' }] }))).toMatch(/^test:pipeline: Maven is missing/);
    expect(preflight(fake({ java: [{ stderr: 'openjdk version "17.0.15"' }], mvn: [{ stdout: 'Apache Maven 3.8.7' }] }))).toBeUndefined();
  });

  it('builds offline when it can, online once otherwise, and names an unreachable Maven Central', () => {
    // Two Maven projects: the harness, then the Debezium 2.6.1 worker's classpath.
    expect(build(fake({ mvn: [{ status: 0 }, { status: 0 }] }))).toBeUndefined();
    expect(build(fake({ mvn: [{ status: 1 }, { status: 0 }, { status: 0 }] }))).toBeUndefined();
    expect(build(fake({ mvn: [{ status: 0 }, { status: 1 }, { status: 0 }] }))).toBeUndefined();
    const dirs: string[] = [];
    build(((command: string, _args: string[], options: { cwd: string }) => (dirs.push(options.cwd), { status: 0, stdout: '', stderr: '' })) as unknown as Run);
    expect(dirs.map((d) => d.replace(/.*conformance\/pipeline\//, ''))).toEqual(['', 'dbz261/']);
    const unreachable = build(fake({ mvn: [{ status: 1 }, { status: 1, stdout: '[ERROR] Could not transfer artifact io.debezium:debezium-api:pom:3.6.1.Final from/to central (https://repo.maven.apache.org/maven2): repo.maven.apache.org: Name or service not known' }] }));
    expect(unreachable).toMatch(/^test:pipeline: cannot reach Maven Central/);
    expect(build(fake({ mvn: [{ status: 1 }, { status: 1, stdout: '[ERROR] COMPILATION ERROR : Harness.java:[3,1] class expected' }] }))).toBe('test:pipeline: building the harness with Maven failed: [ERROR] COMPILATION ERROR : Harness.java:[3,1] class expected');
  });
});

describe('the suite verdict never says ok after a failure', () => {
  const report = (r: object) => JSON.stringify({ success: true, numTotalTests: 3, numFailedTests: 0, numFailedTestSuites: 0, ...r });
  it('passes only when the JSON report has tests, no failures, and vitest exited 0', () => {
    expect(suiteVerdict(0, report({}))).toBeUndefined();
    expect(suiteVerdict(0, report({ success: false, numFailedTests: 1 }))).toBe('test:pipeline: FAILED (1 failed tests, 0 failed suites, files and describe blocks counted)');
    expect(suiteVerdict(0, report({ numFailedTestSuites: 1 }))).toMatch(/FAILED/);
    expect(suiteVerdict(0, report({ numTotalTests: 0 }))).toBe('test:pipeline: no tests ran');
    expect(suiteVerdict(1, report({}))).toBe('test:pipeline: vitest exited with status 1');
    expect(suiteVerdict(0, undefined)).toBe('test:pipeline: vitest wrote no result (exit status 0)');
  });
});
