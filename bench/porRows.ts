import { POR_SUBJECTS, porCaseName } from './porCases.ts';

/** A case's medians, as bench/index.ts keeps them. */
export interface Measured {
  ms: number;
  states: number;
  transitions: number;
}

/**
 * The partial-order reduction's summary: per subject, the states and transitions without and
 * with the reduction, their ratio, and the median wall times. Printed, never asserted.
 */
export function printPorRows(measured: ReadonlyMap<string, Measured>): void {
  console.log('\npartial-order reduction: states (transitions) unreduced → reduced, factor; median ms unreduced / reduced');
  for (const subject of POR_SUBJECTS) {
    const a = measured.get(porCaseName(subject, 'none'));
    const b = measured.get(porCaseName(subject, 'por'));
    if (!a || !b) continue;
    console.log(
      `  ${subject.padEnd(26)} ${a.states} (${a.transitions}) → ${b.states} (${b.transitions}): ${(a.states / b.states).toFixed(2)}x states, ${(a.transitions / b.transitions).toFixed(2)}x transitions; ${a.ms.toFixed(0)} / ${b.ms.toFixed(0)} ms`,
    );
  }
}
