import { describe, expect, it } from 'vitest';
import { check } from '../check.ts';
import { ModelError } from '../CheckerError.ts';
import type { Model } from '../Model.ts';
import { atQuiescence } from '../Property.ts';
import { racingWriters, visiblePair } from '../fixtures/porModels.ts';

// What the search checks of an independence declaration where it uses it (ReductionChecks): an
// action declared invisible must not change an always/sometimes property, and two actions
// declared independent must commute and neither disable the other. Each breach is a ModelError
// that names both actions and says how to fix the declaration.

/** The ModelError `check` throws for `model` under reduction. */
function errorOf<S, A>(model: Model<S, A>): ModelError {
  try {
    check(model, { reduction: 'por' });
  } catch (err) {
    expect(err).toBeInstanceOf(ModelError);
    return err as ModelError;
  }
  throw new Error('expected a ModelError');
}

const DIAMOND_HINT =
  "Independent actions must commute and never enable or disable each other: widen their footprints (or the actors' reach) so they conflict, or check without reduction.";

/**
 * `Take` (actor P) and `Close` (actor Q) declared independent, each touching only its own
 * resource. With `closeDisablesTake`, closing stops the take (`Take` needs `open`); else taking
 * stops the close (`Close` needs the item untaken).
 */
function takeAndClose(closeDisablesTake: boolean): Model<{ taken: boolean; open: boolean }, 'Take' | 'Close'> {
  return {
    name: 'take-and-close',
    initial: () => [{ taken: false, open: true }],
    actions: (s) => [
      ...(!s.taken && (s.open || !closeDisablesTake) ? ['Take' as const] : []),
      ...(s.open && (closeDisablesTake || !s.taken) ? ['Close' as const] : []),
    ],
    next: (s, a) => (a === 'Take' ? { ...s, taken: true } : { ...s, open: false }),
    properties: [atQuiescence('anything', () => true)],
    independence: {
      footprint: (_, a) => (a === 'Take' ? { actor: 'P', reads: ['p'], writes: ['p'], visible: false } : { actor: 'Q', reads: ['q'], writes: ['q'], visible: false }),
      reach: () => ({ P: { reads: ['p'], writes: ['p'] }, Q: { reads: ['q'], writes: ['q'] } }),
    },
  };
}

describe('ReductionChecks', () => {
  it('refuses an action declared invisible that changes an always property, with the code and the fix', () => {
    const e = errorOf(visiblePair(true));
    expect([e.code, e.message, e.hint]).toEqual([
      'visible-action-in-reduction',
      'model visible-pair: "A" is declared invisible, but it changed property "a stays below 2" from true to false',
      'An action that can change an always or sometimes property must be visible in its footprint (the default); fix independence.footprint, or check without reduction.',
    ]);
    // The trace ends with the step that changed it.
    expect(e.trace.at(-1)!.state).toEqual({ a: 2, b: 0 });
  });

  it('refuses two actions declared independent that reach different states, showing both', () => {
    const e = errorOf(racingWriters(3, true));
    expect([e.code, e.hint]).toEqual(['dependent-actions-declared-independent', DIAMOND_HINT]);
    expect(e.message).toBe(
      'model racing-writers: the footprints make "Double" and "Add" independent, but the two orders reach different states ({"added":true,"doubled":true,"local":0,"x":3} and {"added":true,"doubled":true,"local":0,"x":4})',
    );
  });

  it('refuses a reduced action that disables another actor\'s, and one that another actor\'s disables', () => {
    const takeStops = errorOf(takeAndClose(false));
    expect([takeStops.code, takeStops.message, takeStops.hint]).toEqual([
      'dependent-actions-declared-independent',
      'model take-and-close: the footprints make "Take" and "Close" independent, but "Take" disables "Close"',
      DIAMOND_HINT,
    ]);
    const closeStops = errorOf(takeAndClose(true));
    expect(closeStops.message).toBe('model take-and-close: the footprints make "Take" and "Close" independent, but "Close" disables "Take"');
  });
});
