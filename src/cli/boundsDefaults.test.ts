import { describe, expect, it } from 'vitest';
import type { Scenario } from '../../models/Scenario.ts';
import type { Model } from '../engine/Model.ts';
import { always } from '../engine/Property.ts';
import { memoryIo } from './fixtures/toyRegistry.ts';
import { LARGE_TIME_LIMIT_MS } from './internal/defaultBounds.ts';
import { runCli } from './runCli.ts';

/** A counter from 0 to `last`, one step at a time: `last + 1` states, a line of them. */
function line(last: number): Model<number, 'Inc'> {
  return {
    name: `line-${last}`,
    initial: () => [0],
    actions: (n) => (n < last ? ['Inc'] : []),
    next: (n) => n + 1,
    properties: [always('within-line', (n) => n <= last)],
    fingerprint: (n, into) => {
      into[0] = 0x5bd1e995;
      into[1] = n;
    },
  };
}

/** Six million states: past the engine's bound of five million, which `--scope large` lifts. */
const STATES = 6_000_000;
const scenario: Scenario = {
  id: 'line',
  title: 'A line of six million states',
  explanation: 'A counter, one state after another.',
  expected: { 'within-line': 'holds' },
  knobs: {},
  model: () => line(STATES - 1) as unknown as Model<unknown, unknown>,
  machines: () => ({}),
};

/** `check line` with `argv`, its row and what it printed on stderr, and the deadlines armed. */
async function check(...argv: string[]) {
  const armed: number[] = [];
  const io = Object.assign(memoryIo(), { deadlineWatchdog: () => ({ arm: (_: string, at: number) => void armed.push(at - Date.now()), disarm: () => {} }) });
  const code = await runCli(['check', 'line', '--json', ...argv], { scenarios: [scenario] }, io);
  const row = JSON.parse(io.stdout().trim()) as { status: string; states: number };
  return { code, row, armed, err: io.stderr() };
}

describe('check --scope large: each scenario\'s bounds when none are given', () => {
  it('lifts the engine\'s state bound: a search of six million states completes there, and not at the small scope', async () => {
    const small = await check();
    expect([small.row.status, small.row.states]).toEqual(['incomplete', 5_000_000]);
    const large = await check('--scope', 'large');
    expect([large.row.status, large.row.states]).toEqual(['holds', STATES]);
    expect(large.code).toBe(0);
    // --json keeps stderr for what went wrong: the note of the bounds is for people.
    expect(large.err).not.toContain('each scenario');
  }, 120_000);

  it('gives each scenario 20 minutes, and says so, unless --timeout or --max-states says otherwise', async () => {
    const io = Object.assign(memoryIo(), { deadlineWatchdog: () => ({ arm: () => {}, disarm: () => {} }) });
    expect(await runCli(['check', 'line', '--scope', 'large', '--max-states', '10'], { scenarios: [scenario] }, io)).toBe(1);
    expect(io.stderr()).toContain('each scenario: up to 20 minutes and 10 states (--max-states N, --timeout MS for others)');
    const given = await check('--scope', 'large', '--timeout', '60000', '--max-states', '10');
    expect(given.armed).toHaveLength(1);
    expect(given.armed[0]!).toBeGreaterThan(50_000);
    expect(given.armed[0]!).toBeLessThanOrEqual(60_000);
    const large = await check('--scope', 'large', '--max-states', '10');
    expect(large.armed[0]!).toBeGreaterThan(LARGE_TIME_LIMIT_MS - 10_000);
    expect(large.armed[0]!).toBeLessThanOrEqual(LARGE_TIME_LIMIT_MS);
    expect((await check('--max-states', '10')).armed).toEqual([]);
    expect((await check('--scope', 'large', '--mode', 'random')).armed).toEqual([]);
  });
});
