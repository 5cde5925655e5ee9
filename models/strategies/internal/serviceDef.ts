import type { AnyStateMachine } from 'xstate';
import { abort, begin, commit, isLocked, write } from '../../world/database.ts';
import { append } from '../../world/kafka.ts';
import { never, once, type ActorDef } from '../../world/ActorDef.ts';
import type { Request, World } from '../../world/World.ts';
import type { ServiceConfig } from '../ServiceConfig.ts';
import { updateDb, updateKafka } from '../../world/internal/plainUpdate.ts';
import { canSpend, spend } from '../../world/internal/spend.ts';
import type { FaultDeclarations } from '../../world/FaultDeclarations.ts';
import { compileMachine } from '../../world/internal/compileMachine.ts';

/** The faults a service instance can inject. */
export const serviceFaults = {
  /** The service process dies, aborting its open transaction; it moves on to its next request. */
  serviceCrash: 'a service instance dies, aborting its open transaction',
  /** The database rejects the commit (a serialisation failure, a lost connection). */
  commitFail: 'the database rejects a commit',
  /** A producer request times out: the record was appended but the ack is lost. */
  network: 'a publish is appended but its ack is lost',
} as const satisfies FaultDeclarations;

/**
 * The service actor of a write strategy. Every strategy is a machine over one shared
 * vocabulary of events and effects, so a new strategy is only a new machine:
 *
 * events (enabled when):
 * - `WRITE` / `WRITE_OUTBOX` / `PUBLISH` from `idle`: a request is left and its row is not locked;
 * - `COMMIT`, `PUBLISH` elsewhere: always; `RETRY`: retries left; `GIVE_UP`: no retries left;
 * - faults `COMMIT_FAIL`, `CRASH`, `PUBLISH_ACK_LOST`, `RETRY_ACK_LOST`: within their budgets.
 *
 * effects: `beginWrite` (begin + update the account row), `beginWriteWithOutbox` (also insert
 * the outbox row, and delete it again if configured), `commit`, `abortFailed` (the commit
 * failed: rolled back), `publish` (append the event to the topic), `loseAck`, `useRetry`,
 * `finish` (the request is done), `crash` (volatile state lost, open transaction rolled back
 * by the dropped connection, the request abandoned: the client sees an error and does not retry).
 */
