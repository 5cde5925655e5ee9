import { initialTransition, transition, type AnyStateMachine } from 'xstate';

/** One compiled transition: the control state it leads to and the effect names it fires. */
export interface CompiledTransition {
  event: string;
  target: string;
  effects: readonly string[];
}

/** A machine's transition table: for each control state, the events it accepts, in machine order. */
export interface CompiledMachine {
  initial: string;
  states: readonly string[];
  events: readonly string[];
  table: Readonly<Record<string, readonly CompiledTransition[]>>;
}

/**
 * Steps a flat machine once with xstate's pure `transition`: the naive path, and the reference
 * the compiled table is built from. Returns undefined when `event` is not accepted in `at`.
 */
export function stepWithXState(machine: AnyStateMachine, at: string, event: string): CompiledTransition | undefined {
  const snapshot = machine.resolveState({ value: at, context: {} });
  if (!snapshot.can({ type: event })) return undefined;
  const [next, actions] = transition(machine, snapshot, { type: event });
  return { event, target: String(next.value), effects: actions.map((a) => a.type) };
}

/**
 * Compiles a flat xstate machine (no nesting, no guards, no context: the world holds the data
 * and decides which events are enabled) into a lookup table, by asking xstate itself about every
 * control state × event once. The machine stays the single source of truth; the table is a cache.
 */
export function compileMachine(machine: AnyStateMachine): CompiledMachine {
  const states = Object.keys(machine.root.states);
  const events = machine.events.filter((e: string) => !e.startsWith('xstate.'));
  const table: Record<string, CompiledTransition[]> = {};
  for (const s of states) {
    if (Object.keys(machine.root.states[s]!.states).length > 0) throw new Error(`machine ${machine.id}: nested state ${s} is not supported`);
    table[s] = [];
    for (const e of events) {
      const t = stepWithXState(machine, s, e);
      if (t) table[s]!.push(t);
    }
  }
  return { initial: String(initialTransition(machine)[0].value), states, events, table };
}
