import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import type { CheckOptions, CheckResult } from './CheckResult.ts';
import { InvalidOptionError, ModelError } from './CheckerError.ts';
import { check } from './check.ts';
import type { Model } from './Model.ts';
import { modelSource } from './ModelSource.ts';
import { replayOutcome } from './replay.ts';
import { dieHard } from './fixtures/dieHard.ts';
import { grid } from './fixtures/grid.ts';
import { gridCorner, gridCornerPrint, twoCounters } from './fixtures/parallelModels.ts';
import { boundedCounter, deadEnd, throwingNext, unboundedCounter } from './fixtures/smallModels.ts';
import { twoPhaseCommit } from './fixtures/twoPhaseCommit.ts';

/**
 * The parallel search against the one-threaded one, on the engine's fixtures and Two-Phase
 * Commit: the same verdicts, the same counts when complete, counterexamples as short that
 * replay, `incomplete` at a bound, and the same typed error from a model that throws.
 */
const url = (file: string) => new URL(`./fixtures/${file}`, import.meta.url);
type AnyModel = Model<unknown, unknown>;
interface Case {
  name: string;
  build: () => AnyModel;
  source: ReturnType<typeof modelSource>;
  options?: CheckOptions;
}
const cases: Case[] = [
  { name: 'Die Hard (violated always, witnessed sometimes)', build: () => dieHard() as AnyModel, source: modelSource(url('dieHard.ts'), 'dieHard') },
  { name: 'grid 40 (holds, many paths to each state)', build: () => grid(40) as AnyModel, source: modelSource(url('grid.ts'), 'grid', 40) },
  { name: 'grid 260 (68,121 states: the shared table grows in the middle of a level)', build: () => grid(260) as AnyModel, source: modelSource(url('grid.ts'), 'grid', 260) },
  { name: 'bounded counter (a sometimes never witnessed)', build: () => boundedCounter(30) as AnyModel, source: modelSource(url('smallModels.ts'), 'boundedCounter', 30) },
  { name: 'two counters (violated atQuiescence)', build: () => twoCounters(9) as AnyModel, source: modelSource(url('parallelModels.ts'), 'twoCounters', 9) },
  {
    name: 'two-phase commit, 5 resource managers (holds, explored whole)',
    build: () => twoPhaseCommit(5) as AnyModel,
    source: modelSource(url('twoPhaseCommit.ts'), 'twoPhaseCommit', 5),
    options: { exploreAll: true },
  },
];

const verdict = (r: CheckResult<unknown, unknown>) => ({
  status: r.status,
  undecided: r.undecided,
  violations: r.violations.map((v) => ({ property: v.property, kind: v.kind, length: v.trace.length })),
});

describe('check with workers: 2 and 3 against 1', () => {
  for (const c of cases) {
    it(c.name, () => {
      const model = c.build();
      const one = check(model, c.options);
      for (const workers of [2, 3]) {
        const many = check(model, { ...c.options, workers, source: c.source });
        expect(many.stats.workers).toBe(workers);
        expect(verdict(many)).toEqual(verdict(one));
        if (one.status === 'ok' || c.options?.exploreAll) {
          expect(many.stats.states).toBe(one.stats.states);
          expect(many.stats.transitions).toBe(one.stats.transitions);
          expect(many.stats.maxDepth).toBe(one.stats.maxDepth);
        }
        for (const v of many.violations.filter((x) => x.replay !== '')) {
          const replayed = replayOutcome(model, v.replay);
          expect(replayed.trace.map((s) => s.state)).toEqual(v.trace.map((s) => s.state));
          expect(replayed.violated.map((x) => x.property)).toContain(v.property);
        }
      }
    }, 60_000);
  }

  it('among shortest counterexamples, shows the same violating state on every run', () => {
    const source = modelSource(url('parallelModels.ts'), 'twoCounters', 9);
    const ends = [0, 1, 2].map(() => {
      const r = check(twoCounters(9), { workers: 3, source });
      return r.violations[0]!.trace.at(-1)!.state;
    });
    expect(ends[1]).toEqual(ends[0]);
    expect(ends[2]).toEqual(ends[0]);
  }, 60_000);
});

/**
 * The path the parallel search must show to `gridCorner(n)`'s corner, worked out here without
 * the engine: each cell's parent is the least step into it from the level above, by the
 * parent's fingerprint (unsigned, high half first), then the action's index.
 */
