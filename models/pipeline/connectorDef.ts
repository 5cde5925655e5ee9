import { confirmSlot, createSlot, dropSlot, nextStreamedChange, slotCreationWaitsFor, slotOf, tableAsOf, named, tableOf, type Database, type StreamPosition, type WalTxn } from '../world/database.ts';
import { append, frozenRecord } from '../world/kafka.ts';
import { never, once, type ActorDef } from '../world/ActorDef.ts';
import type { World } from '../world/World.ts';
import { updateDb, updateKafka } from '../world/internal/plainUpdate.ts';
import type { ConnectorConfig } from './ConnectorConfig.ts';
import type { ConnectorState, Offset, Pending } from './ConnectorState.ts';
import { connectorMachine } from './connectorMachine.ts';
import { outboxEventRouter, tableTopicRouter, type ChangeEvent } from './outboxEventRouter.ts';
import { canSpend, spend } from '../world/internal/spend.ts';
import type { FaultDeclarations } from '../world/FaultDeclarations.ts';

/** The faults a Debezium connector (its Kafka Connect task and producer, and its slot) can inject. */
export const connectorFaults = {
  /** A producer request times out: an ack is lost, or a send fails (the task may fail with it). */
  network: 'a producer request times out: an ack is lost or a send fails',
  /** The Kafka Connect task dies and restarts from its last flushed offsets. */
  connectorCrash: 'the connector task dies and restarts from its flushed offsets',
  /** The replication slot is dropped by an operator or invalidated (`max_slot_wal_keep_size`). */
  slotLoss: 'the replication slot is dropped or invalidated while the connector runs',
} as const satisfies FaultDeclarations;

/**
 * The Debezium connector as an actor of the world: guards and effects of `connectorMachine`.
 *
 * Mechanisms, as Debezium and Kafka Connect implement them:
 * - On start with no slot, the slot is created at the current WAL position (its consistent
 *   point). The exported snapshot reads the tables as of exactly that point, and streaming
 *   starts there. On a restart whose slot already exists, the snapshot transaction takes its
 *   view and reads the current LSN in the same REPEATABLE READ transaction.
 * - Records carry source offsets; the producer acknowledges them; Kafka Connect flushes the
 *   offset of the last acknowledged record (every `flushEvery` records, or when idle), and only
 *   then does the connector confirm that LSN to the slot.
 * - A crash keeps only the flushed offsets: an unfinished snapshot is redone, otherwise
 *   streaming resumes after the stored position (`lsn_commit`, `lsn_proc`): whole transactions
 *   in commit order, minus the changes already processed of the one in progress. Everything
 *   since the last flush is produced again.
 * - Producer: with one request in flight, a send is appended and acknowledged at once; a lost
 *   ack appends but leaves the record to be retried (a duplicate unless idempotent). With more
 *   in flight, a failed send of an earlier batch retried after a later one reorders, unless
 *   the producer is idempotent, in which case the broker's sequence numbers force a resend in
 *   order and drop duplicates.
 */
