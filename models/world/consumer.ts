import { setup, type AnyStateMachine } from 'xstate';
import { begin, commit, readRow, write } from './database.ts';
import { topicOf, type KafkaRecord } from './kafka.ts';
import { never, once, type ActorDef } from './ActorDef.ts';
import type { ConsumerGroupState, ConsumerState, World } from './World.ts';
import { updateDb } from './internal/plainUpdate.ts';
import { canSpend, spend } from './internal/spend.ts';
import type { FaultDeclarations } from './FaultDeclarations.ts';

/** How a consumer instance is configured; every field is a knob of SCENARIOS.md or of `WorldOptions`. */
export interface ConsumerConfig {
  topic: string;
  partitions: number;
  /** `after`: process, then commit the offset (at least once). `before`: commit, then process (at most once). */
  commit: 'after' | 'before';
  /** `eventId`: skip a record whose id is already recorded, recording it in the effect's own transaction. */
  dedup: 'none' | 'eventId';
  /**
   * `store`: the effect is the group's application store (`applied`). `database`: the effect is a
   * transaction on the service's own database (listen-to-yourself): the account row is updated
   * and, with dedup, the eventId inserted into `processed` in the same transaction.
   */
  sink: 'store' | 'database';
  /** The instance's name in action labels: `consumer`, `consumer2`, or the service's `listener`. */
  name: string;
  /** The instance's lane: `Consumer` (`Consumer1`, `Consumer2` among several), or `Service` for the listener. */
  lane?: string;
  /** Its group's index in `World.groups` (default 0). */
  group?: number;
  /** The partitions its group assigned it (see `assignPartitions`); default every partition. */
  assigned?: readonly number[];
}

/** The faults a downstream consumer can inject. */
export const consumerFaults = {
  /** The consumer process dies: its positions are lost and it resumes from the committed offsets. */
  consumerCrash: 'a consumer process dies and resumes from its group\'s committed offsets',
} as const satisfies FaultDeclarations;

/** The faults a service listening to its own topic can inject: its crashes are the service's. */
export const listenerFaults = {
  /** The service dies while listening to itself, losing its consumer position. */
  serviceCrash: 'a service instance dies (its listener resumes from the committed offsets)',
} as const satisfies FaultDeclarations;

/** The consumer's event vocabulary, shared by every consumer variant. */
export type ConsumerEvent = { type: 'APPLY' } | { type: 'COMMIT' } | { type: 'POLL' } | { type: 'CRASH' };
const events = {} as ConsumerEvent;
/** The consumer's effect names, each doing nothing when run (the world applies them): a variant's `setup` spreads them. */
export const consumerActions = { apply: () => {}, commitOffset: () => {}, fetch: () => {}, applyFetched: () => {}, crash: () => {} };
const actions = consumerActions;

/** The consumer that commits its offset after processing a record: at-least-once. */
export const consumerCommitAfter: AnyStateMachine = setup({ types: { events }, actions }).createMachine({
  id: 'consumer-commit-after',
  initial: 'idle',
  states: {
    idle: { on: { APPLY: { target: 'processed', actions: 'apply' } } },
    processed: { on: { COMMIT: { target: 'idle', actions: 'commitOffset' }, CRASH: { target: 'idle', actions: 'crash' } } },
  },
});

/** The consumer that commits its offset before processing a record: at-most-once. */
export const consumerCommitBefore: AnyStateMachine = setup({ types: { events }, actions }).createMachine({
  id: 'consumer-commit-before',
  initial: 'idle',
  states: {
    idle: { on: { POLL: { target: 'fetched', actions: 'fetch' } } },
    fetched: { on: { APPLY: { target: 'idle', actions: 'applyFetched' }, CRASH: { target: 'idle', actions: 'crash' } } },
  },
});

/**
 * A Kafka consumer instance of one topic as an actor: it takes the next record of any partition
 * assigned to it, applies its effect to its group's store (deduplicated by eventId if
 * configured) and commits the group's offset, in the configured order. A crash loses its
 * positions and resumes its partitions from the group's committed offsets; the store and the
 * committed offsets survive.
 */
