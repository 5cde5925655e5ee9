import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { scenarios } from '../models/scenarios.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');

/** A TypeScript block of the README and where it says it goes. */
interface Block {
  path: string;
  /** The marker line below which its lines go, or undefined for a new file. */
  below?: string;
  code: string;
}

/**
 * Every ```ts block, placed as the README says: a first line `// <path>` (optionally followed by
 * ` — …`) is a new file; `// <path>, below "<marker>":` adds its import lines at the top of
 * that file and its other lines below the marker line.
 */
function blocks(text: string): Block[] {
  return [...text.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => {
    const [first, ...rest] = m[1]!.split('\n');
    const into = /^\/\/ (\S+), below "(.+)":$/.exec(first!);
    if (into) return { path: into[1]!, below: into[2]!, code: rest.join('\n') };
    const file = /^\/\/ (\S+\.ts)\b/.exec(first!);
    if (!file) throw new Error(`README block does not say where it goes: ${first}`);
    return { path: file[1]!, code: m[1]! };
  });
}

function apply(dir: string, b: Block): void {
  const target = join(dir, b.path);
  if (b.below === undefined) {
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, b.code);
    return;
  }
  const lines = readFileSync(target, 'utf8').split('\n');
  const imports = b.code.split('\n').filter((l) => l.startsWith('import ') && !lines.includes(l));
  const body = b.code.split('\n').filter((l) => !l.startsWith('import ') && l.trim() !== '');
  const at = lines.findIndex((l) => l.includes(b.below!));
  if (at < 0) throw new Error(`${b.path} has no line "${b.below}"`);
  lines.splice(at + 1, 0, ...body);
  const lastImport = lines.findLastIndex((l) => l.startsWith('import '));
  lines.splice(lastImport + 1, 0, ...imports);
  writeFileSync(target, lines.join('\n'));
}

function run(dir: string, command: string, args: string[]) {
  const r = spawnSync(command, args, { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' }, timeout: 240_000 });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

const scratch = mkdtempSync(join(tmpdir(), 'cdc-readme-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('the README', () => {
  const all = blocks(readme);

  it('has a complete example for every kind of extension', () => {
    for (const heading of ['### A service strategy', '### A scenario that only turns knobs', '### An invariant', '### A connector variant', '### A relay variant', '### A consumer variant', '### An extra instance']) expect(readme).toContain(heading);
    expect(all.filter((b) => b.below !== undefined).length).toBeGreaterThanOrEqual(7);
  });

  it('works as written: every block placed in a scratch copy of the project, then npm run check on what they add', () => {
    for (const d of ['src', 'models', 'properties', 'examples', 'bin']) cpSync(join(root, d), join(scratch, d), { recursive: true });
    for (const f of ['package.json', 'tsconfig.json', 'tsconfig.check.json', 'vitest.config.ts']) cpSync(join(root, f), join(scratch, f));
    symlinkSync(join(root, 'node_modules'), join(scratch, 'node_modules'), 'dir');
    for (const b of all) apply(scratch, b);

    const list = run(scratch, 'npx', ['tsx', 'src/cli/main.ts', 'list', '--json']);
    expect(list.code, list.out).toBe(0);
    const known = new Set(scenarios.map((s) => s.id));
    const added = (JSON.parse(list.out) as { id: string }[]).map((s) => s.id).filter((id) => !known.has(id));
    expect(added.length).toBeGreaterThanOrEqual(12);
    const check = run(scratch, 'npm', ['run', 'check', '--', ...added]);
    expect(check.code, check.out).toBe(0);

    // The scripts at the project's root run as the README says.
    for (const b of all.filter((x) => x.below === undefined && !x.path.includes('/'))) {
      const script = run(scratch, 'npx', ['tsx', b.path]);
      expect(script.code, `${b.path}: ${script.out}`).toBe(0);
    }
  });

  it('npm run check stops at a type error in a user file, with the compiler’s message', () => {
    writeFileSync(join(scratch, 'models/strategies/broken.ts'), "export const broken: number = 'not a number';\n");
    const check = run(scratch, 'npm', ['run', 'check', '--', 'dual-write']);
    expect(check.code).not.toBe(0);
    expect(check.out).toContain("models/strategies/broken.ts(1,14): error TS2322: Type 'string' is not assignable to type 'number'.");
    expect(check.out).not.toContain('verdict');
  });
});
