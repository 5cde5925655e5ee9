import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scenarios } from '../../models/scenarios.ts';
import type { Model } from '../engine/Model.ts';
import { fingerprintOf } from '../engine/replayString.ts';
import { encodeReplay, replay, ReplayError, stableKey } from '../index.ts';
import { toyDualWrite } from '../report/fixtures/toyDualWrite.ts';
import type { CliIo } from './CliIo.ts';
import { memoryIo, toyRegistry } from './fixtures/toyRegistry.ts';
import { runCli } from './runCli.ts';

/**
 * Issue 14's named cases, each run in-process through `runCli`: false claims, silently ignored
 * flags, bad report paths, messages that contradicted themselves, and interrupts.
 */
const tmp = mkdtempSync(join(tmpdir(), 'cdc-named-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function run(argv: string[], io: ReturnType<typeof memoryIo> & Partial<CliIo> = memoryIo(), registry = toyRegistry) {
  const code = await runCli(argv, registry, io);
  return { code, out: io.stdout(), err: io.stderr() };
}

/** The replay string of a path through the toy model (what `check` would print for it). */
function toyString(init: number, choices: number[], crashBudget = 1): string {
  const model = toyDualWrite(crashBudget) as unknown as Model<unknown, unknown>;
  let state = model.initial()[init];
  for (const c of choices) state = model.next(state, model.actions(state)[c]);
  return encodeReplay({ model: model.name, version: model.version ?? '1', init, choices, fingerprint: fingerprintOf(stableKey(state)) });
}

let tracePath: string;
let traceText: string;
beforeAll(async () => {
  const r = await run(['check', 'toy-t1', '--report', join(tmp, 'rep')]);
  expect(r.code).toBe(0);
  tracePath = join(tmp, 'rep/toy-t1/no-lost-events.json');
  traceText = readFileSync(tracePath, 'utf8');
});

/** Writes an edited copy of the toy-t1 trace file and returns its path. */
function edited(name: string, edit: (file: Record<string, any>) => void): string {
  const file = JSON.parse(traceText) as Record<string, any>;
  edit(file);
  const path = join(tmp, `${name}.json`);
  writeFileSync(path, JSON.stringify(file));
  return path;
}

describe('replay of a bare string says what the path reaches and exits 0 only when it violates something', () => {
  it('the initial state violates nothing: exit 1, nothing claimed on stdout', async () => {
    const r = await run(['replay', '--scenario', 'toy-t1', toyString(0, [])]);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/^does not reproduce: the path replays and ends in a state where actions are still enabled, but no property is violated there\n/);
  });

  it('a valid 1-step prefix that breaks nothing: exit 1', async () => {
    const r = await run(['replay', '--scenario', 'toy-t1', toyString(0, [0])]);
    expect(r.code).toBe(1);
    expect(r.out).not.toContain('violated');
  });

  it('the real counterexample: exit 0, naming what is violated at its end', async () => {
    const r = await run(['replay', '--scenario', 'toy-t1', toyString(0, [0, 1])]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('reproduced: 2 steps; the path ends in a terminal state; violated there: no-lost-events (atQuiescence)');
  });

  it('--property that holds at the end: exit 1; an unknown --property: exit 2', async () => {
    const holds = await run(['replay', '--scenario', 'toy-t1', '--property', 'no-phantom-events', toyString(0, [0, 1])]);
    expect(holds.code).toBe(1);
    expect(holds.err).toContain('no-phantom-events is not violated there (violated: no-lost-events)');
    const unknown = await run(['replay', '--scenario', 'toy-t1', '--property', 'nope', toyString(0, [0, 1])]);
    expect(unknown.code).toBe(2);
  });

  it('a malformed string is a usage error (exit 2), not "does not reproduce"', async () => {
    const r = await run(['replay', '--scenario', 'toy-t1', 'cdc1:toy-dual-write@1:0:x:zz']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^cdc-check: not a cdc-check replay string/);
    expect(r.err).not.toContain('does not reproduce');
  });

  it('a wrong --scope is named as the difference, not blamed on the model', async () => {
    const initial = (await import('../../models/scenarios.ts')).scenarios.find((s) => s.id === 'dual-write')!.model('small');
    const s = encodeReplay({ model: initial.name, version: initial.version ?? '1', init: 0, choices: [], fingerprint: fingerprintOf(stableKey(initial.initial()[0])) });
    const r = await run(['replay', '--scenario', 'dual-write', '--scope', 'medium', s], memoryIo(), { scenarios });
    expect(r.code).toBe(1);
    expect(r.err).toContain('hint: it replays at scope small: pass --scope small');
    expect(r.err).not.toContain('version');
  });

  it('a path past a terminal state says the state is terminal, not "offers only 0"', async () => {
    const r = await run(['replay', '--scenario', 'toy-t1', toyString(0, [0, 1]).replace(':0.1:', ':0.1.0:')]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('that state is terminal: no action is enabled in it');
    expect(r.err).not.toContain('only 0');
  });

  it('an initial state that does not exist says how many there are, without contradiction', async () => {
    const r = await run(['replay', '--scenario', 'toy-t1', toyString(0, []).replace(':0::', ':1::')]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('initial state #1, but the model has only one initial state (#0)');
  });

  it('an edited hash is named as such', async () => {
    const r = await run(['replay', '--scenario', 'toy-t1', toyString(0, [0, 1]).replace(/:[0-9a-f]{8}$/, ':00000000')]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('the hash was edited');
  });
});

describe('replay of an edited trace file: nothing claimed on stdout, and what differs is named', () => {
  it.each([
    ['property that holds', (f: any) => void (f['#meta'].property = 'no-phantom-events'), 1, 'no-phantom-events is not violated there'],
    ['property that does not exist', (f: any) => void (f['#meta'].property = 'no-such'), 1, "no property named 'no-such'"],
    ['model version', (f: any) => void (f['#meta'].model.version = '7'), 1, 'made by model toy-dual-write version 7; toy-t1 now checks toy-dual-write version 1'],
    ['scope', (f: any) => void (f['#meta'].scope = 'huge'), 2, '#meta.scope is "huge", not one of small, medium, large'],
    ['action label', (f: any) => void (f.states[1]['#meta'].action = 'ServicePublish'), 1, 'states[1].#meta.action: the file says "ServicePublish", the model gives "ServiceCommit"'],
    ['says', (f: any) => void (f.states[2]['#meta'].says.Kafka = 'acct-1@1'), 1, 'states[2].#meta.says.Kafka: the file says "acct-1@1"'],
    ['actionData', (f: any) => void (f.states[2]['#meta'].actionData = { type: 'ServicePublish' }), 1, 'states[2].#meta.actionData.type'],
    ['fault flag', (f: any) => void (f.states[2]['#meta'].fault = false), 1, 'states[2].#meta.fault: the file says false, the model gives true'],
    ['actions list', (f: any) => void (f.actions[0] = 'X'), 1, 'actions[0]: the file says "X"'],
    ['kind', (f: any) => void (f['#meta'].kind = 'always'), 1, '#meta.kind: the file says "always", the model gives "atQuiescence"'],
    ['expected', (f: any) => void (f['#meta'].expected = 'holds'), 1, '#meta.expected'],
    ['reason', (f: any) => void (f['#meta'].reason = 'acct-1#1 lost'), 1, '#meta.reason: the file says "acct-1#1 lost", the model gives "balance=100 committed; Kafka holds no event for it"'],
    ['loopsBackTo', (f: any) => void (f['#meta'].loopsBackTo = 1), 1, '#meta.loopsBackTo: the file says 1, the model gives nothing'],
    ['damageStep', (f: any) => void (f['#meta'].damageStep = 1), 1, '#meta.damageStep: the file says 1, the model gives 2'],
    ['hash in the replay string', (f: any) => void (f['#meta'].replay = f['#meta'].replay.replace(/:[0-9a-f]{8}$/, ':00000000')), 1, 'the hash in #meta.replay was edited'],
    ['choices in the replay string', (f: any) => void (f['#meta'].replay = f['#meta'].replay.replace(':0.1:', ':0.0:')), 1, 'the replay string was edited'],
    ['format version as a string', (f: any) => void (f['#meta'].formatVersion = '1'), 2, '#meta.formatVersion: expected number, got the string "1"'],
    ['an unknown field', (f: any) => void (f['#meta'].extra = true), 2, '#meta: unknown field "extra"'],
    ['a state with a variable not in vars', (f: any) => void (f.states[1].bogus = 1), 2, 'states[1]: has "bogus", which is not in "vars"'],
  ])('%s', async (_name, edit, code, message) => {
    const r = await run(['replay', edited(_name.replace(/\W+/g, '-'), edit)]);
    expect(r.err).toContain(message);
    expect(r.code).toBe(code);
    expect(r.out).toBe('');
  });

  it('a file from before damageStep existed (without it) still reproduces', async () => {
    expect(JSON.parse(traceText)['#meta'].damageStep).toBe(2);
    const r = await run(['replay', edited('older-writer', (f) => void delete f['#meta'].damageStep)]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
  });

  it('the untouched file reproduces', async () => {
    const r = await run(['replay', tracePath]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
  });
});

describe('check: flags that would be ignored or wrapped are refused, with the range or the mode', () => {
  it.each([
    [['check', 'toy-t1', '--mode', 'random', '--seed', '4294967296'], "--seed takes an integer from -2147483648 to 2147483647, got '4294967296'"],
    [['check', 'toy-t1', '--mode', 'random', '--seed', '2147483648'], 'from -2147483648 to 2147483647'],
    [['check', 'toy-t1', '--mode', 'random', '--seed', '9007199254740991'], "got '9007199254740991'"],
    [['check', 'toy-t1', '--mode', 'random', '--seed', '99999999999999999999999'], "got '99999999999999999999999'"],
    [['check', 'toy-t1', '--seed', '7'], '--seed applies only to --mode random, and this check is by default --mode exhaustive'],
    [['check', 'toy-t1', '--mode', 'random', '--symmetry'], '--symmetry applies only to --mode exhaustive, and this check is --mode random'],
    [['check', 'toy-t1', '--mode', 'random', '--max-states', '5'], '--max-states applies only to --mode exhaustive'],
    [['check', 'toy-t1', '--mode', 'random', '--max-memory', '100'], '--max-memory applies only to --mode exhaustive'],
    [['check', 'toy-t1', '--runs', '5'], '--runs applies only to --mode random'],
    [['check', 'toy-t1', '--mode', 'random', '--exact-keys'], '--exact-keys applies only to --mode exhaustive'],
    [['check', 'toy-t1', '--max-states', 'NaN'], "--max-states takes an integer ≥ 1, got 'NaN'"],
    [['check', 'toy-t1', '--timeout', 'Infinity'], "got 'Infinity'"],
  ])('%j', async (argv, message) => {
    const r = await run(argv);
    expect(r.code).toBe(2);
    expect(r.err.split('\n')[0]).toContain(message);
    expect(r.out).toBe('');
  });

  it('the extreme seeds are accepted', async () => {
    expect((await run(['check', 'toy-t1', '--mode', 'random', '--seed', '-2147483648', '--json'])).code).toBe(0);
    expect((await run(['check', 'toy-t1', '--mode', 'random', '--seed', '2147483647', '--runs', '50', '--max-steps', '10', '--json'])).code).toBe(0);
  });

  it('--exact-keys gives the same verdicts as fingerprints', async () => {
    const strip = (out: string) => out.replace(/\d+ ms/g, '');
    const exact = await run(['check', 'toy-t1', 'toy-safe', '--exact-keys']);
    expect(exact.code).toBe(0);
    expect(strip(exact.out)).toBe(strip((await run(['check', 'toy-t1', 'toy-safe'])).out));
  });

  it('--max-depth is passed to the engine', async () => {
    const r = await run(['check', 'toy-safe', '--max-depth', '0']);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/no-lost-events +UNEXPECTED  incomplete/);
  });
});

describe('check --report: a directory, validated before the search, written atomically', () => {
  it.each([
    [['check', 'toy-t1', '--report'], "option '--report <dir>' argument missing"],
    [['check', '--report', 'toy-t1'], "--report takes a directory, and 'toy-t1' is a scenario id"],
    [['check', 'toy-t1', '--report', ''], '--report takes a directory, and got an empty name'],
    [['check', 'toy-t1', '--report', 'reports'], 'would overwrite the committed reports/'],
    [['check', 'toy-t1', '--report', '/proc/x'], "cannot write reports beside '/proc/x'"],
    [['check', 'toy-t1', '--report', '/sys/x/y'], "cannot write reports beside '/sys/x/y'"],
  ])('%j', async (argv, message) => {
    const cwd = process.cwd();
    process.chdir(new URL('../..', import.meta.url).pathname);
    try {
      const r = await run(argv);
      expect(r.code).toBe(2);
      expect(r.err.split('\n')[0]).toContain(message);
      // Refused before the search: no verdicts printed.
      expect(r.out).toBe('');
    } finally {
      process.chdir(cwd);
    }
  });

  it('a path that is a file, a parent that is a file, a directory of other files: refused before the search', async () => {
    const file = join(tmp, 'a-file');
    writeFileSync(file, 'x');
    const other = join(tmp, 'mine');
    mkdirSync(other);
    writeFileSync(join(other, 'notes.txt'), 'keep me');
    for (const [dir, message] of [
      [file, 'exists and is not a directory'],
      [join(file, 'sub'), 'a parent is not a directory'],
      [other, 'already holds files that cdc-check did not write'],
    ] as const) {
      const r = await run(['check', 'toy-t1', '--report', dir]);
      expect(r.code).toBe(2);
      expect(r.err.split('\n')[0]).toContain(message);
      expect(r.out).toBe('');
    }
    expect(readFileSync(join(other, 'notes.txt'), 'utf8')).toBe('keep me');
    expect(readdirSync(tmp).filter((n) => n.includes('.tmp-'))).toEqual([]);
  });

  it('replaces an earlier report whole, leaving no temporary directory beside it', async () => {
    const dir = join(tmp, 'again');
    expect((await run(['check', 'toy-t1', '--report', dir])).code).toBe(0);
    writeFileSync(join(dir, 'toy-t1', 'stale.md'), 'old');
    expect((await run(['check', 'toy-t1', '--report', dir])).code).toBe(0);
    expect(existsSync(join(dir, 'toy-t1', 'stale.md'))).toBe(false);
    expect(readdirSync(tmp).filter((n) => n.startsWith('.again'))).toEqual([]);
  });
});

describe('check: output as each scenario finishes, and interrupts', () => {
  it("prints each scenario's verdicts before the next one starts, and the summary at the end", async () => {
    const io = memoryIo();
    const seen: string[] = [];
    const r = await run(['check', 'toy-t1', 'toy-safe'], Object.assign(io, { interrupted: () => void seen.push(io.stdout()) as undefined }));
    expect(r.code).toBe(0);
    expect(seen[1]).toMatch(/toy-t1 +no-lost-events +✗ violated/);
    expect(seen[1]).not.toContain('toy-safe');
    expect(r.out.trimEnd().split('\n').at(-1)).toBe('2 scenarios: invariants 3 hold, 1 violated as expected, 0 UNEXPECTED; reachability 3/3 reached');
  });

  it('--json prints each row on its own line as soon as its scenario finishes', async () => {
    const io = memoryIo();
    const seen: string[] = [];
    await run(['check', 'toy-t1', 'toy-safe', '--json'], Object.assign(io, { interrupted: () => void seen.push(io.stdout()) as undefined }));
    expect(seen[1]!.trimEnd().split('\n').map((l) => JSON.parse(l).scenario)).toEqual(['toy-t1', 'toy-t1', 'toy-t1', 'toy-t1']);
  });

  it('on SIGTERM after the first scenario: its verdicts, the partial summary, exit 143, and no report', async () => {
    const io = memoryIo();
    let calls = 0;
    const dir = join(tmp, 'interrupted');
    const r = await run(['check', 'toy-t1', 'toy-safe', '--report', dir], Object.assign(io, { interrupted: () => (++calls > 1 ? ('SIGTERM' as const) : undefined) }));
    expect(r.code).toBe(143);
    expect(r.out).toMatch(/toy-t1 +no-lost-events +✗ violated/);
    expect(r.out).toContain('interrupted by SIGTERM: between scenarios; not started: toy-safe');
    expect(r.out).toContain('1 scenario: invariants 1 hold, 1 violated as expected, 0 UNEXPECTED');
    expect(existsSync(dir)).toBe(false);
    expect(readdirSync(tmp).filter((n) => n.startsWith('.interrupted'))).toEqual([]);
  });

  it('on SIGINT during a search: the states explored so far, incomplete, exit 130 (--json: one line saying so)', async () => {
    const io = memoryIo();
    let calls = 0;
    const r = await run(['check', 'dual-write', '--scope', 'large', '--json'], Object.assign(io, { interrupted: () => (++calls > 2 ? ('SIGINT' as const) : undefined) }), { scenarios });
    expect(r.code).toBe(130);
    const last = JSON.parse(r.out.trimEnd().split('\n').at(-1)!);
    expect(last).toMatchObject({ interrupted: 'SIGINT', scenario: 'dual-write', status: 'incomplete', notStarted: [] });
    expect(last.states).toBeGreaterThan(0);
  });
});

describe('messages', () => {
  it('help and help check exit 0', async () => {
    const help = await run(['help']);
    expect(help.code).toBe(0);
    expect(help.out).toContain('check [options] [ids...]');
    const helpCheck = await run(['help', 'check']);
    expect(helpCheck.code).toBe(0);
    expect(helpCheck.out).toContain('--max-depth <n>');
  });

  it('--max-memory 1 names the flag as the bound, not NODE_OPTIONS', async () => {
    const r = await run(['check', 'dual-write', '--scope', 'large', '--max-memory', '1'], memoryIo(), { scenarios });
    expect(r.out).toContain('the bound set by --max-memory 1');
    expect(r.out).not.toContain('NODE_OPTIONS');
  });

  it('docs --out: a directory, or a missing parent, is refused with one line', async () => {
    for (const [out, message] of [
      [tmp, 'is a directory, not a file'],
      [join(tmp, 'no/such/dir/p.md'), 'does not exist'],
      ['', '--out is an empty name'],
    ] as const) {
      const r = await run(['docs', '--out', out]);
      expect(r.code).toBe(2);
      expect(r.err.split('\n')[0]).toContain(message);
    }
  });

  it('replay(model, 42) from the library throws a typed ReplayError', () => {
    expect(() => replay(toyDualWrite(1), 42 as unknown as string)).toThrow(ReplayError);
    expect(() => replay(toyDualWrite(1), 42 as unknown as string)).toThrow(/must be a string, got number/);
  });
});
