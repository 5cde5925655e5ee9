import type { ActionFootprint, Footprint, Independence } from '../../src/engine/Independence.ts';
import type { Action } from './Action.ts';
import type { ActorDef } from './ActorDef.ts';
import type { World } from './World.ts';

/**
 * What the world knows of an actor instance for partial-order reduction: a consumer instance of
 * the built-in kind (no variant), whose steps it can describe exactly, or any other actor, which
 * it describes coarsely.
 */
export type ActorShape =
  | {
      kind: 'consumer';
      /** The instance's index in `World.consumers`. */
      index: number;
      /** Its group's index in `World.groups`. */
      group: number;
      /** The fault budget its crash spends. */
      crashBudget: string;
      /** `database`: its effect is a transaction on the service's database (the listener). */
      sink: 'store' | 'database';
    }
  | {
      /**
       * A service, connector, relay or the operator (each only ever touches the database, the
       * broker, the ghost record, its own record and its own fault budgets), or an actor with a
       * variant, which may touch anything: `everything` says which.
       */
      kind: 'upstream' | 'everything';
    };

/**
 * The resources of the world (see docs/partial-order-reduction.md):
 * - `upstream`: the database (tables, WAL, slots), the ghost record, and the records of the
 *   services, connectors and relays. The upstream actors are not told apart: coarse, and safe.
 * - `kafka`: the broker. Consumers read it, upstream actors write it.
 * - `consumer:k`: consumer instance k's record (positions, cursor, control state).
 * - `group:g:offsets` / `group:g:store`: group g's committed offsets / its store (applied, dedup).
 * - `budget:<fault>`: what is left of one fault's budget. Budgets only ever go down, so a
 *   budget at 0 is written by nobody from then on.
 */
const UPSTREAM = 'upstream';
const KAFKA = 'kafka';
const consumerRecord = (k: number) => `consumer:${k}`;
const offsets = (g: number) => `group:${g}:offsets`;
const store = (g: number) => `group:${g}:store`;

/** Every resource of `world`: what an actor that may touch anything may touch. */
function everything(world: World): Footprint {
  const all = [UPSTREAM, KAFKA, ...world.consumers.map((_, k) => consumerRecord(k)), ...world.groups.flatMap((_, g) => [offsets(g), store(g)]), ...Object.keys(world.budget).map((b) => `budget:${b}`)];
  return { reads: all, writes: all };
}

/**
 * The independence declaration of a world whose actors are `actors` (in `composeModel` order),
 * described by `shapes` (one per actor definition). Every action is visible: the world does not
 * know what its `always`/`sometimes` properties read, so the reduction waits for them to be
 * decided (see `checkExhaustive`).
 *
 * The footprints rest on the effects' rules (`ActorDef`, `Effect`): an instance writes only its
 * own record (a consumer also its group's), the database and broker through their updaters, the
 * ghost record, and the budgets it declares; its guard reads only the budgets it declares. A
 * consumer instance's step is described exactly: `COMMIT` and `CRASH` touch only its record, its
 * group's offsets and its crash budget; `APPLY` and `POLL` read the broker (and the listener's
 * writes the database). Everything else is `upstream` and depends on everything upstream.
 */
export function worldIndependence(actors: readonly ActorDef[], shapes: readonly ActorShape[]): Independence<World, Action> {
  const budgetsOf = actors.map((d) => Object.keys(d.budgets).map((b) => `budget:${b}`));
  const upstreamReach = (world: World, def: number): Footprint => {
    const own = budgetsOf[def]!;
    return { reads: [UPSTREAM, KAFKA, ...own], writes: [UPSTREAM, KAFKA, ...own.filter((b) => world.budget[b.slice(7)]! > 0)] };
  };
  const consumerReach = (world: World, c: Extract<ActorShape, { kind: 'consumer' }>): Footprint => {
    const mine = [consumerRecord(c.index), offsets(c.group), store(c.group)];
    const crash = `budget:${c.crashBudget}`;
    const sink = c.sink === 'database' ? [UPSTREAM] : [];
    return { reads: [...mine, KAFKA, crash, ...sink], writes: [...mine, ...sink, ...(world.budget[c.crashBudget]! > 0 ? [crash] : [])] };
  };
  const actorName = (def: number, self: number) => `${def}:${self}`;
  return {
    footprint(world: World, action: Action): ActionFootprint {
      const shape = shapes[action.def]!;
      const actor = actorName(action.def, action.self);
      if (shape.kind !== 'consumer') return { actor, ...(shape.kind === 'everything' ? everything(world) : upstreamReach(world, action.def)), visible: true };
      const me = consumerRecord(shape.index);
      const crash = `budget:${shape.crashBudget}`;
      switch (action.event) {
        // Commit-after's commit: the group's offset for the record in hand. The crash budget is
        // read because it decides whether CRASH is enabled beside it (guarantee 2).
        case 'COMMIT':
          return { actor, reads: [me, offsets(shape.group), crash], writes: [me, offsets(shape.group)], visible: true };
        case 'CRASH':
          return { actor, reads: [me, offsets(shape.group), crash], writes: [me, crash], visible: true };
        default:
          // APPLY and POLL read records from the broker; a step of the listener is a transaction.
          return { actor, ...consumerReach(world, shape), visible: true };
      }
    },
    reach(world: World): Record<string, Footprint> {
      const out: Record<string, Footprint> = {};
      actors.forEach((d, def) => {
        const shape = shapes[def]!;
        for (let self = 0; self < d.count; self++) {
          out[actorName(def, self)] = shape.kind === 'consumer' ? consumerReach(world, shape) : shape.kind === 'upstream' ? upstreamReach(world, def) : everything(world);
        }
      });
      return out;
    },
  };
}
