/**
 * Regenerates `models/stateCounts.json`: each scenario's distinct-state count at its default
 * scope, exhaustively. Run with `npx tsx models/internal/writeStateCounts.ts` after a change
 * that is meant to change the state space, and review the diff.
 */
import { writeFileSync } from 'node:fs';
import { check } from '../../src/engine/check.ts';
import { scenarios } from '../scenarios.ts';

const counts: Record<string, number> = {};
for (const s of scenarios) {
  const r = check(s.model(), {});
  if (r.status === 'incomplete') throw new Error(`${s.id}: ${r.reason}`);
  counts[s.id] = r.stats.states;
}
writeFileSync(new URL('../stateCounts.json', import.meta.url), JSON.stringify(counts, null, 2) + '\n');
console.log(counts);
