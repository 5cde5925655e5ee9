#!/usr/bin/env node
// Thin launcher: runs the TypeScript CLI through tsx so `npx cdc-check` works in the project root.
import { spawnSync } from 'node:child_process';
import { constants } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const tsxCli = require.resolve('tsx/cli');
const result = spawnSync(process.execPath, [tsxCli, join(here, '..', 'src', 'cli', 'main.ts'), ...process.argv.slice(2)], {
  stdio: 'inherit',
});
if (result.error) {
  process.stderr.write(`cdc-check: could not start the CLI: ${result.error.message}\nhint: run \`npm ci\` in the project root\n`);
  process.exit(2);
}
// A child killed by a signal exits as shells report it (128 + signal number), e.g. 130 for Ctrl-C.
process.exit(result.status ?? 128 + (constants.signals[result.signal] ?? 0));
