import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { CompileError, compileModule } from './compileModule.ts';

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

  it('keeps each bundled module\'s own import.meta.url, as tsx does: the engine and a script find files beside their sources', async () => {
    const sub = join(tmp, 'sub');
    mkdirSync(sub, { recursive: true });
    writeFileSync(join(sub, 'where.ts'), 'export const here: string = import.meta.url;\n');
    writeFileSync(join(tmp, 'which.ts'), "import { here } from './sub/where.ts';\nconsole.log(JSON.stringify([import.meta.url, here]));\n");
    const built = await compileModule(join(tmp, 'which.ts'), cache);
    const urls = JSON.parse(execFileSync(process.execPath, [built.file], { encoding: 'utf8' })) as string[];
    expect(urls).toEqual([pathToFileURL(join(tmp, 'which.ts')).href, pathToFileURL(join(sub, 'where.ts')).href]);
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
