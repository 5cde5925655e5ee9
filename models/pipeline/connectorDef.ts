import { createSlot, dropSlot, nextStreamedChange, tableAsOf, named, tableOf, type Database, type StreamPosition, type WalTxn } from '../world/database.ts';
import { frozenRecord } from '../world/kafka.ts';
import { never, once, type ActorDef, type Effect } from '../world/ActorDef.ts';
import type { World } from '../world/World.ts';
import { updateDb } from '../world/internal/plainUpdate.ts';
import type { ConnectorConfig } from './ConnectorConfig.ts';
import type { ConnectorState, Offset } from './ConnectorState.ts';
import { connectorMachine } from './connectorMachine.ts';
import { outboxEventRouter, routeFailed, tableTopicRouter, type ChangeEvent } from './outboxEventRouter.ts';
import { canSpend, spend } from '../world/internal/spend.ts';
import { connectorContext } from './ConnectorContext.ts';
import { connectorFaults } from './connectorFaults.ts';
import { commitDetail, offsetCommit, sameOffset } from './offsetCommit.ts';
import { ackableInFlight, inFlightOn } from './partitionAcks.ts';
import { producerEffects } from './producerEffects.ts';
import { renumberPending } from './renumberPending.ts';
import { restartTask } from './restartTask.ts';
import { commitsAtOnce, eagerOffsetCommit, startBudgets } from './eagerOffsetCommit.ts';
import { startRules } from './startRules.ts';

export { connectorFaults } from './connectorFaults.ts';

/**
 * The Debezium connector as an actor of the world: guards and effects of `connectorMachine`.
 *
 * Mechanisms, as Debezium and Kafka Connect implement them:
 * - On start with no slot, the slot is created at the current WAL position (its consistent
 *   point). The exported snapshot reads the tables as of exactly that point, and streaming
 *   starts there. A snapshot redone while the slot already exists runs READ COMMITTED: it
 *   reads the current LSN first, and its SELECT sees what has committed by the time it runs,
 *   so commits in between are both read and streamed (duplicates, never a gap).
 *   `initial_only` creates no slot. Rows come in heap order (`snapshotOrder`).
 * - Streaming starts as soon as every row is read; the offset saying the snapshot completed
 *   rides on the last snapshot record, so it is committed only after all of them. A snapshot
 *   that read no row sends no record, so no offset says it completed: a restart before a
 *   streamed record's offset is stored snapshots again.
 * - Since Debezium 3.2 (DBZ-9118), a restart whose stored position the slot no longer holds
 *   fails the task, unless `when_needed` snapshots again (`version`); from 2.6 (DBZ-7461) to
 *   3.1 the same check only logs a warning and the task streams on from a new slot.
 * - Records carry source offsets; the producer acknowledges them, in order per partition only
 *   (`ackableInFlight`): a later record on another partition may be acknowledged first. Kafka
 *   Connect's offset-commit timer (`offset.flush.interval.ms`; with no clock in the model, it
 *   may fire at any moment) stores the offset of the latest record acknowledged with every
 *   record submitted before it (`SubmittedRecords`), then calls the task's `commit()`. From
 *   DBZ-7816 on, that confirms the stored offsets to the slot; before it, the offset of the last
 *   record reported back, in callback order (`lastOffsets`), which can be past a record not yet
 *   in Kafka. A record a transform drops
 *   is never submitted, so Connect never stores its offset.
 * - A send whose retries are spent fails the task (`errors.tolerance=none`), which still
 *   commits the acknowledged prefix and restarts; with `errors.tolerance=all` the record is
 *   acknowledged as if sent, and the slot moves past it.
 * - Under `exactly.once.source.support` (KIP-618) the producer writes into a Kafka transaction
 *   that the offset commit commits together with the offsets; consumers read committed, and a
 *   crash or a failed task aborts it (`exactlyOnceSource`).
 * - A crash keeps only the flushed offsets: an unfinished snapshot is redone, otherwise
 *   streaming resumes after the stored position (`lsn_commit`, `lsn_proc`): whole transactions
 *   in commit order, minus the changes already processed of the one in progress. Everything
 *   since the last flush is produced again.
 * - Producer: `producerEffects`. Offsets and the slot confirmation: `offsetCommit`. What a
 *   starting task decides (snapshot, stream, or fail the DBZ-9118 check): `startRules`.
 * - Given `settled` (`noTaskStartLeft`), once no task can start again the offset commit follows
 *   every step instead of the timer (`eagerOffsetCommit`): from then on nothing reads what it writes.
 *
 * `index` and `count` place the instance among the world's connectors; `partitions` is the
 * partition count of the topics it writes to (`max.in.flight` bounds each partition's requests).
 * `settled`, when given, says when no task of the world can start again (`noTaskStartLeft`):
 * the world gives it for the connector without a variant, whose steps it knows.
 */
