import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadPostgresReplay } from './PostgresReplay.ts';
import { runCli } from './runCli.ts';
import { scenarios } from '../../models/scenarios.ts';
import { memoryIo, toyRegistry } from './fixtures/toyRegistry.ts';

const tmp = mkdtempSync(join(tmpdir(), 'cdc-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** `check --json` output: JSON Lines, one row object a line. */
function jsonLines(out: string): Record<string, unknown>[] {
  return out.trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
}

async function run(...argv: string[]) {
  const io = memoryIo();
  const code = await runCli(argv, toyRegistry, io);
  return { code, out: io.stdout(), err: io.stderr() };
}

describe('cdc-check list', () => {
  it('lists each scenario with its title', async () => {
    const r = await run('list');
    expect(r.code).toBe(0);
    expect(r.out.split('\n')[0]).toBe('toy-t1     Toy dual write with 1 crash');
  });
});

describe('cdc-check check', () => {
  it('prints the counterexample timeline and the matrix, and exits 0 when verdicts are as expected', async () => {
    const r = await run('check', 'toy-t1', 'toy-safe');
    expect(r.code).toBe(0);
    expect(r.out).toContain('toy-t1 · no-lost-events (atQuiescence) violated in 2 steps');
    expect(r.out).toContain('✖ Service: CrashService  [fault]');
    expect(r.out).toContain("replay: npx cdc-check replay --scenario toy-t1 'cdc1:toy-dual-write@1:");
    expect(r.out).toMatch(/toy-t1 +no-lost-events +✗ violated \(as expected\)/);
    expect(r.out).toMatch(/toy-safe +no-lost-events +✓ holds/);
    expect(r.out).not.toMatch(/\u001b\[/);
  });

  it('prints a trace shared by several invariants once, pointing back to it', async () => {
    const r = await run('check', 'toy-twice');
    expect(r.code).toBe(0);
    expect(r.out.match(/✖ Service: CrashService/g)).toHaveLength(1);
    expect(r.out).toContain('toy-twice · at-least-once (atQuiescence) violated by the same trace as no-lost-events');
    expect(r.out).toMatch(/at-least-once +✗ violated \(as expected\) {2}2 steps/);
  });

  it('exits 1 and marks UNEXPECTED when a verdict differs from the expected one', async () => {
    const r = await run('check', 'toy-wrong');
    expect(r.code).toBe(1);
    expect(r.out).toContain('UNEXPECTED  violated, expected holds');
  });

  it('never passes a search cut short by a bound: incomplete is UNEXPECTED, with the reason', async () => {
    const r = await run('check', 'toy-safe', '--max-states', '2');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/toy-safe: .*state bound of 2/);
    expect(r.out).toMatch(/no-lost-events +UNEXPECTED  incomplete, expected holds/);
  });

  it('--json prints only the rows, one JSON object a line, in the documented shape', async () => {
    const r = await run('check', 'toy-t1', '--json');
    const rows = jsonLines(r.out);
    expect(rows[0]).toMatchObject({ scenario: 'toy-t1', property: 'no-lost-events', expected: 'violated', status: 'violated', traceLength: 2, kind: 'invariant' });
    expect(Object.keys(rows[0]!)).toEqual(expect.arrayContaining(['scenario', 'property', 'expected', 'status', 'traceLength', 'states', 'ms']));
    expect(rows.filter((x) => x.kind === 'reachability').map((x) => [x.property, x.status])).toEqual([['event-consumed', 'holds'], ['crash-after-commit', 'holds']]);
  });

  it('--symmetry leaves a scenario without interchangeable aggregates as it is', async () => {
    const plain = await run('check', 'toy-t1', '--json');
    const reduced = await run('check', 'toy-t1', '--json', '--symmetry');
    expect(reduced.code).toBe(0);
    const strip = (out: string) => jsonLines(out).map((x) => ({ ...x, ms: 0 }));
    expect(strip(reduced.out)).toEqual(strip(plain.out));
  });

  it('--symmetry counts states that differ by renaming aggregates once, with the same verdicts (real registry, two aggregates)', async () => {
    const real = async (...argv: string[]) => {
      const io = memoryIo();
      expect(await runCli(argv, { scenarios }, io)).toBe(0);
      return jsonLines(io.stdout()) as unknown as { property: string; status: string; traceLength: number; states: number }[];
    };
    const plain = await real('check', 'dual-write', '--scope', 'large', '--json');
    const reduced = await real('check', 'dual-write', '--scope', 'large', '--json', '--symmetry');
    expect(reduced[0]!.states).toBeLessThan(plain[0]!.states);
    const verdicts = (rows: typeof plain) => rows.map((x) => [x.property, x.status, x.traceLength]);
    expect(verdicts(reduced)).toEqual(verdicts(plain));
  });

  it('runs every scenario when no id is given', async () => {
    const r = await run('check', '--json');
    expect(new Set(jsonLines(r.out).map((x) => x.scenario))).toEqual(new Set(['toy-t1', 'toy-safe', 'toy-wrong', 'toy-twice']));
    expect(r.code).toBe(1);
  });

  it('random mode finds the violation too, and reads unrefuted holds as not a proof, not a failure', async () => {
    const r = await run('check', 'toy-t1', '--mode', 'random', '--seed', '7', '--json');
    const rows = jsonLines(r.out);
    expect(rows.find((x) => x.property === 'no-lost-events')!.status).toBe('violated');
    expect(rows.find((x) => x.property === 'no-phantom-events')!.status).toBe('incomplete');
    expect(r.code).toBe(0);
  });

  it('--report DIR writes the index, Markdown with a sequence diagram, HTML and a JSON trace', async () => {
    const dir = join(tmp, 'rep');
    const r = await run('check', 'toy-t1', '--report', dir);
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, 'index.md'), 'utf8')).toContain('[✗ violated](toy-t1/no-lost-events.md)');
    expect(readFileSync(join(dir, 'toy-t1/no-lost-events.md'), 'utf8')).toContain('```mermaid\nsequenceDiagram');
    expect(existsSync(join(dir, 'toy-t1/no-lost-events.html'))).toBe(true);
    expect(r.err).toContain(`wrote 4 report files to ${dir}`);
  });
});

