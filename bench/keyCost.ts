/**
 * `npx tsx bench/keyCost.ts [--aggregates A] [--requests R] [--runs N]`: the cost of the default
 * fingerprints alone, without the rest of the search: one worker's (`StructuralKeys`, numbered per
 * search) against the workers' (`StructuralFingerprint`, a hash of content alone).
 *
 * The states are those an exhaustive search of `outbox-cdc` fingerprints, in the order it does
 * (successors one after the other, sharing parts with their parent), recorded once with the state
 * each is a successor of and whether it was new. Then each fingerprint, fresh each time, hashes
 * the whole sequence, the two alternating, N times each, in this process, `StructuralKeys` told
 * of parents and new states as the search tells it (`parentIs`, `keep`); the medians and the
 * least CPU times are printed, with the load average, and what `StructuralKeys` did per
 * fingerprint (its `stats()`: nodes described, ids written, names looked up). A check
 * of half a second is too short to tell a 5% change in the key on a busy machine (whole-check
 * ratios at the default scope ranged 0.74–1.16 for one build); this measures the key alone.
 * Nothing is asserted.
 */
import { loadavg } from 'node:os';
import { Command, InvalidArgumentError } from 'commander';
import { buildScenario } from '../models/scenarios.ts';
import { check } from '../src/index.ts';
import { StructuralFingerprint } from '../src/engine/StructuralFingerprint.ts';
import { StructuralKeys } from '../src/engine/StructuralKeys.ts';
import { median } from './median.ts';

const count = (name: string, min: number) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`${name} takes a whole number ≥ ${min}, got '${v}'.`);
  return n;
};
const { aggregates, requests, runs } = new Command()
  .name('bench/keyCost')
  .option('--aggregates <n>', 'aggregates of outbox-cdc', count('--aggregates', 1), 1)
  .option('--requests <n>', 'requests per aggregate', count('--requests', 1), 2)
  .option('--runs <n>', 'passes over the states per fingerprint', count('--runs', 1), 7)
  .parse()
  .opts<{ aggregates: number; requests: number; runs: number }>();

// The states in the order the search fingerprints them (its own fingerprint hook records them),
// each with the state whose successor it is (null for an initial state) and whether it was new.
const states: unknown[] = [];
const parents: unknown[] = [];
const fresh: boolean[] = [];
const model = buildScenario('outbox-cdc', { aggregates, requests });
const recorder = new StructuralKeys();
const seen = new Set<string>();
let parent: unknown = null;
const recording = Object.assign(Object.create(model) as typeof model, {
  next(state: never, action: never) {
    parent = state;
    return model.next(state, action);
  },
  fingerprint(state: unknown, into: Int32Array) {
    states.push(state);
    parents.push(parent);
    recorder.fingerprint(state, into);
    const print = `${into[0]}:${into[1]}`;
    fresh.push(!seen.has(print));
    seen.add(print);
  },
});
const result = check(recording, { exploreAll: true });

/** A fingerprint, and whether it takes the search's hints (`parentIs`, `keep`). */
const kinds: Record<string, () => { fingerprint(s: unknown, into: Int32Array): void; parentIs?(s: unknown): void; keep?(s: unknown): void }> = {
  'StructuralKeys (one worker)': () => new StructuralKeys(),
  'StructuralFingerprint (workers)': () => new StructuralFingerprint(),
};
const into = new Int32Array(2);
const times = new Map<string, number[]>(Object.keys(kinds).map((k) => [k, []]));
for (let run = 0; run < runs; run++) {
  for (const [name, make] of Object.entries(kinds)) {
    const prints = make();
    const before = process.cpuUsage();
    let last: unknown = undefined;
    for (let i = 0; i < states.length; i++) {
      if (parents[i] !== last) prints.parentIs?.((last = parents[i]));
      prints.fingerprint(states[i], into);
      if (fresh[i]) prints.keep?.(states[i]);
    }
    const used = process.cpuUsage(before);
    times.get(name)!.push((used.user + used.system) / 1000);
  }
}
// The work behind the time: what the memos and the parent hint leave to describe (one more pass).
const counted = new StructuralKeys();
let lastParent: unknown = undefined;
for (let i = 0; i < states.length; i++) {
  if (parents[i] !== lastParent) counted.parentIs((lastParent = parents[i]));
  counted.fingerprint(states[i], into);
  if (fresh[i]) counted.keep(states[i]);
}
const work = counted.stats();
console.log(`outbox-cdc a=${aggregates} r=${requests}: ${result.stats.states} states, ${states.length} fingerprints asked for by the search`);
console.log(`each fingerprint hashes them all ${runs} times, alternating; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}\n`);
for (const [name, t] of times) {
  console.log(`${name.padEnd(32)} CPU ms median ${median(t).toFixed(0).padStart(6)}, least ${Math.min(...t).toFixed(0).padStart(6)}, ${((median(t) * 1e6) / states.length / 1000).toFixed(2)} µs a fingerprint`);
}
const per = (n: number) => (n / states.length).toFixed(1);
console.log(`\nStructuralKeys, per fingerprint: ${per(work.described)} nodes described, ${per(work.ids)} ids written, ${per(work.namesLookedUp)} field names looked up`);
