import { describe, expect, it } from 'vitest';
import { always, check, sometimes, decodeReplay, encodeReplay, InvalidOptionError, ModelError, ReplayError } from '../index.ts';
import type { Model } from '../index.ts';
import { grid } from './fixtures/grid.ts';
import { resolveOptions } from './resolveOptions.ts';
import { getHeapStatistics } from 'node:v8';

/** The error `run` throws; fails the test if it returns. */
function thrown(run: () => unknown): Error {
  try {
    run();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error');
}

describe('malformed properties are rejected before exploring', () => {
  const withProperty = (p: unknown): Model<unknown, unknown> => ({ ...(grid(1) as Model<unknown, unknown>), properties: [p as never] });
  it.each([
    ['null', null, 'undefined'],
    ['an unknown kind', { kind: 'never', name: 'p', holds: () => true }, '"p"'],
    ['a holds that is not a function', { kind: 'always', name: 'p', holds: true }, '"p"'],
    ['a name that is not a string', { kind: 'always', name: 7, holds: () => true }, '7'],
  ] as [string, unknown, string][])('%s', (_, p, named) => {
    const e = thrown(() => check(withProperty(p))) as ModelError;
    expect(e).toBeInstanceOf(ModelError);
    expect(e.code).toBe('bad-property');
    expect(e.message).toBe(`model grid-1 has a malformed property ${named}`);
  });

  it('reduction hints that are malformed, or on a property that takes none', () => {
    const malformed = thrown(() => check(withProperty({ kind: 'always', name: 'p', holds: () => true, reads: ['x'] }))) as ModelError;
    expect([malformed.code, malformed.message]).toEqual(['bad-property', 'model grid-1: property "p" has a malformed stable or reads']);
    expect((thrown(() => check(withProperty({ kind: 'sometimes', name: 'p', holds: () => true, stable: 'yes' }))) as ModelError).code).toBe('bad-property');
    for (const kind of ['atQuiescence', 'eventually']) {
      const e = thrown(() => check(withProperty({ kind, name: 'p', holds: () => true, stable: true }))) as ModelError;
      expect([e.code, e.message]).toEqual(['bad-property', `model grid-1: ${kind} property "p" declares stable or reads, which only always and sometimes properties take`]);
    }
    expect(malformed.hint).toBe('stable is a boolean and reads a function of the state; see ReductionHints in src/engine/Property.ts.');
    const late = thrown(() => check(withProperty({ kind: 'atQuiescence', name: 'p', holds: () => true, reads: () => [] }))) as ModelError;
    expect(late.hint).toBe('Drop them: the reduction keeps every terminal state, and is off for eventually properties.');
    expect(check(withProperty(always('p', () => true, { stable: true, reads: () => [] }))).status).toBe('ok');
    expect(check(withProperty(sometimes('p', () => true, { stable: true, reads: () => [] }))).status).toBe('ok');
  });

  it('properties that are not an array', () => {
    const e = thrown(() => check({ ...grid(1), properties: always('p', () => true) as never })) as ModelError;
    expect(e.code).toBe('bad-model');
    expect(e.message).toBe('model grid-1: properties must be an array');
  });

  it('a model without next, or without a name', () => {
    expect(thrown(() => check({ ...grid(1), next: undefined } as never)).message).toBe('model grid-1 has no next() function');
    expect(thrown(() => check({ ...grid(1), name: undefined, initial: undefined } as never)).message).toBe('model (unnamed) has no initial() function');
    expect(thrown(() => check(null as never)).message).toBe('model (unnamed) has no initial() function');
  });
});

describe('option types', () => {
  const invalid = (options: unknown, message: RegExp) => {
    const e = thrown(() => check(grid(1), options as never));
    expect(e).toBeInstanceOf(InvalidOptionError);
    expect(e.message).toMatch(message);
    expect((e as InvalidOptionError).hint.length).toBeGreaterThan(10);
    return (e as InvalidOptionError).hint;
  };

  it('seed must be an integer', () => {
    invalid({ seed: 'x' }, /^option seed must be an integer, got "x"$/);
    invalid({ seed: 1.5 }, /^option seed must be an integer, got 1.5$/);
    expect(check(grid(1), { mode: 'random', seed: -3, runs: 1 }).status).toBe('incomplete');
  });

  it('symmetry and exploreAll must be booleans', () => {
    invalid({ symmetry: 'yes' }, /^option symmetry must be true or false, got "yes"$/);
    invalid({ symmetry: 1 }, /^option symmetry must be true or false/);
    invalid({ exploreAll: 1 }, /^option exploreAll must be true or false, got 1$/);
    invalid({ exploreAll: 'true' }, /^option exploreAll must be true or false/);
    invalid({ exactKeys: 'no' }, /^option exactKeys must be true or false, got "no"$/);
    expect(check(grid(1), { symmetry: false, exploreAll: false }).status).toBe('ok');
  });

  it('options must be an object, onProgress a function, and numbers whole and in range', () => {
    invalid(null, /^options must be an object, got null$/);
    invalid(5, /^options must be an object, got 5$/);
    invalid({ onProgress: 'bar' }, /^option onProgress must be a function$/);
    invalid({ runs: 0 }, /^option runs must be an integer ≥ 1, got 0$/);
    invalid({ maxDepth: -1 }, /^option maxDepth must be an integer ≥ 0, got -1$/);
    invalid({ maxSteps: '3' }, /^option maxSteps must be an integer ≥ 1, got "3"$/);
    invalid({ timeoutMs: Infinity }, /^option timeoutMs must be an integer ≥ 1, got Infinity$/);
    invalid({ maxStates: Number.NaN }, /^option maxStates must be an integer ≥ 1, got NaN$/);
    expect(check(grid(1), { maxDepth: 0 }).status).toBe('incomplete');
  });

  it('the memory bound defaults to 70% of the heap limit, in whole megabytes', () => {
    const limitMb = getHeapStatistics().heap_size_limit / 2 ** 20;
    const bound = resolveOptions(grid(1), {}).maxMemoryMb;
    expect(Number.isInteger(bound)).toBe(true);
    expect(bound).toBeGreaterThan(0.69 * limitMb);
    expect(bound).toBeLessThanOrEqual(0.7 * limitMb);
  });

  it('a bad number is answered with an example, the default where there is one', () => {
    expect(invalid({ runs: -2 }, /runs/)).toBe('Pass runs as a whole number, e.g. { runs: 200 }, or leave it out for the default.');
    expect(invalid({ maxDepth: 0.5 }, /maxDepth/)).toBe('Pass maxDepth as a whole number, e.g. { maxDepth: 1000 }, or leave it out for the default.');
    expect(invalid({ bogus: 1 }, /unknown option/)).toMatch(/^Known options: mode, maxStates, .*onProgress\.$/);
  });

  it('random mode defaults to seed 42, 200 schedules of at most 100 steps', () => {
    expect(check(grid(2), { mode: 'random' }).reason).toBe(
      'random mode sampled up to 200 schedules of at most 100 steps (seed 42) and found no violation of inside the grid; sampling is not a proof, use exhaustive mode for one',
    );
  });
});

describe('the replay-string grammar', () => {
  const good = 'cdc1:die-hard@1:0:1.4.0:9c1e33a0';
  const malformed = (text: string, what: string) => {
    const e = thrown(() => decodeReplay(text));
    expect(e).toBeInstanceOf(ReplayError);
    expect((e as ReplayError).hint).toMatch(/^Copy the whole replay string/);
    expect(e.message).toContain(`not a cdc-check replay string (${what})`);
  };

  it('decodes a good string, and a lasso with its sixth field', () => {
    expect(decodeReplay(good)).toEqual({ model: 'die-hard', version: '1', init: 0, choices: [1, 4, 0], fingerprint: '9c1e33a0' });
    expect(decodeReplay(`${good}:loop2`)).toMatchObject({ choices: [1, 4, 0], loopsBackTo: 2 });
    expect(decodeReplay('cdc1:a%3Ab@v%402:3::00000000')).toEqual({ model: 'a:b', version: 'v@2', init: 3, choices: [], fingerprint: '00000000' });
    expect(decodeReplay(`  ${good}\n`).init).toBe(0);
  });

  it('round-trips through encodeReplay, names with colons and at-signs included', () => {
    const path = { model: 'a:b@c', version: '2@x', init: 1, choices: [0, 3], fingerprint: '0123abcd', loopsBackTo: 1 };
    expect(encodeReplay(path)).toBe('cdc1:a%3Ab%40c@2%40x:1:0.3:0123abcd:loop1');
    expect(decodeReplay(encodeReplay(path))).toEqual(path);
  });

  it('indices of several digits', () => {
    const choices = [10, 23, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    expect(decodeReplay(`cdc1:m@1:12:${choices.join('.')}:9c1e33a0:loop12`)).toEqual({ model: 'm', version: '1', init: 12, choices, fingerprint: '9c1e33a0', loopsBackTo: 12 });
  });

  it('field count and prefix', () => {
    malformed('cdc1:die-hard@1:0:1.4.0', 'expected 5 fields starting with cdc1, or 6 for a lasso');
    malformed(`${good}:loop1:x`, 'expected 5 fields starting with cdc1, or 6 for a lasso');
    malformed('cdc2:die-hard@1:0:1:9c1e33a0', 'expected 5 fields starting with cdc1, or 6 for a lasso');
    malformed('xcdc1:die-hard@1:0:1:9c1e33a0', 'expected 5 fields starting with cdc1, or 6 for a lasso');
  });

  it('model@version', () => {
    malformed('cdc1:die-hard:0:1:9c1e33a0', 'missing model@version');
    malformed('cdc1:@1:0:1:9c1e33a0', 'missing model@version');
  });

  it('the initial-state index is anchored at both ends', () => {
    for (const init of ['a0', '0a', '', '-1', '1.5', '99999999999999999999']) malformed(`cdc1:m@1:${init}:1:9c1e33a0`, 'bad initial-state index');
  });

  it('the action indices are anchored at both ends', () => {
    for (const choices of ['x1', '1x', '1..2', '.1', '1.', '1,2']) malformed(`cdc1:m@1:0:${choices}:9c1e33a0`, 'bad action indices');
    malformed('cdc1:m@1:0:99999999999999999999:9c1e33a0', 'an action index too large');
  });

  it('the state hash is exactly 8 lower-case hex digits', () => {
    for (const hash of ['9c1e33a', '9c1e33a00', 'x9c1e33a0', '9c1e33a0x', '9C1E33A0', '9c1e33g0']) malformed(`cdc1:m@1:0:1:${hash}`, 'bad state hash');
  });

  it('the loop field is loop<k>, anchored, and k is within the path', () => {
    for (const loop of ['loop', 'xloop1', 'loop1x', 'Loop1', 'loop-1']) malformed(`${good}:${loop}`, 'bad loop field, expected loop<k>');
    malformed(`${good}:loop3`, 'the loop goes back to step 3, but the path has only 3 steps');
    expect(decodeReplay(`${good}:loop0`).loopsBackTo).toBe(0);
  });
});
