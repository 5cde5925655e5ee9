import type { ActionFootprint, Footprint, Independence, ReachFootprint } from '../../src/engine/Independence.ts';
import { nextStreamedChange } from './database.ts';
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
      /** The topic it reads, and its commit order (`after`: APPLY then COMMIT; `before`: POLL then APPLY). */
      topic: string;
      /** The partitions its group assigned it. */
      assigned: readonly number[];
      /** `database`: its effect is a transaction on the service's database (the listener). */
      sink: 'store' | 'database';
    }
  | {
      /**
       * The built-in service kind: it touches the database's tables, transactions and counters,
       * appends to the WAL, adds to the ghost's committed list and changes its own record; it
       * appends to the topics only when `publishes`, and spends only `budgets`. `scheduled`: a
       * schedule rule makes it wait for the connector's slot, so it reads everything upstream.
       */
      kind: 'service';
      publishes: boolean;
      budgets: readonly string[];
      scheduled: boolean;
    }
  | {
      /**
       * The built-in Debezium connector, instance `index`, capturing `tables`: described exactly
       * once it has its view (past its snapshot, or snapshotting as of a view and start LSN it
       * has taken), and as touching all of upstream otherwise. `exactlyOnce`: under exactly-once
       * source its offset commit makes a Kafka transaction visible; it is described coarsely
       * throughout.
       */
      kind: 'connector';
      index: number;
      tables: readonly string[];
      exactlyOnce: boolean;
    }
  | {
      /**
       * A relay or the operator (each only ever touches the database, the broker, the ghost
       * record, its own record and its own fault budgets), or an actor with a variant, which
       * may touch anything: `everything` says which.
       */
      kind: 'upstream' | 'everything';
    };

/**
 * The resources of the world (see docs/partial-order-reduction.md):
 * - upstream of the broker:
 *   - `wal:old` and `wal:tail`: the WAL's transactions committed before the current end, and
 *     its end (every transaction still to commit). Committed history never changes, so writers
 *     (commits) write the tail only;
 *   - `db:slots`: the replication slots;
 *   - `db:columns`: the tables' column lists (only a schema change renames one);
 *   - `ghost:stream`: what the ghost records of the connectors' reads (`Ghost.stream`, where kept);
 *   - `connector:k`: connector instance k's record;
 *   - `upstream`: the rest: the tables' rows, open transactions and counters, the ghost's
 *     committed list, and the services', relays' and operator's records.
 * - `kafka:<topic>/<p>:old` and `kafka:<topic>/<p>:tail`: a partition's records before its
 *   current end, and its end (its length and every record still to come). The broker only ever
 *   appends (`append` is its one update), so upstream actors write tails only; a consumer reads
 *   the old records it fetches, and the tail of a partition it waits on.
 * - `consumer:k`: consumer instance k's record (positions, cursor, control state).
 * - `group:g:offsets` / `group:g:store`: group g's committed offsets / its store (applied, dedup).
 * - `budget:<fault>`: what is left of one fault's budget. Budgets only ever go down, so a
 *   budget at 0 is written by nobody from then on.
 */
const UPSTREAM = 'upstream';
const WAL_OLD = 'wal:old';
const WAL_TAIL = 'wal:tail';
const SLOTS = 'db:slots';
const COLUMNS = 'db:columns';
const GHOST_STREAM = 'ghost:stream';
const connectorRecord = (k: number) => `connector:${k}`;
const old = (topic: string, p: number) => `kafka:${topic}/${p}:old`;
const tail = (topic: string, p: number) => `kafka:${topic}/${p}:tail`;
const consumerRecord = (k: number) => `consumer:${k}`;
const offsets = (g: number) => `group:${g}:offsets`;
const store = (g: number) => `group:${g}:store`;

