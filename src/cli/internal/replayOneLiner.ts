/**
 * The shell command that replays a trace from its replay string alone (no file needed), as
 * printed under each terminal timeline. Single-quoted: replay strings contain `:` and `@`.
 */
export function replayOneLiner(scenario: string, scope: string, replay: string): string {
  const scopeFlag = scope === 'small' ? '' : ` --scope ${scope}`;
  return `npx cdc-check replay --scenario ${scenario}${scopeFlag} '${replay.replace(/'/g, `'\\''`)}'`;
}
