import fc from 'fast-check';
import { buildWorkload } from './buildWorkload.ts';
import type { Workload } from './Workload.ts';

/**
 * fast-check arbitrary of interleaved workloads over 2–3 sessions (see `buildWorkload` for why
 * they cannot block). Generated as a session count plus a list of choices, so shrinking drops
 * and simplifies choices and still yields valid workloads.
 */
export function workloadArbitrary(options: { maxChoices?: number } = {}): fc.Arbitrary<Workload> {
  return fc
    .tuple(
      fc.integer({ min: 2, max: 3 }),
      fc.array(fc.nat({ max: 10_000 }), { minLength: 1, maxLength: options.maxChoices ?? 40 }),
    )
    .map(([sessions, choices]) => buildWorkload(sessions, choices));
}

/**
 * True when some transaction began before another yet committed after it: the interleavings
 * that put commit order against begin order. Used to check that the generator really produces
 * them. Pure.
 */
export function commitsOutOfBeginOrder(workload: Workload): boolean {
  const began: string[] = [];
  const committed: string[] = [];
  for (const step of workload.steps) {
    if (step.statement.kind === 'begin') began.push(step.txn);
    if (step.statement.kind === 'commit') committed.push(step.txn);
  }
  const beginRank = new Map(began.map((txn, i) => [txn, i]));
  const ranks = committed.map((txn) => beginRank.get(txn) ?? -1);
  return ranks.some((rank, i) => i > 0 && rank < ranks[i - 1]!);
}