/** Every resource upstream of the broker in `world`. */
function upstreamOf(world: World): string[] {
  return [UPSTREAM, WAL_OLD, WAL_TAIL, SLOTS, COLUMNS, GHOST_STREAM, ...world.connectors.map((_, k) => connectorRecord(k))];
}

/**
 * The names of the world's resources, for properties that declare what they read
 * (`ReductionHints.reads`): the same names the footprints use.
 */
export const worldResources = {
  /** Everything upstream of the broker: the database, the ghost record, and the services', connectors' and relays' records. */
  upstream: upstreamOf,
  /** A partition's records before its current end. */
  old,
  /** A partition's end: its length and every record still to come. */
  tail,
  /** Consumer instance `k`'s record: positions, cursor, control state. */
  consumer: consumerRecord,
  /** Consumer group `g`'s committed offsets. */
  offsets,
  /** Consumer group `g`'s store: what it applied, and its dedup list. */
  store,
  /** What is left of the budget of fault `name`. */
  budget: (name: string) => `budget:${name}`,
  /** Every partition's old records and tail, in `world`'s broker. */
  broker: (world: World): string[] => {
    const { olds, tails } = kafkaParts(world);
    return [...olds, ...tails];
  },
} as const;
/** Every partition's old records and tail, in `world`'s broker. */
function kafkaParts(world: World): { olds: string[]; tails: string[] } {
  const olds: string[] = [];
  const tails: string[] = [];
  for (const t of world.kafka.topics) {
    for (let p = 0; p < t.partitions.length; p++) {
      olds.push(old(t.name, p));
      tails.push(tail(t.name, p));
    }
  }
  return { olds, tails };
}
/** Every resource of `world`: what an actor that may touch anything may touch. */
function everything(world: World): Footprint {
  const { olds, tails } = kafkaParts(world);
  const all = [...upstreamOf(world), ...olds, ...tails, ...world.consumers.map((_, k) => consumerRecord(k)), ...world.groups.flatMap((_, g) => [offsets(g), store(g)]), ...Object.keys(world.budget).map((b) => `budget:${b}`)];
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
 * ghost record, and the budgets it declares; its guard reads only the budgets it declares.
 * - A consumer instance's step is described exactly: `COMMIT` and `CRASH` touch only its record,
 *   its group's offsets and its crash budget; `APPLY` and `POLL` read the broker (and the
 *   listener's writes the database). A consumer with one assigned partition only awaits that
 *   partition's tail (`ReachFootprint.awaits`): it fetches from it only once something was
 *   appended there.
 * - A built-in service touches `upstream` and the WAL's tail (its commit), the topics only if
 *   its strategy publishes, and only the budgets its effects spend (`serviceReach`).
 * - The built-in connector, once past its snapshot, reads the WAL's committed transactions (its
 *   tail only when it has nothing left to read: a commit would give it something), the slots,
 *   the connectors' records (`noTaskStartLeft` reads them all), the topics' old records and its
 *   budgets, and writes its record, the slots, the ghost's stream records and the topics'
 *   tails. Snapshotting as of a view it has taken, the same, with the WAL's committed
 *   transactions and the column lists (the rows as of the view). Starting, or before its
 *   snapshot has read the counters, it touches everything upstream.
 * - Everything else touches everything upstream.
 */
