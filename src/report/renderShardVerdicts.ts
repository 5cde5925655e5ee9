import { FRONTIER_PER_SHARD, type ShardStats } from '../engine/Shard.ts';
import { plainStyle, type Style } from './Style.ts';
import type { VerdictRow } from './VerdictRow.ts';

/**
 * One scenario's lines for a shard (`check --shard i/n`), in place of the verdict matrix: what the
 * shard found violated, what it leaves to `cdc-check merge` (never a "holds": a share proves
 * nothing), and the share it searched. Pure.
 */
export function renderShardVerdicts(rows: readonly VerdictRow[], shard: { index: number; count: number }, stats: ShardStats | undefined, style: Style = plainStyle): string {
  const scenario = rows[0]?.scenario ?? '';
  const violated = rows.filter((r) => r.status === 'violated' && r.kind === 'invariant');
  const reached = rows.filter((r) => r.kind === 'reachability' && r.status === 'holds').length;
  const reach = rows.filter((r) => r.kind === 'reachability').length;
  const left = rows.filter((r) => r.kind === 'invariant' && r.status !== 'violated').length;
  const found =
    violated.length === 0
      ? 'no violation found'
      : violated.map((r) => `${r.expected === 'violated' ? style.yellow(`✗ ${r.property}`) : `${style.alarm(' UNEXPECTED ')} ${style.red(r.property)}`} violated (${r.traceLength} steps)`).join(', ');
  const head = `${style.bold(scenario)} ${style.dim(`(shard ${shard.index}/${shard.count})`)}: ${found}; ${left} invariant${left === 1 ? '' : 's'} left to the merge${reach > 0 ? `; reachability ${reached}/${reach} reached here` : ''}`;
  const states = rows[0]?.states ?? 0;
  const share =
    stats === undefined
      ? `${states} states sampled`
      : stats.depth === null
        ? `${states} states: the whole space (no frontier grew to ${stats.count * FRONTIER_PER_SHARD} states, so nothing was dealt out)`
        : `${states} states: ${stats.kept} of the ${stats.frontier} states at depth ${stats.depth} and what lies under them, and the ${stats.prefixStates} states down to that depth, which every shard explores${stats.complete ? '' : style.yellow(' (cut short by a bound)')}`;
  return `${head}\n  ${style.dim(share)}`;
}
