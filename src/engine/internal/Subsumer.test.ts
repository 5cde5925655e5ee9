import { describe, expect, it } from 'vitest';
import { ModelError } from '../CheckerError.ts';
import { crashyCounter } from '../fixtures/budgetModels.ts';
import { ModelRunner } from './ModelRunner.ts';
import { Subsumer } from './Subsumer.ts';

function subsumer(flaw: 'none' | 'idle') {
  const runner = new ModelRunner(crashyCounter(3, 1, { flaw }), false, false, false, true);
  return new Subsumer(runner);
}

describe('Subsumer.checkTerminal (guarantee 2 in a terminal state the search expands)', () => {
  it('lets a terminal state through that stays terminal with every budget at its most', () => {
    expect(() => subsumer('none').checkTerminal({ count: 3, crashes: 0, dirty: true }, () => [])).not.toThrow();
    // With every budget at its most already, there is nothing to raise.
    expect(() => subsumer('idle').checkTerminal({ count: 3, crashes: 1, dirty: false }, () => [])).not.toThrow();
  });

  it('refuses one that a fault could leave with more budget: a ModelError budget-holds-run-up naming the fault', () => {
    let err: unknown;
    try {
      subsumer('idle').checkTerminal({ count: 3, crashes: 0, dirty: true }, () => []);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ModelError);
    expect((err as ModelError).code).toBe('budget-holds-run-up');
    expect((err as ModelError).message).toMatch(/a terminal state \{"count":3,"crashes":0,"dirty":true\} \(the end of the trace\) is not terminal with \[1\] left: it enables "Crash"/);
  });
});
