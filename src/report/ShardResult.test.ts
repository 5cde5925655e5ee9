import { describe, expect, it } from 'vitest';
import { check } from '../engine/check.ts';
import type { CheckOptions } from '../engine/CheckResult.ts';
import type { Model } from '../engine/Model.ts';
import { always, sometimes } from '../engine/Property.ts';
import { grid, type Cell } from '../engine/fixtures/grid.ts';
import type { ScenarioRun } from './ScenarioRun.ts';
import { parseShardResult, shardResultOf, type ShardResult } from './ShardResult.ts';
import { verdictRows } from './VerdictRow.ts';

/** A 70×70 grid, dealt out at depth 63 (64 cells), where (70, 0) lies under one frontier cell only. */
function model(): Model<Cell, 'IncX' | 'IncY'> {
  return {
    ...grid(70),
    properties: [
      always('x + y below 100', (s) => s.x + s.y < 100),
      always('inside', (s) => s.x <= 70 && s.y <= 70),
      sometimes('bottom corner', (s) => s.x === 70 && s.y === 0),
    ],
  };
}

const expected = { 'x + y below 100': 'violated', inside: 'holds' } as const;

function run(options: CheckOptions): ScenarioRun {
  const m = model() as unknown as Model<unknown, unknown>;
  const result = check(m, options);
  return { scenario: { id: 'grid', title: 'grid', explanation: '', expected }, scope: 'small', options: {}, model: m, result, rows: verdictRows('grid', expected, m.properties, result) };
}

const QUESTION = { cdcCheck: '0.1.0', mode: 'exhaustive', scope: 'small', symmetry: false, exactKeys: false } as const;

function fileOf(options: CheckOptions): ShardResult {
  return shardResultOf([run(options)], options.shard ?? { index: 0, count: 1 }, QUESTION);
}

describe('shard result files', () => {
  it('record what a share settled, what it found violated, and which sometimes it reached', () => {
    const files = [0, 1, 2, 3].map((index) => fileOf({ shard: { index, count: 4 } }));
    for (const f of files) {
      const v = f.scenarios[0]!.verdicts;
      expect(v['inside']).toEqual({ verdict: 'settled' });
      expect(v['x + y below 100']).toMatchObject({ verdict: 'violated', traceLength: 100 });
      expect(f.scenarios[0]!.slice).toMatchObject({ frontier: 64, depth: 63, kept: 16 });
    }
    expect(files.map((f) => f.scenarios[0]!.verdicts['bottom corner']!.verdict).sort()).toEqual(['unwitnessed', 'unwitnessed', 'unwitnessed', 'witnessed']);
  });

  it('leave undecided what a share cut short or a random sample did not settle', () => {
    const cut = fileOf({ shard: { index: 1, count: 4 }, maxStates: 2100 }).scenarios[0]!;
    expect(cut.verdicts['inside']).toEqual({ verdict: 'undecided' });
    expect(cut.reason).toMatch(/state bound of 2100/);
    const sampled = shardResultOf([run({ mode: 'random', runs: 5, shard: { index: 2, count: 4 } })], { index: 2, count: 4 }, { ...QUESTION, mode: 'random', seed: 42, runs: 5, maxSteps: 100 });
    expect(sampled.scenarios[0]!.verdicts['inside']).toEqual({ verdict: 'undecided' });
    expect(sampled.scenarios[0]!.slice).toBeNull();
  });

  it('read back as written, and refuse what is not one, naming the problem', () => {
    const file = fileOf({ shard: { index: 3, count: 4 } });
    const text = JSON.stringify(file);
    expect(parseShardResult(text)).toEqual(file);
    const edit = (f: (x: Record<string, any>) => void) => {
      const x = JSON.parse(text);
      f(x);
      return () => parseShardResult(JSON.stringify(x));
    };
    expect(() => parseShardResult('{')).toThrow(/^not JSON/);
    expect(() => parseShardResult('[]')).toThrow('not a cdc-check shard result (its "format" is not "cdc-check-shard")');
    expect(edit((x) => (x.formatVersion = 2))).toThrow('format version 2 is newer than this cdc-check reads (1)');
    expect(edit((x) => (x.scenarios[0].states = '9'))).toThrow('scenarios[0].states: expected number, received string');
    expect(edit((x) => (x.scenarios[0].verdicts.inside = { verdict: 'fine' }))).toThrow(/^scenarios\[0\]\.verdicts\.inside\.verdict: /);
    expect(edit((x) => (x.question.scope = 'large'))).toThrow('questionHash does not match its question: the file was edited or damaged');
    expect(edit((x) => (x.shard.index = 4))).toThrow('shard.index is 4, outside 0 to 3');
    expect(edit((x) => (x.shard.count = 5))).toThrow("shard.count is 5, but the question's count is 4");
    expect(edit((x) => (x.scenarios = []))).toThrow('its scenarios are not the ones its question lists');
    expect(edit((x) => (x.extra = 1))).toThrow(/^\(the file\): Unrecognized key/);
  });
});
