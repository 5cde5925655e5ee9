import { createStyle } from '../../report/Style.ts';
import type { CliIo } from '../CliIo.ts';
import type { ScenarioRegistry } from '../ScenarioRegistry.ts';
import { ExitCode } from '../UsageError.ts';

/** `cdc-check list`: every registered scenario with its one-line title (`--json`: id, title, expected). */
export function listCommand(registry: ScenarioRegistry, options: { json: boolean }, io: CliIo): number {
  if (options.json) {
    const rows = registry.scenarios.map((s) => ({ id: s.id, title: s.title, expected: s.expected }));
    io.out(`${JSON.stringify(rows, null, 2)}\n`);
    return ExitCode.ok;
  }
  const st = createStyle(io.color);
  const width = Math.max(0, ...registry.scenarios.map((s) => s.id.length));
  for (const s of registry.scenarios) io.out(`${st.bold(s.id.padEnd(width))}  ${s.title}\n`);
  return ExitCode.ok;
}
