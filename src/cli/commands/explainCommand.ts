import { formatKnobs } from '../../report/renderPipelineDoc.ts';
import { renderStateDiagram } from '../../report/renderStateDiagram.ts';
import type { CliIo } from '../CliIo.ts';
import { selectScenarios, type ScenarioRegistry } from '../ScenarioRegistry.ts';
import { ExitCode } from '../UsageError.ts';

/**
 * `cdc-check explain <id>`: the scenario's explanation, expected verdicts and knobs, and each of
 * its machines as a Mermaid state diagram. Printed as Markdown, so it can be pasted into an issue
 * or a doc and render there.
 */
export function explainCommand(registry: ScenarioRegistry, id: string, io: CliIo): number {
  const [scenario] = selectScenarios(registry, [id]);
  const s = scenario!;
  const out = [`# ${s.id}`, '', s.title, '', s.explanation, '', '## Expected verdicts', ''];
  for (const [invariant, verdict] of Object.entries(s.expected)) out.push(`- \`${invariant}\`: ${verdict}`);
  out.push('', '## Knobs', '');
  const knobs = Object.keys(s.knobs).map((k) => `- ${formatKnobs({ [k]: s.knobs[k] })}`);
  out.push(...(knobs.length > 0 ? knobs : ['(none)']), '');
  for (const [actor, machine] of Object.entries(s.machines())) {
    out.push(`## ${actor} (\`${machine.id}\`)`, '', '```mermaid', renderStateDiagram(machine), '```', '');
  }
  io.out(out.join('\n'));
  return ExitCode.ok;
}