export function connectorDef(config: ConnectorConfig, index = 0, count = 1, partitions = 1, settled?: (w: World) => boolean): ActorDef {
  const route = config.route === 'outbox' ? outboxEventRouter(config.topicPrefix, config.invalidOpBehavior) : tableTopicRouter(config.topicPrefix);
  const ctx = connectorContext(config, index, partitions);
  const { me, mySlot, fixed7816 } = ctx;
  const slotName = config.slotName;
  const one = ctx.sendAndAck;
  const oc = offsetCommit(ctx);
  const { maySnapshot, mayStartWithoutSnapshot, slotReady, mayFailCheck, failsCheck } = startRules(ctx);
  // Under exactly.once.source.support a failed send fails the task whatever errors.tolerance
  // says: `ExactlyOnceWorkerSourceTask.producerSendFailed` leaves it to `commitTransaction`, which throws.
  const tolerant = config.errorsTolerance === 'all' && !config.exactlyOnceSource;
  // The rows the snapshot reads: as of its view, or, before a READ COMMITTED snapshot has run
  // its SELECT (`view` still null), as a SELECT run now would see them.
  const rows = (w: World) => tableAsOf(w.db, config.tables, me(w).view ?? w.db.nextLsn);
  // `cursor` is a bit set over the positions of `rows`: bit i set when row i was emitted.
  const unread = (w: World): number[] => {
    const c = me(w);
    const out: number[] = [];
    const n = rows(w).length;
    for (let i = 0; i < n; i++) if ((c.cursor & (1 << i)) === 0) out.push(i);
    return out;
  };
  const allRead = (w: World): boolean => me(w).cursor === 2 ** rows(w).length - 1;
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
  const nothingToRead = (w: World): boolean => {
    const c = me(w);
    if (c.at === 'streaming') return nextChange(w.db, c.pos) === null;
    return c.at === 'stopped' || c.at === 'failed';
  };
  const quiescent = (w: World) => drained(me(w)) && nothingToRead(w) && sameOffset(me(w).acked, me(w).stored) && me(w).lastOffsets === null && me(w).txn === undefined;

  // The change event of the next change streamed, and whether the router refuses it (a failed
  // transform that fails the task: `table.op.invalid.behavior=fatal` under errors.tolerance=none).
  const changeEvent = ({ change }: NonNullable<ReturnType<typeof nextStreamedChange>>): ChangeEvent => ({ op: change.op, table: change.table, pk: change.pk, after: change.after, lsn: change.lsn, tag: change.tag });
  const rejects = (n: ReturnType<typeof nextStreamedChange>) => n !== null && !tolerant && config.invalidOpBehavior === 'fatal' && routeFailed(route(changeEvent(n)));
  const emit = (w: World, e: ChangeEvent, offset: Offset) => {
    const c = me(w);
    const routed = route(e);
    // A failed transform under errors.tolerance=all is skipped (`RetryWithToleranceOperator`)
    // and the record dropped, as a drop by the router itself; under `none` it is not emitted
    // (`CHANGE_REJECTED` is taken instead).
    if (routed && !routeFailed(routed)) {
      const seq = c.seq++;
      // Frozen now, so that every append of this record (resends included) shares it.
      const record = frozenRecord(config.producer.idempotent ? { ...routed.record, seq } : routed.record);
      c.buffer = [...c.buffer, { topic: routed.topic, record, seq, offset, tries: 0 }];
      return;
    }
    oc.dropped(c, offset);
  };
  const producer = producerEffects(ctx, oc);
  // `appendHead` is followed by another effect in its step (`ACK_LOST_TASK_FAILED`, `ACK_LOST_SKIPPED`).
  const withEagerCommit = (effects: Readonly<Record<string, Effect>>) => (settled ? eagerOffsetCommit(effects, ctx, oc, settled, ['appendHead']) : effects);

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
          return maySnapshot(w) && (config.snapshotMode === 'initial_only' || slotReady(w)) && !failsCheck(w) ? once : never;
        case 'STREAM':
          return mayStartWithoutSnapshot(w) && config.snapshotMode !== 'initial_only' && slotReady(w) && !failsCheck(w) ? once : never;
        case 'STOP':
          return mayStartWithoutSnapshot(w) && config.snapshotMode === 'initial_only' ? once : never;
        case 'SLOT_CHECK_FAILED':
          return mayFailCheck(w) ? once : never;
        case 'READ_LSN':
          return c.start === null ? once : never;
        case 'READ_ROW': {
          if (c.start === null) return never;
          // The SELECT has no ORDER BY: rows come in heap order, which the search chooses.
          const left = unread(w);
          return config.snapshotOrder === 'heap' ? left : left.slice(0, 1);
        }
        // Streaming starts once every row is read, while the snapshot's records may still be
        // waiting in the producer: the completion rides on the last of them.
        case 'SNAPSHOT_DONE':
        case 'SNAPSHOT_DONE_STOP':
          return c.start !== null && (config.snapshotMode === 'initial_only') === (event === 'SNAPSHOT_DONE_STOP') && allRead(w) ? once : never;
        case 'STREAM_CHANGE': {
          const n = nextChange(w.db, c.pos);
          return n && !rejects(n) ? once : never;
        }
        case 'CHANGE_REJECTED':
          return rejects(nextChange(w.db, c.pos)) ? once : never;
        case 'SEND':
          // max.in.flight per partition: each partition's leader may be on a broker of its own.
          return c.buffer.length > 0 && inFlightOn(w.kafka, c.inflight, c.buffer[0]!) < config.producer.maxInFlight ? once : never;
        case 'ACK':
          // Any partition's first record in flight: callbacks are ordered per partition only.
          return one ? never : ackableInFlight(w.kafka, c.inflight);
        case 'ACK_LOST':
        case 'ACK_LOST_TASK_FAILED':
        case 'ACK_LOST_SKIPPED': {
          const head = one ? c.buffer[0] : c.inflight[0];
          const spent = event === 'ACK_LOST_TASK_FAILED' ? !tolerant : event === 'ACK_LOST_SKIPPED' && tolerant;
          return canSpend(w, 'network') && head && (head.tries < config.producer.retries ? event === 'ACK_LOST' : spent) ? once : never;
        }
        case 'SEND_FAILED':
        case 'SEND_FAILED_TASK_FAILED': {
          const head = c.inflight[0];
          return canSpend(w, 'network') && !one && head && (head.tries < config.producer.retries ? event === 'SEND_FAILED' : !tolerant) ? once : never;
        }
        case 'SEND_FAILED_SKIPPED': {
          // Also with one request in flight: the record never reaches Kafka and is skipped.
          const head = one ? c.buffer[0] : c.inflight[0];
          return canSpend(w, 'network') && tolerant && head && head.tries >= config.producer.retries ? once : never;
        }
        case 'FLUSH':
          // The offset-commit timer can fire whenever it would change something: new committable
          // offsets, (before DBZ-7816) a `lastOffsets` for `commit()` to confirm, or (exactly-once
          // source, `transaction.boundary=poll`: after any poll) an open transaction to commit.
          return oc.canCommit(c) ? once : never;
        case 'CRASH':
          return canSpend(w, 'connectorCrash') && !quiescent(w) ? once : never;
        case 'SLOT_LOST':
          return canSpend(w, 'slotLoss') && mySlot(w.db) !== null ? once : never;
        default:
          return never;
      }
    },
    detail(w, _s, event, arg) {
      const c = me(w);
      if (event === 'READ_ROW') return rows(w)[arg]?.pk ?? '';
      if (event === 'STREAM_CHANGE' || event === 'CHANGE_REJECTED') {
        const n = nextChange(w.db, c.pos);
        return n ? `${n.change.op} ${n.change.pk}@${n.change.lsn}` : '';
      }
      if (event === 'SEND') return c.buffer[0]?.record.id ?? '';
      if (event === 'ACK_LOST' || event === 'ACK_LOST_TASK_FAILED' || event === 'ACK_LOST_SKIPPED' || event === 'SEND_FAILED_SKIPPED') return (one ? c.buffer[0] : c.inflight[0])?.record.id ?? '';
      if (event === 'ACK') return c.inflight[arg]?.record.id ?? '';
      if (event === 'SEND_FAILED' || event === 'SEND_FAILED_TASK_FAILED') return c.inflight[0]?.record.id ?? '';
      if (event === 'SLOT_CHECK_FAILED') {
        const slot = mySlot(w.db);
        const why = slot === null ? `slot ${slotName} is gone` : `slot ${slotName}'s restart LSN ${c.stored && c.stored.lsn < slot.consistentLsn ? 'is' : 'may be'} past lsn_proc ${c.stored?.lsn}`;
        return `stored LSN ${c.stored?.commitLsn} is no longer available (${why}); use snapshot.mode=when_needed`;
      }
      if (event === 'FLUSH') return (c.txn ? `commits the transaction of ${c.txn.map((p) => p.record.id).join(', ')} with the offsets; ` : '') + commitDetail(c, fixed7816, oc.passedUnacknowledged(c));
      return '';
    },
    effects: withEagerCommit(renumberPending({
      beginSnapshot(w) {
        const c = me(w);
        c.cursor = 0;
        if (config.handover === 'legacy') {
          // Before 1.6 (DBZ-2337): the view now, the start LSN in a later step (`readStartLsn`).
          if (mySlot(w.db) === null) updateDb(w, (db) => createSlot(db, slotName));
          c.view = w.db.nextLsn;
          c.start = null;
        } else if (config.snapshotMode === 'initial_only') {
          // No slot (`PostgresConnectorTask.tryToCreateSlot` only when `shouldStream()`): a
          // SERIALIZABLE, READ ONLY, DEFERRABLE transaction reads the LSN and the rows as of one view.
          c.view = w.db.nextLsn;
          c.start = c.view;
        } else if (mySlot(w.db) === null) {
          // A new slot exports its snapshot: the rows as of exactly the slot's consistent point.
          updateDb(w, (db) => createSlot(db, slotName));
          c.view = w.db.nextLsn;
          c.start = c.view;
        } else {
          // The slot already exists (a snapshot redone): no exported snapshot, and
          // `PostgresSnapshotChangeEventSource.connectionCreated` sets no isolation level, so the
          // snapshot runs READ COMMITTED. `determineSnapshotOffset` reads the current LSN now,
          // before the data; the SELECT takes its own view later, at the first row.
          c.view = null;
          c.start = w.db.nextLsn;
        }
      },
      beginStream(w) {
        const c = me(w);
        const slot = mySlot(w.db) ?? updateDb(w, (db) => createSlot(db, slotName));
        const s = c.stored;
        // The server streams a slot from its confirmed position at the earliest, whatever the
        // client asks for: a new slot cannot give what was committed before it existed.
        c.pos = s && !s.snapshot && s.commitLsn >= slot.confirmedLsn ? { commitLsn: s.commitLsn, lsn: s.lsn, lastCommitLsn: s.lastCommitLsn } : { commitLsn: slot.confirmedLsn, lsn: -1, lastCommitLsn: null };
      },
      readStartLsn(w) {
        me(w).start = w.db.nextLsn;
      },
      readRow(w, _s, arg, base) {
        const c = me(w);
        const r = rows(base)[arg]!;
        if (c.view === null) c.view = base.db.nextLsn;
        c.cursor |= 1 << arg;
        const columns = tableOf(base.db, r.table).columns;
        emit(w, { op: 'r', table: r.table, pk: r.pk, after: named(columns, r.values), lsn: r.version, tag: r.tag }, { commitLsn: c.start!, lsn: -1, lastCommitLsn: null, snapshot: true });
      },
      completeSnapshot(w) {
        const c = me(w);
        // A READ COMMITTED snapshot of empty tables ran its SELECT now.
        const stream = w.ghost.stream;
        if (stream) w.ghost = { ...w.ghost, stream: { ...stream, snapshot: Math.max(stream.snapshot ?? -1, c.view ?? w.db.nextLsn) } };
        const start = c.start!;
        c.pos = { commitLsn: start, lsn: -1, lastCommitLsn: null };
        c.view = null;
        c.start = null;
        // The last snapshot record's offset says the snapshot completed
        // (`PostgresOffsetContext.preSnapshotCompletion`, `last_snapshot_record`): committable
        // only once every snapshot record is acknowledged. A snapshot that read no row has no
        // record to carry it (`BufferingSnapshotChangeRecordReceiver.completeSnapshot` sends
        // nothing when nothing is buffered), and Kafka Connect stores only offsets of records it
        // sent: nothing says the snapshot completed until a streamed record's offset does.
        if (c.cursor !== 0) oc.commitAfterPending(c, { commitLsn: start, lsn: -1, lastCommitLsn: null, snapshot: false });
        // Only the snapshot reads `view`, `start` and `cursor`, and the next one sets them anew
        // (`beginSnapshot`, after `restartTask`): kept, they would tell apart states that behave
        // alike (4 to 23% of the CDC scenarios' states at the default scope).
        c.cursor = 0;
      },
      streamChange(w, _s, _a, base) {
        const c = me(w);
        const { txn, change } = nextChange(base.db, c.pos)!;
        // Entering a new transaction means the COMMIT of the one read before was processed
        // (`commitMessage`): it becomes `lsn_commit`. A position with no change read (the start
        // of a stream) names no transaction, so there is none to carry.
        const lastCommitLsn = txn.commitLsn === c.pos.commitLsn ? c.pos.lastCommitLsn : c.pos.lsn >= 0 ? c.pos.commitLsn : c.pos.lastCommitLsn;
        c.pos = { commitLsn: txn.commitLsn, lsn: change.lsn, lastCommitLsn };
        const stream = w.ghost.stream;
        if (stream) w.ghost = { ...w.ghost, stream: { ...stream, streamed: insertedSorted(stream.streamed, change.lsn) } };
        emit(w, changeEvent({ txn, change }), { ...c.pos, snapshot: false });
      },
      rejectChange(w) {
        // The task fails for good, after its final offset commit; its producer is closed.
        const c = me(w);
        oc.finalCommit(w);
        restartTask(c);
      },
      ...producer,
      flush(w) {
        oc.commitOffsets(w);
      },
      crash(w) {
        const c = me(w);
        spend(w, 'connectorCrash');
        restartTask(c);
      },
      loseSlot(w) {
        const c = me(w);
        spend(w, 'slotLoss');
        updateDb(w, (db) => dropSlot(db, slotName));
        restartTask(c);
      },
    }, config.producer.idempotent, me)),
    verbs: {
      SNAPSHOT: 'ConnectorStartSnapshot',
      STREAM: 'ConnectorStartStreaming',
      STOP: 'ConnectorStop',
      SLOT_CHECK_FAILED: 'ConnectorFailTask',
      READ_LSN: 'ConnectorReadStartLsn',
      READ_ROW: 'ConnectorReadRow',
      SNAPSHOT_DONE: 'ConnectorCompleteSnapshot',
      SNAPSHOT_DONE_STOP: 'ConnectorCompleteSnapshot',
      STREAM_CHANGE: 'ConnectorReadWal',
      CHANGE_REJECTED: 'ConnectorFailOnUpdate',
      // With one request in flight a send is appended and acknowledged in the same step.
      SEND: one ? 'BrokerAppend' : 'ProducerSend',
      ACK: 'BrokerAppendAck',
      ACK_LOST: 'LoseAck',
      SEND_FAILED: 'FailSend',
      ACK_LOST_TASK_FAILED: 'LoseAckTaskFails',
      SEND_FAILED_TASK_FAILED: 'FailSendTaskFails',
      ACK_LOST_SKIPPED: 'LoseAckSkipRecord',
      SEND_FAILED_SKIPPED: 'FailSendSkipRecord',
      FLUSH: 'ConnectCommitOffsets',
      CRASH: 'CrashConnector',
      SLOT_LOST: 'DbDropSlot',
    },
    faults: ['ACK_LOST', 'SEND_FAILED', 'ACK_LOST_TASK_FAILED', 'SEND_FAILED_TASK_FAILED', 'ACK_LOST_SKIPPED', 'SEND_FAILED_SKIPPED', 'CRASH', 'SLOT_LOST'],
    budgets: connectorFaults,
    // A slot may be dropped while the pipeline is at rest.
    idleFaults: ['slotLoss'],
    ...(settled && commitsAtOnce(ctx) ? { readsBudgets: startBudgets } : {}),
    targets: { SLOT_LOST: 'WAL', SEND: 'Kafka', ACK: 'Kafka', ACK_LOST: 'Kafka', ACK_LOST_SKIPPED: 'Kafka', READ_ROW: 'DB', STREAM_CHANGE: 'WAL', FLUSH: 'WAL', SNAPSHOT: 'WAL' },
  };
}

/** `list` (sorted, without repeats) with `n` inserted in order: a new list, or `list` when it holds `n`. */
function insertedSorted(list: readonly number[], n: number): number[] {
  let i = 0;
  while (i < list.length && list[i]! < n) i++;
  return list[i] === n ? (list as number[]) : list.toSpliced(i, 0, n);
}
