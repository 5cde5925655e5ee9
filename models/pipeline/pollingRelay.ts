import { setup } from 'xstate';
import { begin, commit, readRow, tableOf, write } from '../world/database.ts';
import { append } from '../world/kafka.ts';
import { never, once, type ActorDef } from '../world/ActorDef.ts';
import type { Value } from '../world/database.ts';
import type { World } from '../world/World.ts';
import { updateDb, updateKafka } from '../world/internal/plainUpdate.ts';
import { spend } from '../world/internal/spend.ts';

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
 * The relay as an actor. It reads committed rows only (its own connection); the outbox needs a
 * `sent` column (last). Its crashes draw on the `connectorCrash` budget: it is the pipeline's
 * process in this strategy.
 */
export function pollingRelayDef(topicPrefix: string): ActorDef {
  const unsent = (w: World): Value[] | undefined => {
    const t = tableOf(w.db, 'outbox');
    return t.rows.find((r) => r[t.columns.length - 1] === 0);
  };
  return {
    lane: 'Relay',
    machine: pollingRelayMachine,
    count: 1,
    name: () => 'relay',
    at: (w) => w.relay!.at,
    setAt: (w, _s, at) => void (w.relay!.at = at),
    claim: (w) => void (w.relay = { ...w.relay! }),
    enabled(w, _s, event) {
      if (event === 'POLL') return unsent(w) ? once : never;
      if (event === 'CRASH') return w.budget.connectorCrash > 0 ? once : never;
      return once;
    },
    detail: (w, _s, event) => (event === 'POLL' ? String(unsent(w)?.[0] ?? '') : (w.relay!.row ?? '')),
    effects: {
      selectUnsent(w) {
        w.relay!.row = String(unsent(w)![0]);
      },
      publishRow(w, _s, _a, base) {
        const row = readRow(base.db, 'outbox', w.relay!.row!)!;
        const [id, type, agg, , payload] = row;
        updateKafka(w, (k) => append(k, `${topicPrefix}${type}`, { key: String(agg), id: String(id), change: String(id), op: null, value: JSON.parse(String(payload)) as Record<string, Value> }));
      },
      markSent(w) {
        const id = w.relay!.row!;
        updateDb(w, (db) => {
          const xid = begin(db);
          const row = readRow(db, 'outbox', id, xid)!;
          row[row.length - 1] = 1;
          write(db, xid, { table: 'outbox', op: 'u', pk: id, values: row, tag: null });
          commit(db, xid);
        });
        w.relay!.row = null;
      },
      crash(w) {
        spend(w, 'connectorCrash');
        w.relay!.row = null;
      },
    },
    verbs: { POLL: 'RelayPoll', PUBLISH: 'RelayPublish', MARK: 'RelayMarkSent', CRASH: 'CrashRelay' },
    faults: ['CRASH'],
    targets: { POLL: 'DB', PUBLISH: 'Kafka', MARK: 'DB' },
  };
}