export function consumerDef(config: ConsumerConfig, index: number): ActorDef {
  const g = config.group ?? 0;
  const assigned = config.assigned ?? Array.from({ length: config.partitions }, (_, p) => p);
  const me = (w: World) => w.consumers[index]!;
  const group = (w: World) => w.groups[g]!;
  const recordAt = (w: World, p: number, offset: number): KafkaRecord => topicOf(w.kafka, config.topic).partitions[p]![offset]!;
  const ready = (w: World): readonly number[] => {
    const parts = topicOf(w.kafka, config.topic).partitions;
    const positions = me(w).positions;
    // One partition is the common case: answer it without building a list.
    if (positions.length === 1) return assigned.length === 1 && positions[0]! < parts[0]!.length ? once : never;
    const out: number[] = [];
    for (const p of assigned) if (positions[p]! < parts[p]!.length) out.push(p);
    return out;
  };
  const process = (w: World, r: KafkaRecord) => {
    const s = group(w);
    if (config.dedup === 'eventId' && s.dedup.includes(r.id)) return;
    if (config.sink === 'database') {
      const lsn = updateDb(w, (db) => {
        const xid = begin(db);
        const row = readRow(db, 'account', r.key, xid);
        if (row) write(db, xid, { table: 'account', op: 'u', pk: r.key, values: [r.key, (r.value?.balance as number) ?? null], tag: r.change });
        if (config.dedup === 'eventId') write(db, xid, { table: 'processed', op: 'c', pk: r.id, values: [r.id], tag: null });
        return commit(db, xid);
      });
      if (lsn !== null && r.change) w.ghost = { ...w.ghost, committed: [...w.ghost.committed, { id: r.change, agg: r.key, lsn }] };
    }
    s.applied = [...s.applied, r.change ?? r.id];
    if (config.dedup === 'eventId') s.dedup = insertedSorted(s.dedup, r.id);
  };
  const lane = config.lane ?? (config.sink === 'database' ? 'Service' : 'Consumer');
  // The service listening to itself is the service: its crashes are service crashes.
  const crashBudget = config.sink === 'database' ? 'serviceCrash' : 'consumerCrash';
  const budgets: FaultDeclarations = config.sink === 'database' ? listenerFaults : consumerFaults;
  return {
    lane,
    machine: config.commit === 'after' ? consumerCommitAfter : consumerCommitBefore,
    count: 1,
    name: () => config.name,
    at: (w) => me(w).at,
    setAt: (w, _s, at) => void (me(w).at = at),
    // The group's record too: the instance's effects write its committed offsets and its store.
    claim: (w) => {
      w.consumers = w.consumers.with(index, { ...me(w) });
      w.groups = w.groups.with(g, { ...group(w) });
    },
    enabled(w, _s, event) {
      switch (event) {
        case 'APPLY':
          return config.commit === 'after' ? ready(w) : once;
        case 'POLL':
          return ready(w);
        case 'COMMIT':
          return once;
        case 'CRASH':
          return canSpend(w, crashBudget) ? once : never;
        default:
          return never;
      }
    },
    detail(w, _s, event, arg) {
      const c = me(w);
      if (event === 'APPLY' && config.commit === 'after') return recordAt(w, arg, c.positions[arg]!).id;
      if (event === 'POLL') return recordAt(w, arg, c.positions[arg]!).id;
      if (event === 'APPLY') return recordAt(w, c.cursor, c.positions[c.cursor]! - 1).id;
      if (event === 'COMMIT') return `p${c.cursor}@${c.positions[c.cursor]}`;
      return '';
    },
    effects: {
      apply(w, _s, p, base) {
        const c = me(w);
        const r = recordAt(base, p, c.positions[p]!);
        c.positions = c.positions.with(p, c.positions[p]! + 1);
        c.cursor = p;
        process(w, r);
      },
      commitOffset(w) {
        const c = me(w);
        const s = group(w);
        s.committed = s.committed.with(c.cursor, c.positions[c.cursor]!);
        c.cursor = -1;
      },
      fetch(w, _s, p) {
        const c = me(w);
        const s = group(w);
        c.positions = c.positions.with(p, c.positions[p]! + 1);
        s.committed = s.committed.with(p, c.positions[p]!);
        c.cursor = p;
      },
      applyFetched(w, _s, _a, base) {
        const c = me(w);
        process(w, recordAt(base, c.cursor, c.positions[c.cursor]! - 1));
        c.cursor = -1;
      },
      crash(w) {
        const c = me(w);
        c.positions = resumed(c.positions, group(w).committed, assigned);
        c.cursor = -1;
        spend(w, crashBudget);
      },
    },
    verbs: config.sink === 'database'
      ? { APPLY: 'ServiceApplyOwnEvent', COMMIT: 'ServiceCommitOffset', POLL: 'ServicePoll', CRASH: 'CrashService' }
      : { APPLY: 'ConsumerApply', COMMIT: 'ConsumerCommitOffset', POLL: 'ConsumerPollCommit', CRASH: 'CrashConsumer' },
    faults: ['CRASH'],
    budgets,
    targets: config.sink === 'database' ? { APPLY: 'DB' } : {},
  };
}

/**
 * Positions after a restart: every assigned partition from the group's committed offset, the
 * others (read by other instances of the group) left at 0, so an instance's record never copies
 * what other instances did. Returns `committed` itself when it already is the answer, so the
 * state shares it.
 */
function resumed(positions: readonly number[], committed: number[], assigned: readonly number[]): number[] {
  if (assigned.length === committed.length) return committed;
  const out = positions.map(() => 0);
  for (const p of assigned) out[p] = committed[p]!;
  return out;
}

/** The initial state of a consumer instance of group `group` over `partitions` partitions. */
export function initialConsumer(partitions: number, group = 0): ConsumerState {
  return { at: 'idle', group, positions: Array<number>(partitions).fill(0), cursor: -1 };
}

/** The initial state of consumer group `name` over `partitions` partitions, its effects going to `sink`. */
export function initialGroup(name: string, partitions: number, sink: ConsumerGroupState['sink']): ConsumerGroupState {
  return { name, sink, committed: Array<number>(partitions).fill(0), applied: [], dedup: [] };
}

/** `list` (sorted) with `id` inserted in order: a new list. */
function insertedSorted(list: readonly string[], id: string): string[] {
  let i = 0;
  while (i < list.length && list[i]! < id) i++;
  return list.toSpliced(i, 0, id);
}
