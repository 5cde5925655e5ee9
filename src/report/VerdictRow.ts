import type { CheckResult, Violation } from '../engine/CheckResult.ts';

/** What a scenario can claim or the checker can find for one property. */
export type ExpectedVerdict = 'holds' | 'violated';

/**
 * One cell of the verdict matrix; also the row format of `cdc-check check --json`.
 *
 * `kind` separates the scenario's invariants from its `sometimes` reachability checks. A
 * reachability check "holds" when some reachable state satisfies it, is always expected to hold,
 * and is reported apart: it proves the scenario is not vacuous, it is not an invariant.
 */
export interface VerdictRow {
  scenario: string;
  property: string;
  kind: 'invariant' | 'reachability';
  expected: ExpectedVerdict;
  status: 'holds' | 'violated' | 'incomplete';
  /** Actions in the counterexample (0 when none). */
  traceLength: number;
  /** Distinct states explored for the scenario. */
  states: number;
  /** Wall time of the scenario's check, in milliseconds. */
  ms: number;
  /** How the verdict was reached: an exhaustive search is a proof, random sampling is not. */
  mode: 'exhaustive' | 'random';
}

/**
 * How a row reads to a person: the outcomes the matrix must keep visibly apart. `not-refuted` is
 * random mode's honest answer for a property expected to hold: no counterexample was sampled,
 * which is not a proof, but not a contradiction of the scenario either.
 */
export type Outcome = 'holds' | 'violated-as-expected' | 'not-refuted' | 'unexpected';

/**
 * The row's outcome: `unexpected` whenever the status is not the expected one (an incomplete
 * exhaustive search included), except that random sampling cannot be expected to prove a hold.
 */
export function outcomeOf(row: VerdictRow): Outcome {
  if (row.mode === 'random' && row.status === 'incomplete' && row.expected === 'holds') return 'not-refuted';
  if (row.status !== row.expected) return 'unexpected';
  return row.status === 'holds' ? 'holds' : 'violated-as-expected';
}

/**
 * Turns one scenario's check result into verdict rows: one per expected invariant, in the
 * scenario's order, then any other non-`sometimes` property the model checks (expected to hold,
 * since the scenario did not say otherwise), then one per `sometimes` property.
 *
 * An invariant with no violation is `holds` only after a complete exploration; otherwise it is
 * `incomplete`, never a pass (the engine lists such properties in `undecided`). An expected invariant the model does not check at all is reported
 * `incomplete` too, so a renamed property cannot silently pass.
 */
export function verdictRows(
  scenario: string,
  expected: Readonly<Partial<Record<string, ExpectedVerdict>>>,
  properties: readonly { name: string; kind: string }[],
  result: CheckResult<unknown, unknown>,
): VerdictRow[] {
  const byName = new Map<string, Violation<unknown, unknown>>(result.violations.map((v) => [v.property, v]));
  const checked = new Set(properties.map((p) => p.name));
  const undecided = new Set(result.undecided);
  const base = { scenario, states: result.stats.states, ms: Math.round(result.stats.ms), mode: result.mode };
  const rows: VerdictRow[] = [];
  const invariantNames = [
    ...Object.keys(expected),
    ...properties.filter((p) => p.kind !== 'sometimes' && !(p.name in expected)).map((p) => p.name),
  ];
  for (const name of invariantNames) {
    const v = byName.get(name);
    const status = v ? 'violated' : checked.has(name) && !undecided.has(name) ? 'holds' : 'incomplete';
    rows.push({ ...base, property: name, kind: 'invariant', expected: expected[name] ?? 'holds', status, traceLength: v ? Math.max(0, v.trace.length - 1) : 0 });
  }
  // A `sometimes` property the scenario claims a verdict for is one of its invariants, reported once.
  for (const p of properties.filter((q) => q.kind === 'sometimes' && !(q.name in expected))) {
    const v = byName.get(p.name);
    // The engine reports a sometimes property violated only after a full search never reached it;
    // one witnessed by any run, even a random one, holds.
    const status = v ? 'violated' : undecided.has(p.name) ? 'incomplete' : 'holds';
    rows.push({ ...base, property: p.name, kind: 'reachability', expected: 'holds', status, traceLength: 0 });
  }
  return rows;
}