function leastPath(n: number): { x: number; y: number }[] {
  const print = (x: number, y: number) => {
    const into = new Int32Array(2);
    gridCornerPrint(x, y, into);
    return [into[0]! >>> 0, into[1]! >>> 0] as const;
  };
  const steps = (x: number, y: number) => {
    const into: { from: [number, number]; via: number }[] = [];
    if (x > 0) into.push({ from: [x - 1, y], via: 0 });
    // IncY is the second action wherever IncX is still enabled.
    if (y > 0) into.push({ from: [x, y - 1], via: x < n ? 1 : 0 });
    return into;
  };
  const path = [{ x: n, y: n }];
  for (let { x, y } = path[0]!; x + y > 0; ({ x, y } = path[0]!)) {
    const least = steps(x, y).sort((a, b) => {
      const [ah, al] = print(...a.from);
      const [bh, bl] = print(...b.from);
      return ah !== bh ? ah - bh : al !== bl ? al - bl : a.via - b.via;
    })[0]!;
    path.unshift({ x: least.from[0], y: least.from[1] });
  }
  return path;
}

describe('check with workers: the path to a counterexample', () => {
  it('is the least step into each state, on every run and with 2 or 3 workers', () => {
    const n = 12;
    const source = modelSource(url('parallelModels.ts'), 'gridCorner', n);
    const expected = leastPath(n);
    const one = check(gridCorner(n));
    expect(one.violations[0]!.trace).toHaveLength(2 * n + 1);
    for (const workers of [2, 3, 2, 3]) {
      const r = check(gridCorner(n), { workers, source });
      expect(r.violations.map((v) => v.property)).toEqual(['not in the far corner']);
      expect(r.violations[0]!.trace.map((s) => s.state)).toEqual(expected);
      expect(replayOutcome(gridCorner(n), r.violations[0]!.replay).trace.map((s) => s.state)).toEqual(expected);
    }
  }, 60_000);
});

describe('check with workers at a bound', () => {
  const source = modelSource(url('smallModels.ts'), 'unboundedCounter');
  it('maxStates: incomplete, never ok, and no more states than the bound', () => {
    const r = check(unboundedCounter(), { workers: 2, source, maxStates: 100 });
    expect(r.status).toBe('incomplete');
    expect(r.reason).toMatch(/state bound of 100/);
    expect(r.stats.states).toBe(100);
    expect(r.undecided).toEqual(['never negative']);
  }, 60_000);
  it('maxDepth: incomplete with the depth bound', () => {
    const r = check(unboundedCounter(), { workers: 2, source, maxDepth: 20 });
    expect(r.status).toBe('incomplete');
    expect(r.reason).toMatch(/depth bound of 20/);
    expect(r.stats.states).toBe(21);
  }, 60_000);
  it('timeoutMs: incomplete with the time limit', () => {
    const r = check(unboundedCounter(), { workers: 2, source, timeoutMs: 1 });
    expect(r.status).toBe('incomplete');
    expect(r.reason).toMatch(/time limit of 1 ms/);
  }, 60_000);
  it('an interrupt (onProgress throwing, as the CLI\'s Ctrl-C does) stops the search and reaches the caller', () => {
    class Interrupted extends Error {}
    const started = Date.now();
    expect(() =>
      check(unboundedCounter(), {
        workers: 2,
        source,
        maxStates: 2 ** 30,
        onProgress: () => {
          throw new Interrupted('SIGINT');
        },
      }),
    ).toThrow(Interrupted);
    expect(Date.now() - started).toBeLessThan(30_000);
  }, 60_000);
  it('a model whose state count is exactly the bound completes', () => {
    const r = check(boundedCounter(9), { workers: 2, source: modelSource(url('smallModels.ts'), 'boundedCounter', 9), maxStates: 10 });
    expect(r.stats.states).toBe(10);
    expect(r.reason ?? '').not.toMatch(/state bound/);
  }, 60_000);
});