export function serviceDef(machine: AnyStateMachine, config: ServiceConfig): ActorDef {
  const req = (w: World, self: number): Request | undefined => config.requests[self]![w.services[self]!.next];
  const mustReq = (w: World, self: number): Request => {
    const r = req(w, self);
    if (!r) throw new Error(`svc${self + 1} has no request`);
    return r;
  };
  const finish = (w: World, self: number) => {
    const s = w.services[self]!;
    s.next++;
    s.xid = null;
    s.retries = config.retries;
  };
  const publish = (w: World, self: number) => {
    const r = mustReq(w, self);
    const s = w.services[self]!;
    updateKafka(w, (k) => append(k, config.topic, { key: r.agg, id: r.id, change: r.id, op: null, value: { accountId: r.agg, balance: r.value }, ...(config.idempotent ? { seq: s.next } : {}) }, config.idempotent));
  };
  const startWrite = (w: World, self: number, outbox: boolean) => {
    const r = mustReq(w, self);
    w.services[self]!.xid = updateDb(w, (db) => {
      const xid = begin(db);
      write(db, xid, { table: 'account', op: 'u', pk: r.agg, values: [r.agg, r.value], tag: r.id });
      if (!outbox) return xid;
      const payload = JSON.stringify({ accountId: r.agg, balance: r.value });
      const row = [r.id, 'Account', r.agg, 'BalanceChanged', payload, ...(config.sentColumn ? [0] : [])];
      write(db, xid, { table: 'outbox', op: 'c', pk: r.id, values: row, tag: r.id });
      if (config.deleteAfterInsert) write(db, xid, { table: 'outbox', op: 'd', pk: r.id, values: null, tag: r.id });
      return xid;
    });
  };
  return {
    lane: 'Service',
    machine,
    count: config.requests.length,
    name: (self) => `svc${self + 1}`,
    at: (w, self) => w.services[self]!.at,
    setAt: (w, self, at) => void (w.services[self]!.at = at),
    claim: (w, self) => void (w.services = w.services.with(self, { ...w.services[self]! })),
    enabled(w, self, event) {
      const s = w.services[self]!;
      switch (event) {
        case 'WRITE':
        case 'WRITE_OUTBOX': {
          const r = req(w, self);
          return r && !isLocked(w.db, null, 'account', r.agg) ? once : never;
        }
        case 'PUBLISH':
          return s.at !== 'idle' || req(w, self) ? once : never;
        case 'COMMIT':
          return once;
        case 'COMMIT_FAIL':
          return canSpend(w, 'commitFail') ? once : never;
        case 'CRASH':
          return canSpend(w, 'serviceCrash') ? once : never;
        case 'PUBLISH_ACK_LOST':
          return canSpend(w, 'network') ? once : never;
        case 'RETRY':
          return s.retries > 0 ? once : never;
        case 'RETRY_ACK_LOST':
          return s.retries > 0 && canSpend(w, 'network') ? once : never;
        case 'GIVE_UP':
          return s.retries === 0 ? once : never;
        default:
          return never;
      }
    },
    detail: (w, self) => req(w, self)?.id ?? '',
    effects: {
      beginWrite: (w, self) => startWrite(w, self, false),
      beginWriteWithOutbox: (w, self) => startWrite(w, self, true),
      commit(w, self) {
        const s = w.services[self]!;
        const r = mustReq(w, self);
        const xid = s.xid!;
        const lsn = updateDb(w, (db) => commit(db, xid));
        s.xid = null;
        if (lsn !== null) w.ghost = { ...w.ghost, committed: [...w.ghost.committed, { id: r.id, agg: r.agg, lsn }] };
      },
      abortFailed(w, self) {
        const s = w.services[self]!;
        const xid = s.xid!;
        updateDb(w, (db) => abort(db, xid));
        s.xid = null;
        spend(w, 'commitFail');
      },
      publish,
      loseAck: (w) => void spend(w, 'network'),
      useRetry: (w, self) => void w.services[self]!.retries--,
      finish,
      crash(w, self) {
        const s = w.services[self]!;
        const xid = s.xid;
        if (xid !== null) updateDb(w, (db) => abort(db, xid));
        spend(w, 'serviceCrash');
        finish(w, self);
      },
    },
    verbs: {
      WRITE: 'ServiceWrite',
      WRITE_OUTBOX: 'ServiceWriteWithOutbox',
      COMMIT: 'ServiceCommit',
      COMMIT_FAIL: 'FailCommit',
      PUBLISH: 'ServicePublish',
      PUBLISH_ACK_LOST: 'ServicePublishLoseAck',
      RETRY: 'ServiceRetryPublish',
      RETRY_ACK_LOST: 'ServiceRetryLoseAck',
      GIVE_UP: 'ServiceGiveUp',
      CRASH: 'CrashService',
    },
    faults: ['COMMIT_FAIL', 'CRASH', 'PUBLISH_ACK_LOST', 'RETRY_ACK_LOST'],
    budgets: serviceFaults,
    targets: { WRITE: 'DB', WRITE_OUTBOX: 'DB', COMMIT: 'DB', COMMIT_FAIL: 'DB', PUBLISH: 'Kafka', PUBLISH_ACK_LOST: 'Kafka', RETRY: 'Kafka', RETRY_ACK_LOST: 'Kafka' },
  };
}

/** The effects of `serviceDef` that append to Kafka, and the fault budget each effect that spends one spends. */
const kafkaEffects = new Set(['publish']);
const effectBudgets: Readonly<Record<string, keyof typeof serviceFaults>> = { abortFailed: 'commitFail', crash: 'serviceCrash', loseAck: 'network' };

/**
 * What the service actor of `machine` can touch besides the database, its own record and the
 * ghost's committed list, read from the effects its transitions fire (`compileMachine`, which
 * asks xstate): whether it appends to Kafka, and which fault budgets it can spend.
 * Partial-order reduction's footprints use it (`worldIndependence`): an outbox service, which
 * never publishes, does not touch the topics the connector appends to, nor the network budget
 * that the connector's sends spend.
 */
export function serviceReach(machine: AnyStateMachine): { publishes: boolean; budgets: (keyof typeof serviceFaults)[] } {
  const effects = new Set(Object.values(compileMachine(machine).table).flatMap((ts) => ts.flatMap((t) => t.effects)));
  return { publishes: [...effects].some((e) => kafkaEffects.has(e)), budgets: [...new Set([...effects].flatMap((e) => effectBudgets[e] ?? []))] };
}
