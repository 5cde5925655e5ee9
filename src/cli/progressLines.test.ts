import { describe, expect, it } from 'vitest';
import { scenarios } from '../../models/scenarios.ts';
import { memoryIo } from './fixtures/toyRegistry.ts';
import { runCli } from './runCli.ts';

/** `check` where stderr is no terminal: plain progress lines, and the results as without them. */
describe('check without a terminal', () => {
  it('writes plain progress lines to stderr, and nothing else changes', async () => {
    const quiet = memoryIo();
    const lines = { ...memoryIo(), progressLinesEveryMs: 1 };
    expect(await runCli(['check', 'outbox-cdc-no-dedup', '--json'], { scenarios }, quiet)).toBe(0);
    expect(await runCli(['check', 'outbox-cdc-no-dedup', '--json'], { scenarios }, lines)).toBe(0);
    expect(quiet.stderr()).toBe('');
    const written = lines.stderr().trimEnd().split('\n');
    expect(written.length).toBeGreaterThan(0);
    for (const line of written) expect(line).toMatch(/^outbox-cdc-no-dedup: \d+ states, depth \d+, \d+ states\/s, \d+ s$/);
    const rows = (out: string) => out.trimEnd().split('\n').map((l) => JSON.parse(l) as { property: string; status: string }).map(({ property, status }) => ({ property, status }));
    expect(rows(lines.stdout())).toEqual(rows(quiet.stdout()));
  }, 120_000);
});
