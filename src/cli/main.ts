/**
 * The `cdc-check` executable (`npx cdc-check`, `npm run check`): the real scenario registry and
 * the process's IO, handed to `runCli`. Everything testable lives in `runCli`.
 */
import { scenarios } from '../../models/scenarios.ts';
import { processIo } from './CliIo.ts';
import { runCli } from './runCli.ts';

// exitCode rather than exit(): let piped stdout drain before the process ends.
process.exitCode = await runCli(process.argv.slice(2), { scenarios }, processIo());
