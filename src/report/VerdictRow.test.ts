import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../engine/CheckResult.ts';
import { outcomeOf, verdictRows } from './VerdictRow.ts';

const props = [
  { name: 'no-lost-events', kind: 'atQuiescence' },
  { name: 'no-phantom-events', kind: 'always' },
  { name: 'crash-happens', kind: 'sometimes' },
];
const result = (status: CheckResult<unknown, unknown>['status'], violated: string[]): CheckResult<unknown, unknown> => ({
  status,
  mode: 'exhaustive',
  stats: { states: 10, transitions: 20, maxDepth: 4, ms: 3.4 },
  // As the engine reports it: an incomplete run settles nothing it did not refute.
  undecided: status === 'incomplete' ? props.map((p) => p.name).filter((n) => !violated.includes(n)) : [],
  violations: violated.map((property) => ({
    property,
    kind: property === 'crash-happens' ? 'sometimes' : 'always',
    trace: property === 'crash-happens' ? [] : [{ action: null, state: 0 }, { action: 'a', state: 1 }],
    replay: '',
  })),
});

describe('verdictRows', () => {
  it('gives one row per expected invariant, then the reachability checks, with trace lengths in actions', () => {
    const rows = verdictRows('s', { 'no-lost-events': 'violated', 'no-phantom-events': 'holds' }, props, result('violated', ['no-lost-events']));
    expect(rows.map((r) => [r.property, r.kind, r.expected, r.status, r.traceLength, outcomeOf(r)])).toEqual([
      ['no-lost-events', 'invariant', 'violated', 'violated', 1, 'violated-as-expected'],
      ['no-phantom-events', 'invariant', 'holds', 'holds', 0, 'holds'],
      ['crash-happens', 'reachability', 'holds', 'holds', 0, 'holds'],
    ]);
    expect(rows[0]).toMatchObject({ scenario: 's', states: 10, ms: 3 });
  });

  it('reports a sometimes property the scenario claims a verdict for as an invariant row, once', () => {
    const rows = verdictRows('s', { 'crash-happens': 'violated' }, props, result('violated', ['crash-happens']));
    expect(rows.map((r) => [r.property, r.kind, r.expected, r.status, outcomeOf(r)])).toEqual([
      ['crash-happens', 'invariant', 'violated', 'violated', 'violated-as-expected'],
      ['no-lost-events', 'invariant', 'holds', 'holds', 'holds'],
      ['no-phantom-events', 'invariant', 'holds', 'holds', 'holds'],
    ]);
  });

  it('never passes an incomplete search, and flags an unreached sometimes check', () => {
    const rows = verdictRows('s', { 'no-phantom-events': 'holds' }, props, result('incomplete', []));
    expect(rows.find((r) => r.property === 'no-phantom-events')).toMatchObject({ status: 'incomplete' });
    expect(outcomeOf(rows[0]!)).toBe('unexpected');
    const unreached = verdictRows('s', {}, props, result('violated', ['crash-happens']));
    expect(outcomeOf(unreached.find((r) => r.property === 'crash-happens')!)).toBe('unexpected');
  });

  it('reports a property the scenario forgot as expected to hold, and an expected one the model lacks as incomplete', () => {
    const rows = verdictRows('s', { 'per-aggregate-order': 'holds' }, props, result('violated', ['no-lost-events']));
    expect(rows.map((r) => [r.property, r.status, outcomeOf(r)])).toEqual([
      ['per-aggregate-order', 'incomplete', 'unexpected'],
      ['no-lost-events', 'violated', 'unexpected'],
      ['no-phantom-events', 'holds', 'holds'],
      ['crash-happens', 'holds', 'holds'],
    ]);
  });

  it('does not settle other properties when the search stopped at a bound after a violation', () => {
    const stopped = { ...result('violated', ['no-lost-events']), reason: 'found before the search stopped: state bound', undecided: ['no-phantom-events', 'crash-happens'] };
    const rows = verdictRows('s', { 'no-lost-events': 'violated', 'no-phantom-events': 'holds' }, props, stopped);
    expect(rows.map((r) => r.status)).toEqual(['violated', 'incomplete', 'incomplete']);
  });

  it('in random mode, reads an unrefuted expected hold as not refuted, but a sampled violation still counts', () => {
    const random = { ...result('violated', ['no-lost-events']), mode: 'random' as const, reason: 'sampling is not a proof', undecided: ['no-phantom-events', 'crash-happens'] };
    const rows = verdictRows('s', { 'no-lost-events': 'holds', 'no-phantom-events': 'holds' }, props, random);
    expect(rows.map((r) => [r.status, outcomeOf(r)])).toEqual([
      ['violated', 'unexpected'],
      ['incomplete', 'not-refuted'],
      ['incomplete', 'not-refuted'],
    ]);
    const expectedViolation = verdictRows('s', { 'no-phantom-events': 'violated' }, props, { ...random, violations: [] });
    expect(outcomeOf(expectedViolation[0]!)).toBe('unexpected');
  });

  it('in random mode, a reachability check that some sampled run witnessed holds', () => {
    const random = { ...result('incomplete', []), mode: 'random' as const, undecided: ['no-lost-events', 'no-phantom-events'] };
    const rows = verdictRows('s', {}, props, random);
    expect(rows.map((r) => [r.property, r.status])).toEqual([
      ['no-lost-events', 'incomplete'],
      ['no-phantom-events', 'incomplete'],
      ['crash-happens', 'holds'],
    ]);
  });
});
