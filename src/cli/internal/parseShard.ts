import { InvalidArgumentError } from 'commander';
import type { Shard } from '../../engine/Shard.ts';

/**
 * Commander's parser for `--shard i/n`: shard `i` of `n`, counted from 0 as Kubernetes' Indexed
 * Jobs count (`JOB_COMPLETION_INDEX`). Refuses anything else in one line that says what it takes.
 */
export function parseShard(value: string): Shard {
  const m = /^\s*(\d{1,10})\s*\/\s*(\d{1,10})\s*$/.exec(value);
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || count > 2 ** 31 || index >= count) {
    throw new InvalidArgumentError(`--shard takes i/n, shard i of n counted from 0 (0/4 to 3/4 for four shards), got '${value}'.`);
  }
  return { index, count };
}
