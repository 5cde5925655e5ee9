/**
 * Runs one benchmark case in this process and prints its measurements as one JSON line.
 * Invoked by bench/index.ts once per repetition, so each run has a fresh heap and its own peak RSS
 * (and, unless the case asks for warm-up runs first, a cold JIT). Started with --expose-gc, so
 * that warm-up garbage is collected before the measured run rather than during it.
 */
import { check } from '../src/index.ts';
import { allCases } from './allCases.ts';

const name = process.argv[2];
const bench = (await allCases()).find((c) => c.name === name);
if (!bench) {
  console.error(`bench: no case named ${JSON.stringify(name)}`);
  process.exit(2);
}
const warmUps = bench.warmUps ?? 0;
const collect = (globalThis as { gc?: () => void }).gc;
if (warmUps > 0 && !collect) {
  console.error('bench: warm-up runs collect garbage between checks; start node with --expose-gc (bench/index.ts does)');
  process.exit(2);
}
for (let i = 0; i < warmUps; i++) {
  const { model, options } = bench.build();
  check(model, options);
  collect!();
}
const { model, options } = bench.build();
const cpuBefore = process.cpuUsage();
const result = check(model, options);
const cpu = process.cpuUsage(cpuBefore);
console.log(
  JSON.stringify({
    status: result.status,
    ...result.stats,
    cpuMs: (cpu.user + cpu.system) / 1000,
    traceLength: result.violations[0] ? result.violations[0].trace.length - 1 : null,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  }),
);
