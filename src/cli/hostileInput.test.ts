import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scenarios } from '../../models/scenarios.ts';
import { reportFiles } from '../report/reportFiles.ts';
import { runScenario } from './runScenario.ts';
import { selectScenarios } from './ScenarioRegistry.ts';

/**
 * Issue 14's acceptance: the real launcher (`bin/cdc-check.js`), as a subprocess, over a table of
 * bad inputs. For each: the exit code; a first message of one line (the line, then at most a
 * hint); no stack frame anywhere in the output; nothing written outside the temporary directory
 * (the child's working directory, HOME and TMPDIR are in it, and the checkout's `git status`
 * must not change). Cases run a few at a time.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'cdc-hostile-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const gitStatus = (): string => execFileSync('git', ['status', '--porcelain', '--untracked-files=all'], { cwd: ROOT, encoding: 'utf8' });
let statusBefore: string;

/** Paths the table refers to, made in beforeAll: `FILE` a plain file, `OTHER` a directory of someone's files, `TRACE` a good trace. */
const FILE = join(tmp, 'a-file');
const OTHER = join(tmp, 'not-reports');
const TRACE = join(tmp, 'trace.json');
let trace: Record<string, any>;

/** Writes an edited copy of the good trace. */
function traceWith(name: string, edit: (f: Record<string, any>) => void): () => string {
  return () => {
    const f = structuredClone(trace);
    edit(f);
    const path = join(tmp, `${name}.json`);
    writeFileSync(path, JSON.stringify(f));
    return path;
  };
}

beforeAll(() => {
  statusBefore = gitStatus();
  writeFileSync(FILE, 'x');
  mkdirSync(OTHER);
  writeFileSync(join(OTHER, 'notes.txt'), 'mine');
  const run = runScenario(selectScenarios({ scenarios }, ['dual-write'])[0]!, { mode: 'exhaustive', scope: 'small' });
  const files = reportFiles([run], 'r');
  const json = [...files.entries()].find(([k]) => k.endsWith('no-lost-events.json'))!;
  writeFileSync(TRACE, json[1]);
  trace = JSON.parse(json[1]) as Record<string, any>;
});

afterAll(() => {
  expect(gitStatus(), 'the checkout changed: a hostile input wrote into it').toBe(statusBefore);
});

