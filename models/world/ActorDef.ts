import type { AnyStateMachine } from 'xstate';
import type { FaultDeclarations } from './FaultDeclarations.ts';
import type { World } from './World.ts';

/**
 * A world update named by a machine action: mutates the draft `world` for instance `self`.
 * `base` is the state before the step, read-only: reading large parts (the WAL) through it
 * avoids creating a draft proxy per element under immer. Only read from `base` what no earlier
 * effect of the same step has changed.
 *
 * The draft is a copy of the root and of the instance's own record (see `ActorDef.claim`; a
 * consumer instance's claim copies its group's record too, which its effects write: the
 * group's committed offsets and store), sharing everything else with `base`. So an effect assigns fields of its own record, replaces
 * lists instead of changing them (`s.applied = [...s.applied, id]`), spends budget with `spend`,
 * replaces the ghost record (`w.ghost = { ...w.ghost, ... }`), and replaces the database and the
 * broker through `updateDb` / `updateKafka`; it never writes another actor's record. Stored
 * states are then never written (tested on deep-frozen states).
 */
export type Effect = (world: World, self: number, arg: number, base: World) => void;

/**
 * How one kind of actor (services of a strategy, the connector, the relay, a consumer, the
 * operator running DDL) plugs into the world.
 *
 * Contract:
 * - `machine` is a flat xstate v5 machine without guards or context. It owns the control flow:
 *   which events each control state accepts, where they lead, and which effects (named actions)
 *   they fire. It is stepped only through `initialTransition`/`transition` (or their compiled
 *   table).
 * - `enabled` is the world's side of the guard, TLA+-style: given an event the machine accepts
 *   now, the arguments (for example a partition) for which it is enabled; `[]` disables it.
 *   It must be pure, deterministic, and false for faults whose budget is spent (`canSpend`);
 *   every budget it reads or spends is declared in `budgets`.
 * - Each effect named by the machine is in `effects`; effects run in the machine's order after
 *   the control state is updated, on a draft (see `Effect`).
 */
export interface ActorDef {
  /** The swim-lane of the trace view this actor draws in. */
  lane: string;
  machine: AnyStateMachine;
  /** How many instances there are. */
  count: number;
  /** The instance's name in action labels (`svc1`, `connector`). */
  name(self: number): string;
  /** The instance's control state. */
  at(world: World, self: number): string;
  /** Sets the instance's control state (on a draft). */
  setAt(world: World, self: number, at: string): void;
  /**
   * Puts a copy of the instance's own record (its service, consumer, connector or relay state;
   * for a consumer, its group's record too) into `world`, a fresh shallow copy of a state, so
   * that its effects may write it. An actor with no record of its own (the operator) does
   * nothing.
   */
  claim(world: World, self: number): void;
  enabled(world: World, self: number, event: string): readonly number[];
  /** A short detail for the action label, for example the aggregate (`acct-1`); may be ''. */
  detail(world: World, self: number, event: string, arg: number): string;
  effects: Readonly<Record<string, Effect>>;
  /** TLA+-style action names by event: `COMMIT` → `ServiceCommit`. */
  verbs: Readonly<Record<string, string>>;
  /** The events that are injected faults. */
  faults: readonly string[];
  /**
   * The fault budgets this kind spends (guards with `canSpend`, effects with `spend`): each
   * name with what the fault is. The world's budget has an entry for every declared name.
   */
  budgets: FaultDeclarations;
  /**
   * The names of `budgets` whose faults may strike while no step but a fault is enabled (an
   * operator's act, a slot dropped at any time). Subsumption (`worldBudgets`) leaves them out: a
   * state with more of such a budget left is not terminal where the state is. Default: none.
   */
  idleFaults?: readonly string[];
  /**
   * The names of fault budgets (its own or others') whose counts the actor's effects read, not
   * only spend: with more of them left, its steps do something else, not something more (the
   * connector's offset commit, `eagerOffsetCommit`). Subsumption (`worldBudgets`) leaves them
   * out. Default: none.
   */
  readsBudgets?: readonly string[];
  /** The lane an event mainly affects, when another than the actor's own. */
  targets?: Readonly<Record<string, string>>;
}

/** The argument list of an event enabled once, without an argument. */
export const once: readonly number[] = [0];
/** The argument list of a disabled event. */
export const never: readonly number[] = [];
