import type { AnyStateMachine } from 'xstate';
import { never, type ActorDef } from './ActorDef.ts';
import type { FaultDeclarations } from './FaultDeclarations.ts';
import type { World } from './World.ts';

/**
 * An effect a variant declares: a world update for its instance, given the instance's own
 * record `mine` (already copied for the step, so writable; see `Effect` for the rules: replace
 * lists, spend budget with `spend`, update the database and broker with `updateDb` /
 * `updateKafka`). `base` is the state before the step and `was` the instance's record in it,
 * both read-only.
 */
export type VariantEffect<R> = (world: World, mine: R, arg: number, base: World, was: R) => void;

/**
 * A variant of an actor kind (a connector, relay or consumer): an xstate machine over the kind's
 * shared vocabulary of events and effects, exactly as a service strategy is a machine over the
 * service's. What the variant needs beyond the vocabulary it declares itself, in its own file:
 * new effects the machine names, and guards for new events (`enabled`, read-only on `mine`).
 * Its state is the kind's record (`R`); a variant keeps what it must remember in the fields the
 * kind has (a consumer's `dedup` store, for example).
 */
export interface ActorVariant<R> {
  /** A flat xstate machine without guards or context, like the kind's own machine. */
  machine: AnyStateMachine;
  /** Effects the kind does not have, by the name the machine gives them. */
  effects?: Readonly<Record<string, VariantEffect<R>>>;
  /** When each new event is enabled (its arguments; `[]` disables it). */
  enabled?: Readonly<Record<string, (world: World, mine: R) => readonly number[]>>;
  /** TLA+-style action names of new events (`ACK_CONFIRM` → `ConnectorAckAndConfirm`). */
  verbs?: Readonly<Record<string, string>>;
  /** New events that are injected faults. */
  faults?: readonly string[];
  /**
   * New fault budgets the variant's faults spend, each with what the fault is: declared here,
   * a scenario's `budget` may name them (see `FaultDeclarations`).
   */
  budgets?: FaultDeclarations;
  /** New names of `budgets` whose faults may strike an idle world (`ActorDef.idleFaults`). */
  idleFaults?: readonly string[];
}

/** The events `machine` accepts anywhere. */
function eventsOf(machine: AnyStateMachine): string[] {
  const out = new Set<string>();
  const visit = (node: { on?: Record<string, unknown>; states?: Record<string, unknown> }) => {
    for (const e of Object.keys(node.on ?? {})) out.add(e);
    for (const s of Object.values(node.states ?? {})) visit(s as typeof node);
  };
  visit(machine.config as Parameters<typeof visit>[0]);
  return [...out];
}

/**
 * `kind` (the actor kind's definition) running `variant`'s machine instead of its own, with the
 * variant's effects, guards, verbs, faults and fault budgets added. `record` gives an instance's own record.
 * Throws when the machine accepts an event that is neither in the kind's vocabulary nor given a
 * guard by the variant, which would otherwise never be enabled, silently. Pure.
 */
export function withVariant<R>(kind: ActorDef, variant: ActorVariant<R> | undefined, record: (world: World, self: number) => R): ActorDef {
  if (!variant) return kind;
  const guards = variant.enabled ?? {};
  for (const e of eventsOf(variant.machine)) {
    if (!(e in kind.verbs) && !(e in guards)) throw new Error(`${variant.machine.id}: event ${e} is not in the ${kind.lane.toLowerCase()}'s vocabulary (${Object.keys(kind.verbs).join(', ')}); declare when it is enabled in the variant's \`enabled\``);
  }
  const effects = { ...kind.effects };
  for (const [name, effect] of Object.entries(variant.effects ?? {})) effects[name] = (w, self, arg, base) => effect(w, record(w, self), arg, base, record(base, self));
  return {
    ...kind,
    machine: variant.machine,
    enabled: (w, self, event) => {
      const guard = guards[event];
      if (guard) return guard(w, record(w, self));
      return event in kind.verbs ? kind.enabled(w, self, event) : never;
    },
    effects,
    verbs: { ...kind.verbs, ...variant.verbs },
    faults: [...kind.faults, ...(variant.faults ?? [])],
    budgets: { ...kind.budgets, ...variant.budgets },
    idleFaults: [...(kind.idleFaults ?? []), ...(variant.idleFaults ?? [])],
  };
}