export function worldIndependence(actors: readonly ActorDef[], shapes: readonly ActorShape[]): Independence<World, Action> {
  const budgetsOf = actors.map((d) => Object.keys(d.budgets).map((b) => `budget:${b}`));
  const live = (world: World, budgets: readonly string[]) => budgets.filter((b) => world.budget[b.slice(7)]! > 0);
  // Upstream actors read the whole broker (an idempotent append looks for its sequence number)
  // and append: they write tails, never old records.
  const upstreamReach = (world: World, def: number): Footprint => {
    const own = budgetsOf[def]!;
    const { olds, tails } = kafkaParts(world);
    const upstream = upstreamOf(world);
    return { reads: [...upstream, ...olds, ...tails, ...own], writes: [...upstream, ...tails, ...live(world, own)] };
  };
  type Service = Extract<ActorShape, { kind: 'service' }>;
  const serviceBound = (world: World, s: Service): Footprint => {
    const own = s.budgets.map((b) => `budget:${b}`);
    const { olds, tails } = kafkaParts(world);
    const broker = s.publishes ? { reads: [...olds, ...tails], writes: tails } : { reads: [], writes: [] };
    return { reads: [...(s.scheduled ? upstreamOf(world) : [UPSTREAM, COLUMNS]), ...broker.reads, ...own], writes: [UPSTREAM, WAL_TAIL, ...broker.writes, ...live(world, own)] };
  };
  type Connector = Extract<ActorShape, { kind: 'connector' }>;
  /**
   * The footprint of every enabled step of a connector that is running with its view taken: past
   * its snapshot, or snapshotting as of a view and start LSN already read. Null when it is
   * starting, or its snapshot has yet to read the counters.
   */
  const connectorRunning = (world: World, c: Connector, def: number): Footprint | null => {
    const state = world.connectors[c.index]!;
    // The search asks for every enabled action of one state in turn: the connector's record, the
    // WAL and the budgets decide the answer, so the last one is kept per connector.
    const last = lastRunning[c.index];
    if (last && last.state === state && last.wal === world.db.wal && last.budget === world.budget) return last.footprint;
    const footprint = connectorRunningAfresh(world, c, def, state);
    lastRunning[c.index] = { state, wal: world.db.wal, budget: world.budget, footprint };
    return footprint;
  };
  const lastRunning: { state: World['connectors'][number]; wal: World['db']['wal']; budget: World['budget']; footprint: Footprint | null }[] = [];
  const connectorRunningAfresh = (world: World, c: Connector, def: number, state: World['connectors'][number]): Footprint | null => {
    // A snapshot reads the rows as of its view: the transactions committed before it, with the
    // tables' current column names. Before its view and start are taken, it reads the counters.
    const snapshot = state.at === 'snapshotting' && state.view !== null && state.start !== null;
    if (c.exactlyOnce || (state.at !== 'streaming' && state.at !== 'stopped' && state.at !== 'failed' && !snapshot)) return null;
    const own = budgetsOf[def]!;
    const { olds, tails } = kafkaParts(world);
    // What decides whether it can read the WAL (guarantee 2): the transactions committed, when
    // one holds its next change; else the tail, where a commit would give it one.
    const wal = snapshot ? [WAL_OLD, COLUMNS] : state.at !== 'streaming' ? [] : nextStreamedChange(world.db, c.tables, state.pos) !== null ? [WAL_OLD] : [WAL_TAIL];
    return {
      reads: [...world.connectors.map((_, k) => connectorRecord(k)), ...wal, SLOTS, ...olds, ...own],
      writes: [connectorRecord(c.index), SLOTS, GHOST_STREAM, ...tails, ...live(world, own)],
    };
  };
  type Consumer = Extract<ActorShape, { kind: 'consumer' }>;
  const consumerReach = (world: World, c: Consumer): ReachFootprint => {
    const mine = [consumerRecord(c.index), offsets(c.group), store(c.group)];
    const crash = `budget:${c.crashBudget}`;
    const sink = c.sink === 'database' ? upstreamOf(world) : [];
    const partitions = world.kafka.topics.find((t) => t.name === c.topic)!.partitions;
    const olds = partitions.map((_, p) => old(c.topic, p));
    const tails = partitions.map((_, p) => tail(c.topic, p));
    // With one partition assigned, it reads that partition's tail only when it has nothing to
    // fetch there, and then fetches nothing: it waits for an append. With more, a fetch from one
    // partition reads whether the others have records (`readiness`), their tails included.
    const waits = c.assigned.length === 1;
    return {
      reads: [...mine, ...olds, ...(waits ? tails.filter((_, p) => p !== c.assigned[0]) : tails), crash, ...sink],
      writes: [...mine, ...sink, ...(world.budget[c.crashBudget]! > 0 ? [crash] : [])],
      ...(waits ? { awaits: [tail(c.topic, c.assigned[0]!)] } : {}),
    };
  };
  /**
   * What decides which of its partitions a consumer can fetch from: for each assigned partition,
   * its old records when it has one to fetch (appends cannot take that away), else its tail
   * (an append would give it one). Read by every fetching step (guarantee 2).
   */
  const readiness = (world: World, c: Consumer): string[] => {
    const partitions = world.kafka.topics.find((t) => t.name === c.topic)!.partitions;
    const positions = world.consumers[c.index]!.positions;
    return c.assigned.map((p) => (positions[p]! < partitions[p]!.length ? old(c.topic, p) : tail(c.topic, p)));
  };
  const actorName = (def: number, self: number) => `${def}:${self}`;
  const reachOf = new WeakMap<World['budget'], Record<string, ReachFootprint>>();
  const reach = (world: World): Record<string, ReachFootprint> => {
    // The topics and partitions, actors and groups are fixed when the world is built, so the
    // reach depends on the budgets alone: one per budget record (the budgets are replaced,
    // never changed, and a packed frontier gives equal ones back as one object).
    const known = reachOf.get(world.budget);
    if (known) return known;
    const out: Record<string, ReachFootprint> = {};
    actors.forEach((d, def) => {
      const shape = shapes[def]!;
      for (let self = 0; self < d.count; self++) {
        out[actorName(def, self)] =
          shape.kind === 'consumer' ? consumerReach(world, shape) : shape.kind === 'service' ? serviceBound(world, shape) : shape.kind === 'everything' ? everything(world) : upstreamReach(world, def);
      }
    });
    reachOf.set(world.budget, out);
    return out;
  };
  return {
    footprint(world: World, action: Action): ActionFootprint {
      const shape = shapes[action.def]!;
      const actor = actorName(action.def, action.self);
      if (shape.kind === 'connector') {
        const running = connectorRunning(world, shape, action.def);
        if (running) return { actor, ...running, visible: true };
      }
      if (shape.kind !== 'consumer') {
        const { reads, writes } = reach(world)[actor]!;
        return { actor, reads, writes, visible: true };
      }
      const me = consumerRecord(shape.index);
      const crash = `budget:${shape.crashBudget}`;
      switch (action.event) {
        // Commit-after's commit: the group's offset for the record in hand. The crash budget is
        // read because it decides whether CRASH is enabled beside it (guarantee 2).
        case 'COMMIT':
          return { actor, reads: [me, offsets(shape.group), crash], writes: [me, offsets(shape.group)], visible: true };
        case 'CRASH':
          return { actor, reads: [me, offsets(shape.group), crash], writes: [me, crash], visible: true };
        case 'POLL':
          // Commit-before's fetch: the next record's offset is committed at once.
          return { actor, reads: [me, offsets(shape.group), crash, ...readiness(world, shape)], writes: [me, offsets(shape.group)], visible: true };
        case 'APPLY': {
          const sink = shape.sink === 'database' ? upstreamOf(world) : [];
          // Commit-after applies the next record of a partition it can fetch from; commit-before
          // the record it fetched, an old record of the partition in hand (`cursor`).
          const c = world.consumers[shape.index]!;
          const fetching = world.consumers[shape.index]!.at === 'idle';
          const records = fetching ? readiness(world, shape) : [old(shape.topic, c.cursor)];
          return { actor, reads: [me, store(shape.group), crash, ...records, ...sink], writes: [me, store(shape.group), ...sink], visible: true };
        }
        default: {
          const { reads, writes, awaits } = consumerReach(world, shape);
          return { actor, reads: [...reads, ...(awaits ?? [])], writes, visible: true };
        }
      }
    },
    reach,
  };
}