describe('check with workers: errors', () => {
  it('a model that throws in a worker is the same ModelError as with one worker, with its trace', () => {
    const one = (() => {
      try {
        check(throwingNext());
      } catch (e) {
        return e as ModelError;
      }
    })();
    let many: unknown;
    try {
      check(throwingNext(), { workers: 2, source: modelSource(url('smallModels.ts'), 'throwingNext') });
    } catch (e) {
      many = e;
    }
    expect(many).toBeInstanceOf(ModelError);
    expect((many as ModelError).code).toBe(one!.code);
    expect((many as ModelError).message).toBe(one!.message);
    expect((many as ModelError).trace).toEqual(one!.trace);
  }, 60_000);
  it('an engine bundled away from its worker entry refuses workers in one typed error, and never waits for ever', async () => {
    // Beside the project's node_modules, so that the bundle finds its packages; away from src/engine.
    const cache = fileURLToPath(new URL('../../node_modules/.cache/', import.meta.url));
    mkdirSync(cache, { recursive: true });
    const dir = mkdtempSync(join(cache, 'cdc-bundled-'));
    try {
      const script = join(dir, 'script.ts');
      const index = fileURLToPath(new URL('../index.ts', import.meta.url));
      const models = fileURLToPath(url('parallelModels.ts'));
      writeFileSync(script, `import { check, modelSource } from ${JSON.stringify(index)};\nimport { twoCounters } from ${JSON.stringify(models)};\ntry { check(twoCounters(3), { workers: 2, source: modelSource(${JSON.stringify(pathToFileURL(models).href)}, 'twoCounters', 3) }); } catch (e) { console.log(e.name + ': ' + e.message + '\\n' + e.hint); }\n`);
      await build({ entryPoints: [script], bundle: true, packages: 'external', platform: 'node', format: 'esm', outfile: join(dir, 'bundle.mjs'), logLevel: 'silent' });
      const out = execFileSync(process.execPath, [join(dir, 'bundle.mjs')], { encoding: 'utf8', timeout: 60_000 });
      expect(out).toMatch(/^InvalidOptionError: option workers is 2, but the worker threads' entry is not at .*: the engine was bundled away from its sources/);
      expect(out).toMatch(/\nRun the script with npx tsx, or with cdc-check run \(which keeps each module's import\.meta\.url\), or leave workers out\./);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('takes CDC_CHECK_WORKERS as the default only where the check can take it (a source, exhaustive, no shard)', () => {
    const source = modelSource(url('parallelModels.ts'), 'twoCounters', 9);
    process.env.CDC_CHECK_WORKERS = '2';
    try {
      expect(check(twoCounters(9), { source }).stats.workers).toBe(2);
      expect(check(twoCounters(9), { source, workers: 1 }).stats.workers ?? 1).toBe(1);
      expect(check(twoCounters(9), {}).stats.workers ?? 1).toBe(1);
      expect(check(twoCounters(9), { source, exactKeys: true }).stats.workers ?? 1).toBe(1);
      process.env.CDC_CHECK_WORKERS = 'two';
      expect(() => check(twoCounters(9), { source })).toThrow(/environment variable CDC_CHECK_WORKERS must be a whole number ≥ 1, got "two"/);
    } finally {
      delete process.env.CDC_CHECK_WORKERS;
    }
  });

  it('workers without a source is an InvalidOptionError, not a silent single thread', () => {
    expect(() => check(dieHard(), { workers: 2 })).toThrow(InvalidOptionError);
    expect(() => check(dieHard(), { workers: 2 })).toThrow(/no source/);
  });
  it('workers with random mode, a shard or exact keys is an InvalidOptionError', () => {
    const source = modelSource(url('dieHard.ts'), 'dieHard');
    expect(() => check(dieHard(), { workers: 2, source, mode: 'random' })).toThrow(/random mode/);
    expect(() => check(dieHard(), { workers: 2, source, shard: { index: 0, count: 2 } })).toThrow(/shard/);
    expect(() => check(dieHard(), { workers: 2, source, exactKeys: true })).toThrow(/exactKeys/);
  });
  it('a source that builds another model (by name, version or initial states) is an InvalidOptionError', () => {
    expect(() => check(grid(40), { workers: 2, source: modelSource(url('grid.ts'), 'grid', 30) })).toThrow(InvalidOptionError);
    expect(() => check(grid(40), { workers: 2, source: modelSource(url('dieHard.ts'), 'dieHard') })).toThrow(/builds model die-hard@1, not the model checked \(grid-40@1\)/);
  }, 60_000);
  it('a source whose export is missing says so', () => {
    expect(() => check(dieHard(), { workers: 2, source: modelSource(url('dieHard.ts'), 'noSuchModel') })).toThrow(/no export "noSuchModel"/);
  }, 60_000);
});

describe('check with workers: eventually properties', () => {
  it('are checked by one worker, which the result says, with the verdict of one worker', () => {
    const r = check(deadEnd(), { workers: 2, source: modelSource(url('smallModels.ts'), 'deadEnd') });
    expect(r.stats.workers).toBe(1);
    expect(r.stats.workersNote).toMatch(/eventually done/);
    expect(verdict(r)).toEqual(verdict(check(deadEnd())));
  });
});

describe('check with workers: a source that checks when imported', () => {
  it('is refused in the worker, with a clear error, instead of starting workers without end', async () => {
    await expect(import('./fixtures/checksOnImport.ts')).rejects.toThrow(InvalidOptionError);
    await expect(import('./fixtures/checksOnImport.ts')).rejects.toThrow(/was called while a worker thread imported the model source/);
    await expect(import('./fixtures/checksOnImport.ts')).rejects.toMatchObject({ hint: expect.stringMatching(/^The source module must only build models: move the model into a module of its own/) });
  }, 60_000);
});
