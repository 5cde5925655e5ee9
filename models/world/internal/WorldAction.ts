import type { Action } from '../Action.ts';
import type { ActorDef } from '../ActorDef.ts';
import type { World } from '../World.ts';
import type { CompiledTransition } from './compileMachine.ts';

/**
 * An enabled action as `composeModel` lists it: the plain fields of `Action`, plus what `next`
 * needs to step without looking anything up again (the machine transition), and a label built
 * only when someone reads it, since most enabled actions are never printed.
 *
 * It serialises as plain data: `JSON.stringify` gives every `Action` field, the label included
 * (`toJSON`). `next` also accepts a plain `Action` (one read back from a JSON trace).
 */
export class WorldAction implements Action {
  readonly actor: string;
  readonly event: string;
  readonly arg: number;
  readonly def: number;
  readonly self: number;
  // Private fields are not own enumerable properties: copies and comparisons see plain data.
  readonly #transition: CompiledTransition;
  readonly #actorDef: ActorDef;
  readonly #world: World;
  #label: string | undefined;

  /**
   * `actor` is the instance's name (`actorDef.name(self)`); `transition` the one this action
   * takes in the actor's machine; `world` the state it is enabled in (its label's detail is read
   * from it).
   */
  constructor(actorDef: ActorDef, def: number, self: number, actor: string, transition: CompiledTransition, arg: number, world: World) {
    this.actor = actor;
    this.event = transition.event;
    this.arg = arg;
    this.def = def;
    this.self = self;
    this.#transition = transition;
    this.#actorDef = actorDef;
    this.#world = world;
  }

  /** The transition this action takes in the actor's machine. */
  get transition(): CompiledTransition {
    return this.#transition;
  }

  /** TLA+-style rendering, for example `ServiceCommit(svc1, acct-1#1)`. */
  get label(): string {
    if (this.#label === undefined) {
      const d = this.#actorDef;
      const detail = d.detail(this.#world, this.self, this.event, this.arg);
      this.#label = `${d.verbs[this.event] ?? this.event}(${this.actor}${detail ? `, ${detail}` : ''})`;
    }
    return this.#label;
  }

  /** The action as plain data. */
  toJSON(): Action {
    return { actor: this.actor, event: this.event, arg: this.arg, label: this.label, def: this.def, self: this.self };
  }
}
