// The CLI process's entry, started by the launcher (cdc-check.js) with the CLI's arguments. It
// runs the CLI compiled into one JavaScript file without esbuild's keepNames, once, and cached
// under the project's node_modules/.cache/cdc-check until a source file changes
// (src/engine/internal/compileModule.ts): under tsx, which keeps names, every named function a
// model creates in a step costs a defineProperty, a tenth of outbox-cdc's time. The parallel
// search's workers compile their code into the same cache (CDC_CHECK_COMPILED_CACHE, see
// compileWorker.ts). When the CLI cannot be compiled (a read-only install, a syntax error), it
// runs under tsx, which says where a syntax error is.
//
// Here, not in the launcher: compiling may start esbuild's processes (tsx's and compileModule's),
// which are then this process's children, and end with it; the launcher's only child is the CLI.
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const main = join(root, 'src', 'cli', 'main.ts');
let tsx;
try {
  tsx = await import('tsx/esm/api');
} catch (e) {
  process.stderr.write(`cdc-check: could not start the CLI: ${e.message}\nhint: run \`npm ci\` in the project root\n`);
  process.exit(2);
}
const { register, tsImport } = tsx;
let compiled;
try {
  const { compileModule, COMPILE_CACHE } = await tsImport('../src/engine/internal/compileModule.ts', import.meta.url);
  compiled = await compileModule(main, join(root, COMPILE_CACHE));
  if (process.env.CDC_CHECK_VERBOSE) process.stderr.write(`cdc-check: running the CLI ${compiled.cached ? 'compiled before' : 'just compiled'}: ${compiled.file}\n`);
} catch (e) {
  if (process.env.CDC_CHECK_VERBOSE) process.stderr.write(`cdc-check: running the CLI under tsx: it could not be compiled: ${e.message}\n`);
}
if (compiled) {
  process.env.CDC_CHECK_COMPILED_CACHE = dirname(compiled.file);
  await import(pathToFileURL(compiled.file).href);
} else {
  register();
  await import(pathToFileURL(main).href);
}
