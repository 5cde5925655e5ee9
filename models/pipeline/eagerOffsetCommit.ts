import type { Effect } from '../world/ActorDef.ts';
import type { World } from '../world/World.ts';
import type { ConnectorConfig } from './ConnectorConfig.ts';
import type { ConnectorContext } from './ConnectorContext.ts';
import type { ConnectorState } from './ConnectorState.ts';
import type { OffsetCommit } from './offsetCommit.ts';

/**
 * The fault budgets whose counts `noTaskStartLeft` reads. A world with more of them left is not
 * one that can do more (its connector commits offsets on the timer, where one with none left
 * commits them at once), so subsumption leaves them out (`ActorDef.readsBudgets`).
 */
export const startBudgets = ['connectorCrash', 'slotLoss', 'network'] as const;

/**
 * Whether no connector task of the world (`configs`, one per connector, in `World.connectors`
 * order) can ever start again: none is starting, no crash or slot loss is left, and no task can
 * fail on a send. A send fails the task only under `errors.tolerance=none` (or exactly-once
 * source), and only once its record has failed `retries` times: each failure spends a `network`
 * fault, and so does the one that fails the task. A record that has failed `t` times
 * (`Pending.tries`) can fail the task only when `t` + the `network` budget left exceeds
 * `retries`, which never happens with Connect's default retries.
 *
 * From such a state on, nothing reads the offsets Kafka Connect stored or what the slot
 * confirmed: only a start does (`beginStream`, the start rules). Pure.
 */
export function noTaskStartLeft(configs: readonly ConnectorConfig[]): (w: World) => boolean {
  return (w) => {
    if (w.budget.connectorCrash! > 0 || w.budget.slotLoss! > 0) return false;
    const network = w.budget.network!;
    for (let k = 0; k < w.connectors.length; k++) {
      const c = w.connectors[k]!;
      if (c.at === 'starting') return false;
      const config = configs[k]!;
      const tolerant = config.errorsTolerance === 'all' && !config.exactlyOnceSource;
      if (!tolerant && network > 0 && network + mostTries(c) > config.producer.retries) return false;
    }
    return true;
  };
}

/** The most tries of any record pending in `c`'s producer (0 when none is). */
function mostTries(c: ConnectorState): number {
  let m = 0;
  for (const p of c.buffer) if (p.tries > m) m = p.tries;
  for (const p of c.inflight) if (p.tries > m) m = p.tries;
  return m;
}

/**
 * Whether the connector of `ctx` commits at once when no task can start again: not under
 * exactly-once source, nor before DBZ-7816 (see `eagerOffsetCommit`).
 */
export function commitsAtOnce(ctx: ConnectorContext): boolean {
  return !ctx.config.exactlyOnceSource && ctx.fixed7816;
}

/**
 * The connector's effects, each followed, once no task can start again (`settled`), by Kafka
 * Connect's offset commit whenever it would change something: the commit timer fires at the end
 * of every step. Until then the timer fires when it likes (`FLUSH`), since where a restart
 * resumes depends on when it last fired.
 *
 * Why this loses nothing. Once `settled` holds it holds for ever (budgets only go down, and a
 * task that cannot start is not starting), and from then on no step reads the stored offsets,
 * `lastOffsets` or the slot's confirmed position: only a start reads them, and the offset commit
 * itself, which writes only them. One invariant reads them, `offsets-wait-for-unacknowledged`,
 * but a commit moves them only up to the acknowledged prefix, which never passes a record still
 * pending, so it answers alike (the test checks every invariant of every scenario it covers).
 * So a state with a commit pending and the same state after it are alike in every step and
 * every invariant, and the commit commutes with every other step. Committing at once keeps one of every such pair: a run of the timer-driven
 * model is matched step for step, with its own `FLUSH` steps taken away (stuttering
 * equivalence), and every state of the committed-at-once model is one the timer-driven model
 * reaches too, the timer having fired right then. Kept, the pending commits would tell apart
 * states by when the timer last fired after the last fault: nearly half the states of
 * `outbox-cdc` at two aggregates.
 *
 * The effects are given back unchanged for exactly-once source, whose commit makes a
 * transaction's records visible in Kafka, and before DBZ-7816, whose commit confirms the slot
 * at the last record reported back (`lastOffsets`): there where the slot ends depends on when
 * the commits came, so committing at once would keep states apart that the timer's would not
 * (unread, but a different quotient, and the test that the merge is exact would not hold).
 * `notLast` names effects that are never the last of their step (an xstate transition with
 * several), after which no commit is made.
 */
export function eagerOffsetCommit(
  effects: Readonly<Record<string, Effect>>,
  ctx: ConnectorContext,
  oc: OffsetCommit,
  settled: (w: World) => boolean,
  notLast: readonly string[],
): Readonly<Record<string, Effect>> {
  if (!commitsAtOnce(ctx)) return effects;
  const { me } = ctx;
  const out: Record<string, Effect> = {};
  for (const [name, effect] of Object.entries(effects)) {
    out[name] = notLast.includes(name)
      ? effect
      : (w, self, arg, base) => {
          effect(w, self, arg, base);
          if (settled(w) && oc.canCommit(me(w))) oc.commitOffsets(w);
        };
  }
  return out;
}
