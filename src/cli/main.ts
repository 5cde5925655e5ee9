/**
 * The `cdc-check` executable (`npx cdc-check`, `npm run check`): the real scenario registry and
 * the process's IO, handed to `runCli`. Everything testable lives in `runCli`.
 */
import { processIo } from './CliIo.ts';
import { loadRegistry } from './loadRegistry.ts';
import { runCli } from './runCli.ts';

const io = processIo();
const registry = await loadRegistry(io);
// exitCode rather than exit(): let piped stdout drain before the process ends.
process.exitCode = registry ? await runCli(process.argv.slice(2), registry, io) : 2;
