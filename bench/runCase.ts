/**
 * Runs one benchmark case in this process and prints its measurements as one JSON line.
 * Invoked by bench/index.ts once per repetition, so each run has a fresh heap and its own peak RSS
 * (and, unless the case asks for a warm-up run first, a cold JIT).
 */
import { check } from '../src/index.ts';
import { allCases } from './allCases.ts';

const name = process.argv[2];
const bench = (await allCases()).find((c) => c.name === name);
if (!bench) {
  console.error(`bench: no case named ${JSON.stringify(name)}`);
  process.exit(2);
}
if (bench.warmUp) check(bench.build().model, bench.build().options);
const { model, options } = bench.build();
const result = check(model, options);
console.log(
  JSON.stringify({
    status: result.status,
    ...result.stats,
    traceLength: result.violations[0] ? result.violations[0].trace.length - 1 : null,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  }),
);
