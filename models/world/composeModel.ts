import { produce, setAutoFreeze } from 'immer';
import { CollapseCodec } from '../../src/engine/CollapseCodec.ts';
import type { Model } from '../../src/engine/Model.ts';
import type { Property } from '../../src/engine/Property.ts';
import type { Action } from './Action.ts';
import type { ActorDef } from './ActorDef.ts';
import type { World } from './World.ts';
import { compileMachine, stepWithXState, type CompiledMachine, type CompiledTransition } from './internal/compileMachine.ts';
import { copyWorld } from './internal/copyWorld.ts';
import { WorldAction } from './internal/WorldAction.ts';
import { AggregateSymmetry } from './AggregateSymmetry.ts';
import { worldBudgets } from './worldBudgets.ts';
import { worldFairness } from './worldFairness.ts';
import { worldView } from './worldView.ts';

// The checker never mutates states it has stored, so freezing every successor is pure cost.
setAutoFreeze(false);

/** Everything `composeModel` needs to build a checkable model of a world. */
export interface WorldSpec {
  name: string;
  /** The semantics version written into replay strings. */
  version: string;
  initial: World;
  actors: readonly ActorDef[];
  properties: readonly Property<World>[];
  /** Step machines through their compiled tables (default) or through xstate's `transition`. */
  compiled?: boolean;
  /**
   * How a step copies the world before its effects write it: `copy` (default), a shallow copy
   * of the root and of the acting instance's record (`copyWorld`), or immer's `produce`. Both run the same effects
   * on a draft and explore the same states (`composeModel.test.ts`); immer's proxies cost 1.5–8 µs
   * a step against 0.1 µs for the copy, which is most of a step's budget, so immer is kept as
   * the reference the copy is tested against.
   */
  updates?: 'immer' | 'copy';
  /**
   * Aggregates that are interchangeable up to renaming (same requests, same services). When set,
   * the model supplies `representative` for symmetry reduction.
   */
  symmetricAggregates?: readonly string[];
}

/** Runs one step on `draft`: the actor's new control state, then its effects in machine order. */
function apply(d: ActorDef, t: CompiledTransition, draft: World, action: Action, base: World): World {
  d.setAt(draft, action.self, t.target);
  for (const e of t.effects) d.effects[e]!(draft, action.self, action.arg, base);
  return draft;
}

/**
 * Builds the model of a composed world: the enabled actions are, for each actor instance in
 * `actors` order, the events its machine accepts in its control state (in machine order) that
 * the world enables; `next` steps that machine and applies the effects it names to a copy.
 * Pure and deterministic. The model has no `key` of its own: the engine's generic key
 * (`StructuralKeys`) keys its states, which is canonical because every list that is set-like is
 * kept sorted and sequences are sequences, and complete because it lists no fields. Its
 * frontier is packed by a `CollapseCodec` over the world's fields: a world is a combination of
 * far fewer databases, brokers and actor records than there are worlds, each kept once.
 */
export function composeModel(spec: WorldSpec): Model<World, Action> {
  const compiled = spec.compiled ?? true;
  const updates = spec.updates ?? 'copy';
  const tables: CompiledMachine[] = spec.actors.map((d) => compileMachine(d.machine));
  spec.actors.forEach((d, i) => {
    for (const s of tables[i]!.states)
      for (const t of tables[i]!.table[s]!) for (const e of t.effects) if (!d.effects[e]) throw new Error(`${d.machine.id}: effect ${e} has no implementation`);
  });

  const lookup = (def: number, at: string, event: string): CompiledTransition => {
    const t = compiled ? tables[def]!.table[at]!.find((x) => x.event === event) : stepWithXState(spec.actors[def]!.machine, at, event);
    if (!t) throw new Error(`${spec.actors[def]!.machine.id} does not accept ${event} in ${at}`);
    return t;
  };

  const accepted = (def: number, at: string): readonly CompiledTransition[] => {
    if (compiled) return tables[def]!.table[at] ?? [];
    const out: CompiledTransition[] = [];
    for (const e of tables[def]!.events) {
      const t = stepWithXState(spec.actors[def]!.machine, at, e);
      if (t) out.push(t);
    }
    return out;
  };

  // Instance names are asked for with every enabled action: built once.
  const names = spec.actors.map((d) => Array.from({ length: d.count }, (_, self) => d.name(self)));
  const symmetric = spec.symmetricAggregates;
  const symmetry = symmetric && symmetric.length > 1 ? new AggregateSymmetry(symmetric) : null;
  return {
    name: spec.name,
    version: spec.version,
    initial: () => [spec.initial],
    actions(world) {
      const out: Action[] = [];
      for (let def = 0; def < spec.actors.length; def++) {
        const d = spec.actors[def]!;
        for (let self = 0; self < d.count; self++) {
          const name = names[def]![self]!;
          for (const t of accepted(def, d.at(world, self))) {
            for (const arg of d.enabled(world, self, t.event)) out.push(new WorldAction(d, def, self, name, t, arg, world));
          }
        }
      }
      return out;
    },
    next(world, action) {
      const d = spec.actors[action.def]!;
      // An action listed by `actions` carries its transition; one read back from a trace does not.
      const t = action instanceof WorldAction ? action.transition : lookup(action.def, d.at(world, action.self), action.event);
      if (updates === 'immer') return produce(world, (draft) => void apply(d, t, draft, action, world));
      return apply(d, t, copyWorld(world, d, action.self), action, world);
    },
    properties: spec.properties,
    codec: new CollapseCodec<World>(Object.keys(spec.initial)),
    fairness: worldFairness(spec.actors),
    budgets: worldBudgets(spec.initial, spec.actors),
    // With fewer than two interchangeable aggregates every state is its own representative, and
    // the model offers none: a search asked for symmetry would pay for a second print of every
    // state and save nothing (the CLI then searches without it).
    ...(symmetry
      ? {
          representative: (world: World) => symmetry.representative(world),
          representativeFingerprint: (world: World, into: Int32Array) => symmetry.representativeFingerprint(world, into),
          memberFingerprint: (world: World, into: Int32Array) => symmetry.memberFingerprint(world, into),
        }
      : {}),
    formatAction: (action) => action.label,
    view: worldView(spec.actors),
  };
}