export function connectorDef(config: ConnectorConfig, index = 0, count = 1): ActorDef {
  const route = config.route === 'outbox' ? outboxEventRouter(config.topicPrefix) : tableTopicRouter(config.topicPrefix);
  const me = (w: World): ConnectorState => w.connectors[index]!;
  const slotName = config.slotName;
  const mySlot = (db: Database) => slotOf(db, slotName);
  const one = config.producer.maxInFlight <= 1;
  const rows = (w: World) => tableAsOf(w.db, config.tables, me(w).view!);
  // The guards of one state ask for the next streamed change several times (to read it, to
  // know whether the connector is idle, whether a crash would matter): the last answer is kept.
  let lastWal: readonly WalTxn[] | null = null;
  let lastPos: StreamPosition | null = null;
  let lastNext: ReturnType<typeof nextStreamedChange> = null;
  const nextChange = (db: Database, pos: StreamPosition) => {
    if (db.wal !== lastWal || pos !== lastPos) {
      lastNext = nextStreamedChange(db, config.tables, pos);
      lastWal = db.wal;
      lastPos = pos;
    }
    return lastNext;
  };
  const drained = (c: ConnectorState) => c.buffer.length === 0 && c.inflight.length === 0;
  const needSnapshot = (w: World): boolean => {
    const s = me(w).stored;
    const fresh = s === null || s.snapshot;
    switch (config.snapshotMode) {
      case 'always':
        return true;
      case 'no_data':
        return false;
      case 'when_needed':
        return fresh || mySlot(w.db) === null || s!.commitLsn < mySlot(w.db)!.confirmedLsn;
      default:
        return fresh;
    }
  };
  const slotReady = (w: World): boolean => mySlot(w.db) !== null || slotCreationWaitsFor(w.db).length === 0;
  const nothingToRead = (w: World): boolean => {
    const c = me(w);
    if (c.at === 'streaming') return nextChange(w.db, c.pos) === null;
    return c.at === 'stopped';
  };
  const sameOffset = (a: Offset | null, b: Offset | null) => a === b || (a !== null && b !== null && a.commitLsn === b.commitLsn && a.lsn === b.lsn && a.snapshot === b.snapshot);
  const quiescent = (w: World) => drained(me(w)) && nothingToRead(w) && sameOffset(me(w).acked, me(w).stored);

  const emit = (w: World, e: ChangeEvent, offset: Offset) => {
    const c = me(w);
    const routed = route(e);
    if (routed) {
      const seq = c.seq++;
      // Frozen now, so that every append of this record (resends included) shares it.
      const record = frozenRecord(config.producer.idempotent ? { ...routed.record, seq } : routed.record);
      c.buffer = [...c.buffer, { topic: routed.topic, record, seq, offset, tries: 0 }];
      return;
    }
    // A transform that drops an event still lets its offset be committed, after what precedes it.
    // Pending entries are replaced, never changed in place, so states can share them.
    if (c.buffer.length > 0) c.buffer = c.buffer.with(-1, { ...c.buffer.at(-1)!, offset });
    else if (c.inflight.length > 0) c.inflight = c.inflight.with(-1, { ...c.inflight.at(-1)!, offset });
    else acknowledge(c, offset);
  };
  const acknowledge = (c: ConnectorState, offset: Offset) => {
    c.acked = offset;
    c.unflushed++;
  };
  const acked = (c: ConnectorState, p: Pending) => {
    // Kafka Connect commits an offset only once every earlier record is acknowledged.
    if (!c.buffer.some((q) => q.seq < p.seq) && !c.inflight.some((q) => q.seq < p.seq)) acknowledge(c, p.offset);
  };
  const appendPending = (w: World, p: Pending) => updateKafka(w, (k) => append(k, p.topic, p.record, config.producer.idempotent));

  return {
    lane: count === 1 ? 'Connector' : `Connector${index + 1}`,
    machine: connectorMachine,
    count: 1,
    name: () => (count === 1 ? 'connector' : `connector${index + 1}`),
    at: (w) => me(w).at,
    setAt: (w, _s, at) => void (me(w).at = at),
    claim: (w) => void (w.connectors = w.connectors.with(index, { ...me(w) })),
    enabled(w, _s, event) {
      const c = me(w);
      switch (event) {
        // Creating the slot waits for every transaction that has written (PostgreSQL, see
        // `slotCreationWaitsFor`): their commits then fall below the consistent point.
        case 'SNAPSHOT':
          return needSnapshot(w) && slotReady(w) ? once : never;
        case 'STREAM':
          return !needSnapshot(w) && config.snapshotMode !== 'initial_only' && slotReady(w) ? once : never;
        case 'STOP':
          return !needSnapshot(w) && config.snapshotMode === 'initial_only' ? once : never;
        case 'READ_LSN':
          return c.start === null ? once : never;
        case 'READ_ROW':
          return c.start !== null && c.cursor < rows(w).length ? once : never;
        case 'SNAPSHOT_DONE':
        case 'SNAPSHOT_DONE_STOP':
          return c.start !== null && (config.snapshotMode === 'initial_only') === (event === 'SNAPSHOT_DONE_STOP') && c.cursor >= rows(w).length && drained(c) ? once : never;
        case 'STREAM_CHANGE':
          return nextChange(w.db, c.pos) ? once : never;
        case 'SEND':
          return c.buffer.length > 0 && c.inflight.length < config.producer.maxInFlight ? once : never;
        case 'ACK':
          return !one && c.inflight.length > 0 ? once : never;
        case 'ACK_LOST':
        case 'ACK_LOST_TASK_FAILED': {
          const head = one ? c.buffer[0] : c.inflight[0];
          return canSpend(w, 'network') && head && (head.tries < config.producer.retries) === (event === 'ACK_LOST') ? once : never;
        }
        case 'SEND_FAILED':
        case 'SEND_FAILED_TASK_FAILED': {
          const head = c.inflight[0];
          return canSpend(w, 'network') && !one && head && (head.tries < config.producer.retries) === (event === 'SEND_FAILED') ? once : never;
        }
        case 'FLUSH':
          return c.acked !== null && !sameOffset(c.acked, c.stored) && (c.unflushed >= config.flushEvery || (drained(c) && nothingToRead(w))) ? once : never;
        case 'CRASH':
          return canSpend(w, 'connectorCrash') && !quiescent(w) ? once : never;
        case 'SLOT_LOST':
          return canSpend(w, 'slotLoss') && mySlot(w.db) !== null ? once : never;
        default:
          return never;
      }
    },
    detail(w, _s, event) {
      const c = me(w);
      if (event === 'READ_ROW') return rows(w)[c.cursor]?.pk ?? '';
      if (event === 'STREAM_CHANGE') {
        const n = nextChange(w.db, c.pos);
        return n ? `${n.change.op} ${n.change.pk}@${n.change.lsn}` : '';
      }
      if (event === 'SEND') return c.buffer[0]?.record.id ?? '';
      if (event === 'ACK_LOST' || event === 'ACK_LOST_TASK_FAILED') return (one ? c.buffer[0] : c.inflight[0])?.record.id ?? '';
      if (event === 'ACK' || event === 'SEND_FAILED' || event === 'SEND_FAILED_TASK_FAILED') return c.inflight[0]?.record.id ?? '';
      if (event === 'FLUSH') return `lsn ${c.acked?.commitLsn}/${c.acked?.lsn}${c.acked?.snapshot ? ' (snapshot)' : ''}`;
      return '';
    },
    effects: {
      beginSnapshot(w) {
        const c = me(w);
        if (mySlot(w.db) === null) updateDb(w, (db) => createSlot(db, slotName));
        c.view = w.db.nextLsn;
        c.start = config.handover === 'exported' ? c.view : null;
        c.cursor = 0;
      },
      beginStream(w) {
        const c = me(w);
        const slot = mySlot(w.db) ?? updateDb(w, (db) => createSlot(db, slotName));
        const s = c.stored;
        // The server streams a slot from its confirmed position at the earliest, whatever the
        // client asks for: a new slot cannot give what was committed before it existed.
        c.pos = s && !s.snapshot && s.commitLsn >= slot.confirmedLsn ? { commitLsn: s.commitLsn, lsn: s.lsn } : { commitLsn: slot.confirmedLsn, lsn: -1 };
        c.start = c.pos.commitLsn;
      },
      readStartLsn(w) {
        me(w).start = w.db.nextLsn;
      },
      readRow(w, _s, _a, base) {
        const c = me(w);
        const r = rows(base)[c.cursor++]!;
        const columns = tableOf(base.db, r.table).columns;
        emit(w, { op: 'r', table: r.table, pk: r.pk, after: named(columns, r.values), lsn: r.version, tag: r.tag }, { commitLsn: c.start!, lsn: -1, snapshot: true });
      },
      completeSnapshot(w) {
        const c = me(w);
        w.ghost = { ...w.ghost, snapshots: insertedSorted(w.ghost.snapshots, c.view!) };
        c.pos = { commitLsn: c.start!, lsn: -1 };
        c.view = null;
        acknowledge(c, { commitLsn: c.start!, lsn: -1, snapshot: false });
      },
      streamChange(w, _s, _a, base) {
        const c = me(w);
        const { txn, change } = nextChange(base.db, c.pos)!;
        c.pos = { commitLsn: txn.commitLsn, lsn: change.lsn };
        w.ghost = { ...w.ghost, streamed: insertedSorted(w.ghost.streamed, change.lsn) };
        emit(w, { op: change.op, table: change.table, pk: change.pk, after: change.after, lsn: change.lsn, tag: change.tag }, { commitLsn: txn.commitLsn, lsn: change.lsn, snapshot: false });
      },
      send(w) {
        const c = me(w);
        const p = c.buffer[0]!;
        c.buffer = c.buffer.slice(1);
        if (one) {
          appendPending(w, p);
          acked(c, p);
        } else c.inflight = [...c.inflight, p];
      },
      ack(w) {
        const c = me(w);
        const p = c.inflight[0]!;
        c.inflight = c.inflight.slice(1);
        appendPending(w, p);
        acked(c, p);
      },
      ackLost(w) {
        const c = me(w);
        spend(w, 'network');
        if (one) {
          appendPending(w, c.buffer[0]!);
          c.buffer = c.buffer.with(0, retried(c.buffer[0]!));
        } else {
          const p = c.inflight[0]!;
          c.inflight = c.inflight.slice(1);
          appendPending(w, p);
          c.buffer = [retried(p), ...c.buffer];
        }
      },
      sendFailed(w) {
        const c = me(w);
        spend(w, 'network');
        if (config.producer.idempotent) {
          c.buffer = [...c.inflight.map((p, i) => (i === 0 ? retried(p) : p)), ...c.buffer];
          c.inflight = [];
        } else {
          c.buffer = [retried(c.inflight[0]!), ...c.buffer];
          c.inflight = c.inflight.slice(1);
        }
      },
      appendHead(w) {
        const c = me(w);
        appendPending(w, (one ? c.buffer[0] : c.inflight[0])!);
      },
      failTask(w) {
        const c = me(w);
        spend(w, 'network');
        restart(c);
      },
      flush(w) {
        const c = me(w);
        c.stored = c.acked;
        c.unflushed = 0;
        const stored = c.stored;
        if (stored && !stored.snapshot) updateDb(w, (db) => confirmSlot(db, stored.commitLsn, slotName));
      },
      crash(w) {
        const c = me(w);
        spend(w, 'connectorCrash');
        restart(c);
      },
      loseSlot(w) {
        const c = me(w);
        spend(w, 'slotLoss');
        updateDb(w, (db) => dropSlot(db, slotName));
        restart(c);
      },
    },
    verbs: {
      SNAPSHOT: 'ConnectorStartSnapshot',
      STREAM: 'ConnectorStartStreaming',
      STOP: 'ConnectorStop',
      READ_LSN: 'ConnectorReadStartLsn',
      READ_ROW: 'ConnectorReadRow',
      SNAPSHOT_DONE: 'ConnectorCompleteSnapshot',
      SNAPSHOT_DONE_STOP: 'ConnectorCompleteSnapshot',
      STREAM_CHANGE: 'ConnectorReadWal',
      // With one request in flight a send is appended and acknowledged in the same step.
      SEND: one ? 'BrokerAppend' : 'ProducerSend',
      ACK: 'BrokerAppendAck',
      ACK_LOST: 'LoseAck',
      SEND_FAILED: 'FailSend',
      ACK_LOST_TASK_FAILED: 'LoseAckTaskFails',
      SEND_FAILED_TASK_FAILED: 'FailSendTaskFails',
      FLUSH: 'ConnectorFlushOffsets',
      CRASH: 'CrashConnector',
      SLOT_LOST: 'DbDropSlot',
    },
    faults: ['ACK_LOST', 'SEND_FAILED', 'ACK_LOST_TASK_FAILED', 'SEND_FAILED_TASK_FAILED', 'CRASH', 'SLOT_LOST'],
    budgets: connectorFaults,
    targets: { SLOT_LOST: 'WAL', SEND: 'Kafka', ACK: 'Kafka', ACK_LOST: 'Kafka', READ_ROW: 'DB', STREAM_CHANGE: 'WAL', FLUSH: 'WAL', SNAPSHOT: 'WAL' },
  };
}

/** A task restart: everything volatile is gone and only the flushed offsets remain. Mutates `c`. */
function restart(c: ConnectorState): void {
  Object.assign(c, { view: null, start: null, cursor: 0, pos: { commitLsn: 0, lsn: -1 }, buffer: [], inflight: [], acked: c.stored, unflushed: 0 });
}

/** The same pending record with one more failed attempt (replaced, not changed in place). */
function retried(p: Pending): Pending {
  return { ...p, tries: p.tries + 1 };
}

/** `list` (sorted, without repeats) with `n` inserted in order: a new list, or `list` when it holds `n`. */
function insertedSorted(list: readonly number[], n: number): number[] {
  let i = 0;
  while (i < list.length && list[i]! < n) i++;
  return list[i] === n ? (list as number[]) : list.toSpliced(i, 0, n);
}