/** [name, argv (a function for paths made later), exit code, what the first line says, extra env]. */
type Case = [string, (string | (() => string))[], number, string | RegExp, Record<string, string>?];
const INIT = 'cdc1:dual-write@12:0::d466e107';
const usage = 2;
const cases: Case[] = [
  ['unknown command', ['chekc'], usage, "unknown command 'chekc'"],
  ['unknown global option', ['--frobnicate'], usage, "unknown option '--frobnicate'"],
  ['unknown scenario', ['check', 'nope'], usage, "unknown scenario id 'nope'"],
  ['scenario typo', ['check', 'dual-writ'], usage, "unknown scenario id 'dual-writ'"],
  ['bad scope', ['check', '--scope', 'huge'], usage, "'huge' is invalid"],
  ['bad mode', ['check', '--mode', 'fast'], usage, "'fast' is invalid"],
  ['unknown check option', ['check', '--frobnicate'], usage, "unknown option '--frobnicate'"],
  ['seed not a number', ['check', '--mode', 'random', '--seed', 'abc'], usage, "--seed takes an integer from -2147483648 to 2147483647, got 'abc'"],
  ['seed 2^32', ['check', '--mode', 'random', '--seed', '4294967296'], usage, "got '4294967296'"],
  ['seed 2^31', ['check', '--mode', 'random', '--seed', '2147483648'], usage, "got '2147483648'"],
  ['seed MAX_SAFE_INTEGER', ['check', '--mode', 'random', '--seed', '9007199254740991'], usage, "got '9007199254740991'"],
  ['seed below -2^31', ['check', '--mode', 'random', '--seed', '-2147483649'], usage, "got '-2147483649'"],
  ['seed in exponent form', ['check', '--mode', 'random', '--seed', '1e3'], usage, "got '1e3'"],
  ['seed blank', ['check', '--mode', 'random', '--seed', ' '], usage, "got ' '"],
  ['seed in exhaustive mode', ['check', 'dual-write', '--seed', '7'], usage, '--seed applies only to --mode random'],
  ['symmetry in random mode', ['check', '--mode', 'random', '--symmetry'], usage, '--symmetry applies only to --mode exhaustive'],
  ['max-states in random mode', ['check', '--mode', 'random', '--max-states', '5'], usage, '--max-states applies only to --mode exhaustive'],
  ['max-memory in random mode', ['check', '--mode', 'random', '--max-memory', '5'], usage, '--max-memory applies only to --mode exhaustive'],
  ['max-depth in random mode', ['check', '--mode', 'random', '--max-depth', '3'], usage, '--max-depth applies only to --mode exhaustive'],
  ['runs in exhaustive mode', ['check', '--runs', '5'], usage, '--runs applies only to --mode random'],
  ['max-steps in exhaustive mode', ['check', '--max-steps', '5'], usage, '--max-steps applies only to --mode random'],
  ['max-states 0', ['check', '--max-states', '0'], usage, "--max-states takes an integer ≥ 1, got '0'"],
  ['max-states negative', ['check', '--max-states', '-1'], usage, "got '-1'"],
  ['max-states NaN', ['check', '--max-states', 'NaN'], usage, "got 'NaN'"],
  ['max-states fraction', ['check', '--max-states', '1.5'], usage, "got '1.5'"],
  ['max-states huge', ['check', '--max-states', '99999999999999999999'], usage, "got '99999999999999999999'"],
  ['timeout Infinity', ['check', '--timeout', 'Infinity'], usage, "--timeout takes an integer ≥ 1, got 'Infinity'"],
  ['timeout 0', ['check', '--timeout', '0'], usage, "got '0'"],
  ['max-memory 0', ['check', '--max-memory', '0'], usage, "got '0'"],
  ['max-depth negative', ['check', '--max-depth', '-1'], usage, "--max-depth takes an integer ≥ 0, got '-1'"],
  ['runs 0', ['check', '--mode', 'random', '--runs', '0'], usage, "--runs takes an integer ≥ 1, got '0'"],
  ['report without a directory', ['check', 'dual-write', '--report'], usage, "option '--report <dir>' argument missing"],
  ['report followed by a scenario id', ['check', '--report', 'dual-write'], usage, "'dual-write' is a scenario id"],
  ['report empty', ['check', 'dual-write', '--report', ''], usage, 'got an empty name'],
  ['report into the committed reports/', ['check', 'dual-write', '--report', join(ROOT, 'reports')], usage, 'would overwrite the committed reports/'],
  ['report under /proc', ['check', 'dual-write', '--report', '/proc/x'], usage, "cannot write reports beside '/proc/x'"],
  ['report under /sys', ['check', 'dual-write', '--report', '/sys/x'], usage, "cannot write reports beside '/sys/x'"],
  ['report is a file', ['check', 'dual-write', '--report', FILE], usage, 'exists and is not a directory'],
  ['report parent is a file', ['check', 'dual-write', '--report', join(FILE, 'sub')], usage, 'a parent is not a directory'],
  ['report into a directory of other files', ['check', 'dual-write', '--report', OTHER], usage, 'already holds files that cdc-check did not write'],
  ['report into /', ['check', 'dual-write', '--report', '/'], usage, "'/' is the root directory"],
  ['list with an unknown option', ['list', '--bogus'], usage, "unknown option '--bogus'"],
  ['explain without an id', ['explain'], usage, "missing required argument 'id'"],
  ['explain unknown id', ['explain', 'nope'], usage, "unknown scenario id 'nope'"],
  ['explain two ids', ['explain', 'dual-write', 'outbox-cdc'], usage, 'too many arguments'],
  ['replay without a trace', ['replay'], usage, "missing required argument 'trace'"],
  ['replay a missing file', ['replay', 'missing.json'], usage, "cannot read trace file 'missing.json': no such file"],
  ['replay a directory', ['replay', tmp], usage, 'it is a directory'],
  ['replay a bare string without --scenario', ['replay', INIT], usage, 'is neither a trace file nor usable on its own'],
  ['replay with an unknown scenario', ['replay', '--scenario', 'nope', INIT], usage, "unknown scenario id 'nope'"],
  ['replay garbage', ['replay', '--scenario', 'dual-write', 'garbage'], usage, 'not a cdc-check replay string'],
  ['replay a string with a bad hash', ['replay', '--scenario', 'dual-write', 'cdc1:dual-write@12:0::zz'], usage, 'not a cdc-check replay string (bad state hash)'],
  ['replay a string with bad indices', ['replay', '--scenario', 'dual-write', 'cdc1:dual-write@12:0:1.x:d466e107'], usage, 'bad action indices'],
  ['replay the initial state', ['replay', '--scenario', 'dual-write', INIT], 1, /^does not reproduce: the path replays and ends in a state where actions are still enabled, but no property is violated there$/],
  ['replay another model', ['replay', '--scenario', 'dual-write', 'cdc1:other@12:0::d466e107'], 1, 'made by model "other"'],
  ['replay another version', ['replay', '--scenario', 'dual-write', 'cdc1:dual-write@99:0::fdb8eaf4'], 1, 'version 99'],
  ['replay with a bad --scope', ['replay', '--scenario', 'dual-write', '--scope', 'huge', INIT], usage, "'huge' is invalid"],
  ['replay with an unknown --property', ['replay', '--scenario', 'dual-write', '--property', 'nope', INIT], usage, "--property 'nope' is not a property of dual-write"],
  ['replay a file that is not JSON', ['replay', () => (writeFileSync(join(tmp, 'bad.json'), '{'), join(tmp, 'bad.json'))], usage, 'is not a cdc-check trace: not JSON'],
  ['replay an empty object', ['replay', () => (writeFileSync(join(tmp, 'empty.json'), '{}'), join(tmp, 'empty.json'))], usage, 'no "#meta" header'],
  ['replay another format', ['replay', traceWith('itf', (f) => void (f['#meta'].format = 'itf'))], usage, 'format is "itf"'],
  ['replay format version "1"', ['replay', traceWith('v-string', (f) => void (f['#meta'].formatVersion = '1'))], usage, '#meta.formatVersion: expected number, got the string "1"'],
  ['replay format version 2', ['replay', traceWith('v2', (f) => void (f['#meta'].formatVersion = 2))], usage, 'format version 2 is newer than this cdc-check reads (1)'],
  ['replay without states', ['replay', traceWith('no-states', (f) => void delete f.states)], usage, 'states: missing (expected array)'],
  ['replay a state without #meta', ['replay', traceWith('no-step-meta', (f) => void delete f.states[1]['#meta'])], usage, 'states[1].#meta: missing'],
  ['replay a file whose property holds', ['replay', traceWith('holds', (f) => void (f['#meta'].property = 'no-phantom-events'))], 1, 'no-phantom-events is not violated there'],
  ['replay a file whose property does not exist', ['replay', traceWith('no-prop', (f) => void (f['#meta'].property = 'nope'))], 1, "no property named 'nope'"],
  ['replay a file with an edited model version', ['replay', traceWith('mv', (f) => void (f['#meta'].model.version = '2'))], 1, 'the file was made by model dual-write version 2'],
  ['replay a file with scope huge', ['replay', traceWith('huge', (f) => void (f['#meta'].scope = 'huge'))], usage, '#meta.scope is "huge"'],
  ['replay a file with an edited label', ['replay', traceWith('label', (f) => void (f.states[1]['#meta'].action = 'Something'))], 1, 'states[1].#meta.action: the file says "Something"'],
  ['replay a file with an edited says', ['replay', traceWith('says', (f) => void (f.states[1]['#meta'].says.Kafka = 'all fine'))], 1, 'states[1].#meta.says.Kafka: the file says "all fine"'],
  ['replay --postgres with an unparsable DATABASE_URL', ['replay', TRACE, '--postgres'], usage, 'DATABASE_URL is not a valid URL (postgres://u@[::1)', { DATABASE_URL: 'postgres://u@[::1' }],
  ['replay --postgres with nothing listening', ['replay', TRACE, '--postgres'], usage, 'cannot connect to DATABASE_URL (postgres://u:***@127.0.0.1:1/db)', { DATABASE_URL: 'postgres://u:secret@127.0.0.1:1/db' }],
  ['docs --out a directory', ['docs', '--out', tmp], usage, 'is a directory, not a file'],
  ['docs --out in a missing directory', ['docs', '--out', join(tmp, 'no/such/p.md')], usage, 'does not exist'],
  ['docs --out under /proc', ['docs', '--out', '/proc/p.md'], usage, "cannot write '/proc/p.md'"],
  ['docs --out empty', ['docs', '--out', ''], usage, '--out is an empty name'],
  ['docs with an unknown option', ['docs', '--bogus'], usage, "unknown option '--bogus'"],
];

