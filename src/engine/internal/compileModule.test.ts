import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { COMPILE_CACHE, CompileError, compileModule } from './compileModule.ts';

const tmp = mkdtempSync(join(tmpdir(), 'cdc-compile-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const cache = join(tmp, 'cache');

describe('compileModule', () => {
  it('compiles a TypeScript module and what it imports into JavaScript that keeps no names, and runs under plain node', async () => {
    writeFileSync(join(tmp, 'helper.ts'), 'export const twice = (n: number): number => n * 2;\n');
    writeFileSync(
      join(tmp, 'main.ts'),
      "import { twice } from './helper.ts';\nfunction next(x: number): number {\n  const step = (y: number): number => twice(y) + 1;\n  return step(x);\n}\nconsole.log(next(Number(process.argv[2])));\n",
    );
    const first = await compileModule(join(tmp, 'main.ts'), cache);
    expect(first.cached).toBe(false);
    const js = readFileSync(first.file, 'utf8');
    // tsx compiles with keepNames, which wraps every named function in __name(fn, "name").
    expect(js).toContain('const step = ');
    expect(js).not.toContain('__name');
    expect(execFileSync(process.execPath, [first.file, '20'], { encoding: 'utf8' })).toBe('41\n');
  });

  it('reuses the compiled file until one of its sources changes', async () => {
    writeFileSync(join(tmp, 'dep.ts'), 'export const word: string = "before";\n');
    writeFileSync(join(tmp, 'entry.ts'), "import { word } from './dep.ts';\nconsole.log(word);\n");
    const built = await compileModule(join(tmp, 'entry.ts'), cache);
    const again = await compileModule(join(tmp, 'entry.ts'), cache);
    expect(again).toEqual({ file: built.file, cached: true });
    writeFileSync(join(tmp, 'dep.ts'), 'export const word: string = "after";\n');
    const rebuilt = await compileModule(join(tmp, 'entry.ts'), cache);
    expect(rebuilt.cached).toBe(false);
    expect(execFileSync(process.execPath, [rebuilt.file], { encoding: 'utf8' })).toBe('after\n');
  });

  it('does not reuse a file compiled another way (another compiler version or esbuild) or with a manifest it cannot read', async () => {
    writeFileSync(join(tmp, 'versioned.ts'), 'console.log(1);\n');
    const built = await compileModule(join(tmp, 'versioned.ts'), cache);
    const manifestFile = built.file.replace(/\.mjs$/, '.json');
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Record<string, unknown>;
    for (const stale of [{ ...manifest, compiler: 2 }, { ...manifest, esbuild: '0.0.1' }, { ...manifest, inputs: null }, 'not json']) {
      writeFileSync(manifestFile, typeof stale === 'string' ? stale : JSON.stringify(stale));
      expect((await compileModule(join(tmp, 'versioned.ts'), cache)).cached).toBe(false);
    }
    expect((await compileModule(join(tmp, 'versioned.ts'), cache)).cached).toBe(true);
  });

  it('leaves no esbuild process behind once it has compiled', async () => {
    // In a plain node process of its own, where no test runner or loader has an esbuild of its
    // own: this module compiled (by itself), then a compile, then its esbuild children counted.
    // Under the project's node_modules, where the compiled file finds esbuild, as the CLI's does.
    const cacheDir = join(fileURLToPath(new URL('../../../', import.meta.url)), COMPILE_CACHE);
    mkdirSync(cacheDir, { recursive: true });
    const own = mkdtempSync(join(cacheDir, 'test-'));
    onTestFinished(() => rmSync(own, { recursive: true, force: true }));
    const self = await compileModule(fileURLToPath(new URL('./compileModule.ts', import.meta.url)), own);
    writeFileSync(join(tmp, 'alone.ts'), 'console.log(2);\n');
    writeFileSync(
      join(tmp, 'probe.mjs'),
      [
        "import { readdirSync, readFileSync } from 'node:fs';",
        'const { compileModule } = await import(process.argv[2]);',
        "if ((await compileModule(process.argv[3], process.argv[4])).cached) throw new Error('expected a compile');",
        // A killed child is reaped by the event loop: give it a turn.
        'await new Promise((r) => setTimeout(r, 200));',
        "const mine = (n) => { try { const stat = readFileSync(`/proc/${n}/stat`, 'utf8'); return Number(stat.split(') ')[1].split(' ')[1]) === process.pid && stat.includes('(esbuild)'); } catch { return false; } };",
        "console.log(readdirSync('/proc').filter((n) => /^\\d+$/.test(n) && mine(n)).length);",
      ].join('\n'),
    );
    const probe = execFileSync(process.execPath, [join(tmp, 'probe.mjs'), pathToFileURL(self.file).href, join(tmp, 'alone.ts'), join(tmp, 'probeCache')], { encoding: 'utf8' });
    expect(probe).toBe('0\n');
  });

  it('keeps each bundled module\'s own import.meta.url, as tsx does: the engine and a script find files beside their sources', async () => {
    const sub = join(tmp, 'sub');
    mkdirSync(sub, { recursive: true });
    // Twice in one module: every occurrence is its own.
    writeFileSync(join(sub, 'where.ts'), 'export const here: string = import.meta.url;\nexport const again: string = import.meta.url;\nif (again !== here) throw new Error(again);\n');
    // Each kind of module is loaded as what it is: JSX, and a generic call that JavaScript reads as two comparisons.
    writeFileSync(join(sub, 'tag.tsx'), 'const React = { createElement: (tag: string) => tag };\nexport const tag: string = [<b />, import.meta.url].join(" ");\n');
    writeFileSync(join(sub, 'plain.mjs'), 'const a = 1, b = 2, c = 0;\nexport const plain = [a < b > (c), import.meta.url].join(" ");\n');
    writeFileSync(join(tmp, 'which.ts'), "import { here } from './sub/where.ts';\nimport { tag } from './sub/tag.tsx';\nimport { plain } from './sub/plain.mjs';\nconsole.log(JSON.stringify([import.meta.url, here, tag, plain]));\n");
    const built = await compileModule(join(tmp, 'which.ts'), cache);
    const urls = JSON.parse(execFileSync(process.execPath, [built.file], { encoding: 'utf8' })) as string[];
    const url = (file: string) => pathToFileURL(join(sub, file)).href;
    expect(urls).toEqual([pathToFileURL(join(tmp, 'which.ts')).href, url('where.ts'), `b ${url('tag.tsx')}`, `true ${url('plain.mjs')}`]);
  });

  it('rewrites the expression import.meta.url only: a string or comment that spells it is kept, and a #! line stays first', async () => {
    const text = [
      '#!/usr/bin/env node',
      '// import.meta.url in a comment',
      "const hint: string = 'modelSource(import.meta.url, \"m\")';",
      'const own: string = import.meta.url;',
      'console.log(JSON.stringify([hint, own, `${import.meta.url}!`]));',
      '',
    ].join('\n');
    writeFileSync(join(tmp, 'spelt.ts'), text);
    const built = await compileModule(join(tmp, 'spelt.ts'), cache);
    const url = pathToFileURL(join(tmp, 'spelt.ts')).href;
    expect(JSON.parse(execFileSync(process.execPath, [built.file], { encoding: 'utf8' }))).toEqual(['modelSource(import.meta.url, "m")', url, `${url}!`]);
    expect(readFileSync(built.file, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
  });

  it('maps a stack trace to the source file and line, wherever the cache is', async () => {
    writeFileSync(join(tmp, 'throws.ts'), 'const n: number = 1;\nthrow new Error(`thrown at line ${n + 1}`);\n');
    const built = await compileModule(join(tmp, 'throws.ts'), join(tmp, 'elsewhere', 'cache'));
    let stderr = '';
    try {
      execFileSync(process.execPath, ['--enable-source-maps', built.file], { encoding: 'utf8', stdio: 'pipe' });
    } catch (e) {
      stderr = (e as { stderr: string }).stderr;
    }
    expect(stderr).toContain(`(${join(tmp, 'throws.ts')}:2:7)`);
  });

  it('compiled itself (as the CLI that includes it is), still keeps each module\'s own import.meta.url', async () => {
    // The launcher runs the CLI compiled, and its `run` compiles scripts with this very module.
    const self = await compileModule(fileURLToPath(new URL('./compileModule.ts', import.meta.url)), join(tmp, 'self'));
    const compiled = (await import(pathToFileURL(self.file).href)) as typeof import('./compileModule.ts');
    writeFileSync(join(tmp, 'whereAgain.ts'), 'console.log(JSON.stringify(import.meta.url));\n');
    const built = await compiled.compileModule(join(tmp, 'whereAgain.ts'), join(tmp, 'selfCache'));
    expect(JSON.parse(execFileSync(process.execPath, [built.file], { encoding: 'utf8' }))).toBe(pathToFileURL(join(tmp, 'whereAgain.ts')).href);
  });

  it('says where a module does not compile', async () => {
    writeFileSync(join(tmp, 'broken.ts'), 'const x: number = ;\n');
    await expect(compileModule(join(tmp, 'broken.ts'), cache)).rejects.toThrow(CompileError);
    await expect(compileModule(join(tmp, 'broken.ts'), cache)).rejects.toThrow(/broken\.ts:1:18: Unexpected ";"/);
  });
});
