import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { check } from '../check.ts';
import { modelSource } from '../ModelSource.ts';
import { twoPhaseCommit } from '../fixtures/twoPhaseCommit.ts';
import { COMPILED_CACHE_ENV, compileWorker } from './compileWorker.ts';

const tmp = mkdtempSync(join(tmpdir(), 'cdc-worker-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
afterEach(() => {
  delete process.env[COMPILED_CACHE_ENV];
});
const fixture = new URL('../fixtures/twoPhaseCommit.ts', import.meta.url);
const source = modelSource(fixture, 'twoPhaseCommit', 4);

describe('compileWorker', () => {
  it('compiles the worker entry and the model source into one file that keeps no names, then reuses it', async () => {
    const cache = join(tmp, 'once');
    const file = await compileWorker(source, cache);
    // tsx's keepNames would wrap each named function in __name(fn, "name").
    const js = readFileSync(file, 'utf8');
    expect(js).not.toContain('__name');
    expect(js).toContain('runParallelWorker');
    const inputs = Object.keys((JSON.parse(readFileSync(file.replace(/\.mjs$/, '.json'), 'utf8')) as { inputs: Record<string, string> }).inputs);
    expect(inputs).toContain(fileURLToPath(new URL('./parallelWorker.ts', import.meta.url)));
    expect(inputs).toContain(fileURLToPath(fixture));
    expect(await compileWorker(source, cache)).toBe(file);
    // Another model module gets a file of its own.
    expect(await compileWorker(modelSource(new URL('../fixtures/parallelCases.ts', import.meta.url), 'counter', 3), cache)).not.toBe(file);
  });

  it(`with ${COMPILED_CACHE_ENV} set, the workers run the compiled file, with the same result as under tsx`, () => {
    const underTsx = check(twoPhaseCommit(4), { workers: 2, source, exploreAll: true });
    const cache = join(tmp, 'env');
    process.env[COMPILED_CACHE_ENV] = cache;
    const compiled = check(twoPhaseCommit(4), { workers: 2, source, exploreAll: true });
    expect(compiled.status).toBe('ok');
    expect(compiled.stats.states).toBe(underTsx.stats.states);
    expect(compiled.stats.transitions).toBe(underTsx.stats.transitions);
    // The workers compiled their code into the cache named (no other code writes there).
    expect(readdirSync(cache).filter((f) => /^[0-9a-f]{16}\.mjs$/.test(f))).toHaveLength(1);
  }, 60_000);

  it('a model source that does not compile: the worker says so, and the check is an error, not a verdict', () => {
    process.env[COMPILED_CACHE_ENV] = join(tmp, 'broken');
    const broken = modelSource(new URL('../fixtures/noSuchModule.ts', import.meta.url), 'model');
    expect(() => check(twoPhaseCommit(3), { workers: 2, source: broken })).toThrow(/a worker thread could not start: .*noSuchModule/);
  }, 60_000);
});
