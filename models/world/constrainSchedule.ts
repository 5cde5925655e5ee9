import { never, type ActorDef } from './ActorDef.ts';
import type { World } from './World.ts';
import { RegistryError } from '../RegistryError.ts';

/**
 * A named constraint on the schedule, a plain scenario option (`WorldOptions.schedule`):
 *
 * - `slot-before-first-write`: no service acts until a connector's replication slot exists,
 *   so every business change commits after the slot's consistent point. Once any service has
 *   acted the constraint is spent: a slot lost later does not hold the services back. It keeps
 *   a shorter counterexample that needs an early write from hiding the one a scenario is after.
 */
export type ScheduleRule = 'slot-before-first-write';

/** Every schedule rule, for messages and tests. */
export const scheduleRules: readonly ScheduleRule[] = ['slot-before-first-write'];

/** No service has acted yet: each is at its first request, idle, with no transaction. */
function untouched(w: World): boolean {
  for (const s of w.services) if (s.next !== 0 || s.xid !== null || s.at !== 'idle') return false;
  return true;
}

/**
 * Throws a `RegistryError` for a rule in `rules` that is unknown, or that the world cannot
 * honour (a slot rule without a Debezium connector, which would stop every service for ever).
 */
export function checkScheduleRules(rules: readonly ScheduleRule[], hasConnector: boolean): void {
  for (const rule of rules) {
    if (!scheduleRules.includes(rule)) throw new RegistryError(`unknown schedule rule '${String(rule)}' (known: ${scheduleRules.join(', ')})`);
    if (rule === 'slot-before-first-write' && !hasConnector) throw new RegistryError(`schedule rule '${rule}' needs a Debezium pipeline: without a connector no slot is ever created`);
  }
}

/**
 * `service` with `rules` applied to when its events are enabled. Pure; with no rules, `service`
 * itself. Throws as `checkScheduleRules` does.
 */
export function constrainSchedule(service: ActorDef, rules: readonly ScheduleRule[], hasConnector: boolean): ActorDef {
  if (rules.length === 0) return service;
  checkScheduleRules(rules, hasConnector);
  return {
    ...service,
    enabled: (w, self, event) => (w.db.slots.length === 0 && untouched(w) ? never : service.enabled(w, self, event)),
  };
}
