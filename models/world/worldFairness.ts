import { weakFairness, type Fairness } from '../../src/engine/Fairness.ts';
import type { Action } from './Action.ts';
import type { ActorDef } from './ActorDef.ts';

/**
 * The world's fairness, declared honestly: each actor instance is weakly fair in its own work
 * (a service eventually commits, the connector eventually reads the WAL, the broker eventually
 * answers, the consumer eventually polls), as TLC's `WF_vars(Next_i)` per process. Faults are
 * never fair: a crash, a lost ack or a lost slot may happen, within its budget, but nothing
 * forces it.
 *
 * Fairness only matters to `eventually` properties on cycles; the catalogue's state graphs are
 * acyclic at every scope (`properties/terminates.test.ts`), so every path ends in a terminal
 * state where the `atQuiescence` invariants are checked.
 */
export function worldFairness(actors: readonly ActorDef[]): Fairness<Action>[] {
  const out: Fairness<Action>[] = [];
  actors.forEach((d, def) => {
    for (let self = 0; self < d.count; self++) {
      out.push(weakFairness<Action>(d.name(self), (a) => a.def === def && a.self === self && !d.faults.includes(a.event)));
    }
  });
  return out;
}