function cdcCheck(argv: string[], env: Record<string, string> = {}): Promise<{ code: number | null; out: string; err: string }> {
  const cwd = mkdtempSync(join(tmp, 'cwd-'));
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(ROOT, 'bin/cdc-check.js'), ...argv],
      { cwd, encoding: 'utf8', timeout: 60_000, env: { ...process.env, NO_COLOR: '1', HOME: tmp, TMPDIR: tmp, DATABASE_URL: '', ...env } },
      (error, out, err) => resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, out, err }),
    );
  });
}

describe.concurrent(`cdc-check under ${cases.length} hostile inputs, as a subprocess`, () => {
  it('has at least 60 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(60);
  });

  it.each(cases)('%s', async (_name, argv, code, first, env) => {
    const r = await cdcCheck(argv.map((a) => (typeof a === 'function' ? a() : a)), env);
    const output = `${r.out}\n${r.err}`;
    expect(output).not.toMatch(/^ {4}at /m);
    const lines = r.err.trimEnd().split('\n');
    const line = code === usage ? lines[0]!.replace(/^cdc-check: /, '') : lines[0]!;
    if (typeof first === 'string') expect(line).toContain(first);
    else expect(line).toMatch(first);
    // One line, then at most a hint.
    expect(lines.length, r.err).toBeLessThanOrEqual(2);
    if (lines.length === 2) expect(lines[1]).toMatch(/^hint: /);
    if (code === usage) expect(r.out).toBe('');
    expect(r.code, r.err).toBe(code);
  });
});

afterAll(() => {
  // Only the working directories the cases ran in, the files the table made and the tsx cache.
  const left = readdirSync(tmp).filter((n) => !/^(cwd-|tsx-|a-file$|not-reports$|trace\.json$)/.test(n) && !n.endsWith('.json'));
  expect(left).toEqual([]);
  for (const cwd of readdirSync(tmp).filter((n) => n.startsWith('cwd-'))) expect(readdirSync(join(tmp, cwd)), cwd).toEqual([]);
});
