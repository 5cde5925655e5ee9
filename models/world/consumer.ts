import { setup, type AnyStateMachine } from 'xstate';
import { begin, commit, readRow, write } from './database.ts';
import { topicOf, type KafkaRecord } from './kafka.ts';
import { never, once, type ActorDef } from './ActorDef.ts';
import type { World } from './World.ts';
import { updateDb } from './internal/plainUpdate.ts';
import { canSpend, spend } from './internal/spend.ts';
import type { FaultDeclarations } from './FaultDeclarations.ts';

/** How a consumer is configured; every field is a knob of SCENARIOS.md. */
export interface ConsumerConfig {
  topic: string;
  partitions: number;
  /** `after`: process, then commit the offset (at least once). `before`: commit, then process (at most once). */
  commit: 'after' | 'before';
  /** `eventId`: skip a record whose id is already recorded, recording it in the effect's own transaction. */
  dedup: 'none' | 'eventId';
  /**
   * `store`: the effect is the consumer's own store (`applied`). `database`: the effect is a
   * transaction on the service's own database (listen-to-yourself): the account row is updated
   * and, with dedup, the eventId inserted into `processed` in the same transaction.
   */
  sink: 'store' | 'database';
  /** Lane and names: the downstream consumer, or the service listening to itself. */
  name: string;
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
 * A Kafka consumer of one topic as an actor: it takes the next record of any partition, applies
 * its effect (deduplicated by eventId if configured) and commits its offset, in the configured
 * order. A crash loses the position and restarts from the committed offsets; the store and the
 * committed offsets survive.
 */
export function consumerDef(config: ConsumerConfig, index: number): ActorDef {
  const me = (w: World) => w.consumers[index]!;
  const recordAt = (w: World, p: number, offset: number): KafkaRecord => topicOf(w.kafka, config.topic).partitions[p]![offset]!;
  const ready = (w: World): readonly number[] => {
    const parts = topicOf(w.kafka, config.topic).partitions;
    const positions = me(w).positions;
    // One partition is the common case: answer it without building a list.
    if (positions.length === 1) return positions[0]! < parts[0]!.length ? once : never;
    const out: number[] = [];
    positions.forEach((pos, p) => {
      if (pos < parts[p]!.length) out.push(p);
    });
    return out;
  };
  const process = (w: World, r: KafkaRecord) => {
    const c = me(w);
    if (config.dedup === 'eventId' && c.dedup.includes(r.id)) return;
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
    c.applied = [...c.applied, r.change ?? r.id];
    if (config.dedup === 'eventId') c.dedup = insertedSorted(c.dedup, r.id);
  };
  const lane = config.sink === 'database' ? 'Service' : 'Consumer';
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
    claim: (w) => void (w.consumers = w.consumers.with(index, { ...me(w) })),
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
        c.committed = c.committed.with(c.cursor, c.positions[c.cursor]!);
        c.cursor = -1;
      },
      fetch(w, _s, p) {
        const c = me(w);
        c.positions = c.positions.with(p, c.positions[p]! + 1);
        c.committed = c.committed.with(p, c.positions[p]!);
        c.cursor = p;
      },
      applyFetched(w, _s, _a, base) {
        const c = me(w);
        process(w, recordAt(base, c.cursor, c.positions[c.cursor]! - 1));
        c.cursor = -1;
      },
      crash(w) {
        const c = me(w);
        c.positions = c.committed;
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

/** The initial state of a consumer with `partitions` partitions. */
export function initialConsumer(partitions: number) {
  return { at: 'idle', positions: Array<number>(partitions).fill(0), committed: Array<number>(partitions).fill(0), cursor: -1, applied: [] as string[], dedup: [] as string[] };
}

/** `list` (sorted) with `id` inserted in order: a new list. */
function insertedSorted(list: readonly string[], id: string): string[] {
  let i = 0;
  while (i < list.length && list[i]! < id) i++;
  return list.toSpliced(i, 0, id);
}
