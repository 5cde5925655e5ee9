import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { threadId } from 'node:worker_threads';
import { build, stop, type Loader, type Plugin } from 'esbuild';

/** Where compiled modules are kept, relative to the project root: npm and git both leave `node_modules/.cache` alone. */
export const COMPILE_CACHE = join('node_modules', '.cache', 'cdc-check');

/** A compiled module: the JavaScript file to run, and whether it was reused from the cache. */
export interface CompiledModule {
  file: string;
  cached: boolean;
}

/** A module esbuild could not compile; the message is esbuild's first error, with its place. */
export class CompileError extends Error {
  override name = 'CompileError';
}

/** The cache's record of a compiled module: each source file it was built from, with its SHA-256. */
interface Manifest {
  esbuild: string;
  /** How this file compiles (`COMPILER`): a bundle made another way is not reused. */
  compiler: number;
  inputs: Record<string, string>;
}

/**
 * Compiles the TypeScript (or JavaScript) module `entry` and every module of the project it
 * imports into one ES module, once, and returns its path. Packages (`node_modules`) stay imports.
 *
 * Unlike tsx, which compiles with esbuild's `keepNames`, it keeps no names: under `keepNames` a
 * named function created inside `next()` costs an `Object.defineProperty` each time it is made,
 * which halved the throughput of a user's Two-Phase Commit model (issue 18).
 *
 * Every bundled module keeps its own `import.meta.url`, as under tsx (see `ownImportMetaUrl`):
 * the engine finds its worker-thread entry by it, and a script names its model's module by it.
 *
 * The result is cached in `cacheDir` (a file per entry, named by the SHA-256 of its absolute path)
 * beside a manifest of the source files it was built from and their SHA-256, and reused until one
 * of them changes. Written beside its name, then renamed: a reader never sees half a file.
 * Throws `CompileError` when esbuild reports an error.
 */
export async function compileModule(entry: string, cacheDir: string): Promise<CompiledModule> {
  const source = resolve(entry);
  const stem = createHash('sha256').update(source).digest('hex').slice(0, 16);
  const file = join(resolve(cacheDir), `${stem}.mjs`);
  const manifestFile = join(resolve(cacheDir), `${stem}.json`);
  const esbuildVersion = (await import('esbuild')).version;
  if (existsSync(file) && fresh(manifestFile, esbuildVersion)) return { file, cached: true };
  let result;
  try {
    result = await build({
      entryPoints: [source],
      bundle: true,
      packages: 'external',
      platform: 'node',
      format: 'esm',
      target: `node${process.versions.node.split('.')[0]}`,
      keepNames: false,
      sourcemap: 'inline',
      metafile: true,
      // Named, though not written by esbuild: the source map's paths are relative to it.
      outfile: file,
      write: false,
      logLevel: 'silent',
      define: { 'import.meta.url': MODULE_URL },
      plugins: [ownImportMetaUrl],
    });
  } catch (e) {
    const first = (e as { errors?: { text: string; location?: { file: string; line: number; column: number } | null }[] }).errors?.[0];
    if (!first) throw e;
    const where = first.location ? `${first.location.file}:${first.location.line}:${first.location.column}: ` : '';
    throw new CompileError(`${where}${first.text}`);
  } finally {
    // esbuild builds in a child process of its own, which would live as long as this one: the
    // launcher's only child must be the CLI, and a worker thread leaves none behind.
    await stop();
  }
  const inputs: Record<string, string> = {};
  for (const input of Object.keys(result.metafile.inputs)) inputs[resolve(input)] = sha256(readFileSync(input));
  mkdirSync(resolve(cacheDir), { recursive: true });
  atomicWrite(file, result.outputFiles[0]!.contents);
  atomicWrite(manifestFile, JSON.stringify({ esbuild: esbuildVersion, compiler: COMPILER, inputs } satisfies Manifest));
  return { file, cached: false };
}

/**
 * The version of how modules are compiled here; raise it when the build's options or plugins
 * change. 2: each module's own `import.meta.url`. 3: that rewrite also when this module is itself
 * compiled. 4: the expression is rewritten, not its text, so a string that spells it is kept; and
 * the source map's paths are relative to the compiled file, not to the working directory.
 */
const COMPILER = 4;

/** The variable that stands for `import.meta.url` in each module (esbuild renames it per module). */
const MODULE_URL = '__cdcModuleUrl';

/**
 * An esbuild plugin: in a bundle, `import.meta.url` is the bundle's URL in every module, so
 * `new URL('./internal/parallelWorkerBoot.mjs', import.meta.url)` (the parallel search's worker
 * entry) or `modelSource(import.meta.url, …)` would name files beside the cache.
 *
 * The build's `define` turns the expression `import.meta.url` (never a string or comment that
 * spells it) into the identifier `MODULE_URL`, and this plugin declares that variable, with the
 * module's own file URL, at the start of each module that may use it. esbuild binds the identifier
 * to the module's own declaration and renames the declarations apart, as it does any two
 * modules' top-level names. The declaration shares the module's first line (after a `#!` line),
 * so no later line moves in the source map.
 */
const ownImportMetaUrl: Plugin = {
  name: 'own-import-meta-url',
  setup(b) {
    b.onLoad({ filter: /\.[cm]?[jt]sx?$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      if (!text.includes('import.meta')) return undefined;
      const declaration = `var ${MODULE_URL} = ${JSON.stringify(pathToFileURL(args.path).href)};`;
      const start = text.startsWith('#!') ? text.indexOf('\n') + 1 : 0;
      const contents = `${text.slice(0, start)}${declaration}${text.slice(start)}`;
      // `.mts` is loaded as `ts`, `.cjs` as `js`, and so on.
      return { contents, loader: extname(args.path).replace(/^\.[cm]?/, '') as Loader };
    });
  },
};

/** True when the manifest exists, was made by this esbuild, and every source it lists is unchanged. */
function fresh(manifestFile: string, esbuildVersion: string): boolean {
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest;
  } catch {
    return false;
  }
  if (manifest.esbuild !== esbuildVersion || manifest.compiler !== COMPILER || typeof manifest.inputs !== 'object' || manifest.inputs === null) return false;
  return Object.entries(manifest.inputs).every(([path, hash]) => existsSync(path) && sha256(readFileSync(path)) === hash);
}

/** The SHA-256 of `data`, in hex. */
export function sha256(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * Writes `file` beside its name, then renames it: a reader never sees half a file. The temporary
 * name is the process's and the thread's own (the parallel search's workers compile at once).
 */
export function atomicWrite(file: string, data: Uint8Array | string): void {
  const temporary = `${file}.${process.pid}-${threadId}.tmp`;
  writeFileSync(temporary, data);
  renameSync(temporary, file);
}
