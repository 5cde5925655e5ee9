import { describe, expect, it } from 'vitest';
import { parseShard } from './parseShard.ts';

describe('--shard i/n', () => {
  it('reads shard i of n, counted from 0', () => {
    expect(parseShard('0/4')).toEqual({ index: 0, count: 4 });
    expect(parseShard(' 3 / 4 ')).toEqual({ index: 3, count: 4 });
    expect(parseShard('0/1')).toEqual({ index: 0, count: 1 });
  });

  it.each(['4/4', '1/0', '-1/4', '1', '1/4/2', 'a/b', '0.5/4', '', '0/99999999999'])('refuses %j in one line saying what it takes', (v) => {
    expect(() => parseShard(v)).toThrow(`--shard takes i/n, shard i of n counted from 0 (0/4 to 3/4 for four shards), got '${v}'.`);
  });
});