describe('cdc-check replay', () => {
  it('reproduces a trace file written by --report and exits 0', async () => {
    const dir = join(tmp, 'replay');
    await run('check', 'toy-t1', '--report', dir);
    const r = await run('replay', join(dir, 'toy-t1/no-lost-events.json'));
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('✖ Service: CrashService');
    expect(r.out).toContain('reproduced: 2 steps; the path ends in a terminal state; violated there: no-lost-events (atQuiescence)');
  });

  it('replays a bare replay string given with its scenario', async () => {
    const json = await run('check', 'toy-t1', '--report', join(tmp, 'bare'));
    expect(json.code).toBe(0);
    const file = JSON.parse(readFileSync(join(tmp, 'bare/toy-t1/no-lost-events.json'), 'utf8'));
    const r = await run('replay', '--scenario', 'toy-t1', file['#meta'].replay);
    expect(r.code).toBe(0);
  });

  it('says at which step and why when the model changed so the trace no longer applies', async () => {
    const dir = join(tmp, 'drift');
    await run('check', 'toy-t1', '--report', dir);
    const path = join(dir, 'toy-t1/no-lost-events.json');
    const file = JSON.parse(readFileSync(path, 'utf8'));
    // Replaying against the crash-free scenario: the crash action is no longer offered.
    file['#meta'].scenario = 'toy-safe';
    writeFileSync(path, JSON.stringify(file));
    const r = await run('replay', path);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/does not reproduce \(at step 2\)/);
  });

  it('says when a recorded state differs from what the model now computes', async () => {
    const dir = join(tmp, 'state');
    await run('check', 'toy-t1', '--report', dir);
    const path = join(dir, 'toy-t1/no-lost-events.json');
    const file = JSON.parse(readFileSync(path, 'utf8'));
    file.states[1].db = { balance: 50 };
    writeFileSync(path, JSON.stringify(file));
    const r = await run('replay', path);
    expect(r.code).toBe(1);
    expect(r.err).toContain('does not reproduce (at step 1)');
    expect(r.err).toContain('db.balance: 50 → 100');
  });
});

describe('cdc-check explain', () => {
  it("prints the scenario's machines as Mermaid state diagrams, with knobs and expected verdicts", async () => {
    const r = await run('explain', 'toy-t1');
    expect(r.code).toBe(0);
    expect(r.out).toContain('```mermaid\nstateDiagram-v2\n  [*] --> idle');
    expect(r.out).toContain('## Knobs\n\n- crashBudget=1\n');
    expect(r.out).toContain('- `no-lost-events`: violated');
  });
});

describe('usage errors: one line naming the culprit, a hint, exit 2', () => {
  it.each([
    [['check', 'no-such-scenario'], "unknown scenario id 'no-such-scenario'", 'cdc-check list'],
    [['check', 'toy-t'], "unknown scenario id 'toy-t'", "did you mean 'toy-t1'"],
    [['check', '--scope', 'huge'], "'huge' is invalid", 'cdc-check'],
    [['check', '--seed', 'abc'], "--seed takes an integer from -2147483648 to 2147483647, got 'abc'", 'help'],
    [['check', '--frobnicate'], "unknown option '--frobnicate'", 'help'],
    [['chekc'], "unknown command 'chekc'", 'help'],
    [['explain', 'nope'], "unknown scenario id 'nope'", 'cdc-check list'],
    [['replay', 'missing.json'], "cannot read trace file 'missing.json': no such file", 'check <id> --report'],
  ])('%j', async (argv, message, hint) => {
    const r = await run(...argv);
    expect(r.code).toBe(2);
    const lines = r.err.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain(message);
    expect(lines[1]).toMatch(/^hint: /);
    expect(lines[1]).toContain(hint);
  });

  it('replay --postgres loads conformance/replayOnPostgres.ts, and refuses up front when it is missing', async () => {
    const provided = existsSync(new URL('../../conformance/replayOnPostgres.ts', import.meta.url));
    const loaded = await loadPostgresReplay();
    expect(typeof loaded).toBe(provided ? 'function' : 'undefined');
    if (!provided) {
      const r = await run('replay', 'x.json', '--postgres');
      expect(r.code).toBe(2);
      expect(r.out).toBe('');
      expect(r.err).toContain('replay --postgres is not available');
    }
  });

  it('rejects a file that is not a trace, naming it', async () => {
    const path = join(tmp, 'not-a-trace.json');
    writeFileSync(path, '{"hello":1}');
    const r = await run('replay', path);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`'${path}' is not a cdc-check trace`);
  });

  it('prints help and exits 2 with no command, 0 with --help', async () => {
    expect((await run()).code).toBe(2);
    const help = await run('--help');
    expect(help.code).toBe(0);
    expect(help.out).toContain('check [options] [ids...]');
  });
});
