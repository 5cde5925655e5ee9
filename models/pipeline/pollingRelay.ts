import { setup } from 'xstate';
import { begin, commit, readRow, tableOf, write } from '../world/database.ts';
import { append } from '../world/kafka.ts';
import { never, once, type ActorDef } from '../world/ActorDef.ts';
import type { Value } from '../world/database.ts';
import type { World } from '../world/World.ts';
import { updateDb, updateKafka } from '../world/internal/plainUpdate.ts';
import { canSpend, spend } from '../world/internal/spend.ts';
import type { FaultDeclarations } from '../world/FaultDeclarations.ts';

const noop = () => {};

/** The relay's event vocabulary, shared by every relay variant. */
export type RelayEvent = { type: 'POLL' } | { type: 'PUBLISH' } | { type: 'MARK' } | { type: 'CRASH' };

/** The relay's effect names, each doing nothing when run (the world applies them): a variant's `setup` spreads them. */
export const relayActions = { selectUnsent: noop, publishRow: noop, markSent: noop, crash: noop };

/**
 * The polling publisher (microservices.io): select the oldest unsent outbox row, publish it,
 * then mark it sent in a second transaction. A crash between the publish and the mark
 * publishes the row again after the restart.
 */
export const pollingRelayMachine = setup({
  types: { events: {} as RelayEvent },
  actions: relayActions,
}).createMachine({
  id: 'polling-relay',
  initial: 'idle',
  states: {
    idle: { on: { POLL: { target: 'publishing', actions: 'selectUnsent' } } },
    publishing: { on: { PUBLISH: { target: 'published', actions: 'publishRow' }, CRASH: { target: 'idle', actions: 'crash' } } },
    published: { on: { MARK: { target: 'idle', actions: 'markSent' }, CRASH: { target: 'idle', actions: 'crash' } } },
  },
});

/**
 * How one polling relay reads the outbox. `none`: a plain `SELECT` of the oldest unsent row, so
 * two relays may both take the same row and publish it twice. `skip-locked`: `SELECT … FOR
 * UPDATE SKIP LOCKED`: the relay locks the row it takes until it has marked it sent (or its
 * connection drops in a crash), and skips rows other such relays hold.
 */
export interface RelayConfig {
  locking: 'none' | 'skip-locked';
}

/** One relay without locking: the polling publisher of the catalogue. */
export const defaultRelays: readonly RelayConfig[] = [{ locking: 'none' }];

/** Relay `index`'s lane and name among `count` relays: `Relay`/`relay` alone, `Relay2`/`relay2` among several. */
export function relayLane(index: number, count: number): { lane: string; name: string } {
  return count === 1 ? { lane: 'Relay', name: 'relay' } : { lane: `Relay${index + 1}`, name: `relay${index + 1}` };
}

/**
 * The faults a polling relay can inject. Its crash draws on `connectorCrash`, the budget of the
 * pipeline process's crash, so that scenarios of either pipeline share one knob.
 */
export const relayFaults = {
  /** The relay process dies, forgetting the row it was publishing. */
  connectorCrash: 'the pipeline process (connector or relay) dies',
} as const satisfies FaultDeclarations;

/**
 * Relay `index` of `relays` as an actor, an instance with its own record (`World.relays`), lane
 * and name. It reads committed rows only (its own connection); the outbox needs a `sent`
 * column (last). Its crashes draw on the `connectorCrash` budget: it is the pipeline's process
 * in this strategy.
 */
export function pollingRelayDef(topicPrefix: string, index = 0, relays: readonly RelayConfig[] = defaultRelays): ActorDef {
  const config = relays[index]!;
  const me = (w: World) => w.relays[index]!;
  // Rows held by the other relays that lock what they take.
  const heldByOthers = (w: World, id: Value): boolean => {
    for (let k = 0; k < relays.length; k++) if (k !== index && relays[k]!.locking === 'skip-locked' && w.relays[k]!.row === id) return true;
    return false;
  };
  const unsent = (w: World): Value[] | undefined => {
    const t = tableOf(w.db, 'outbox');
    const sent = t.columns.length - 1;
    return config.locking === 'skip-locked' ? t.rows.find((r) => r[sent] === 0 && !heldByOthers(w, r[0]!)) : t.rows.find((r) => r[sent] === 0);
  };
  const { lane, name } = relayLane(index, relays.length);
  return {
    lane,
    machine: pollingRelayMachine,
    count: 1,
    name: () => name,
    at: (w) => me(w).at,
    setAt: (w, _s, at) => void (me(w).at = at),
    claim: (w) => void (w.relays = w.relays.with(index, { ...me(w) })),
    enabled(w, _s, event) {
      if (event === 'POLL') return unsent(w) ? once : never;
      if (event === 'CRASH') return canSpend(w, 'connectorCrash') ? once : never;
      return once;
    },
    detail: (w, _s, event) => (event === 'POLL' ? String(unsent(w)?.[0] ?? '') : (me(w).row ?? '')),
    effects: {
      selectUnsent(w) {
        me(w).row = String(unsent(w)![0]);
      },
      publishRow(w, _s, _a, base) {
        const row = readRow(base.db, 'outbox', me(w).row!)!;
        const [id, type, agg, , payload] = row;
        updateKafka(w, (k) => append(k, `${topicPrefix}${type}`, { key: String(agg), id: String(id), change: String(id), op: null, value: JSON.parse(String(payload)) as Record<string, Value> }));
      },
      markSent(w) {
        const id = me(w).row!;
        updateDb(w, (db) => {
          const xid = begin(db);
          const row = readRow(db, 'outbox', id, xid)!;
          row[row.length - 1] = 1;
          write(db, xid, { table: 'outbox', op: 'u', pk: id, values: row, tag: null });
          commit(db, xid);
        });
        me(w).row = null;
      },
      crash(w) {
        spend(w, 'connectorCrash');
        me(w).row = null;
      },
    },
    verbs: { POLL: 'RelayPoll', PUBLISH: 'RelayPublish', MARK: 'RelayMarkSent', CRASH: 'CrashRelay' },
    faults: ['CRASH'],
    budgets: relayFaults,
    targets: { POLL: 'DB', PUBLISH: 'Kafka', MARK: 'DB' },
  };
}
