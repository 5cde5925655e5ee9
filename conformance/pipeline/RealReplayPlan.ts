import type { TraceStep } from '../../src/engine/CheckResult.ts';
import type { ConnectorConfig } from '../../models/pipeline/ConnectorConfig.ts';
import type { ConnectorState } from '../../models/pipeline/ConnectorState.ts';
import { sameOffset } from '../../models/pipeline/offsetCommit.ts';
import type { Action } from '../../models/world/Action.ts';
import { nextStreamedChange } from '../../models/world/database.ts';
import type { World } from '../../models/world/World.ts';

/** What the real pipeline does for one model step (`replayOnPipeline` enacts it). */
export type RealStepKind =
  /** A service's database step: the mirror runs its SQL on PostgreSQL (always done, for every step). */
  | 'database'
  /** A service's direct publish (dual write): the harness's producer sends the model's new records. */
  | 'publish'
  /** A start of the connector task: the Connect worker JVM is started (`flushIntervalMs` for this run of it). */
  | 'startWorker'
  /** The real connector does this by itself (reads a row or the WAL, completes its snapshot): nothing to enact. */
  | 'byItself'
  /** The connector's producer appends (and is acknowledged): wait until the record is in Kafka. */
  | 'awaitAppend'
  /** A send that fails for good, the task fails: the record is oversized; wait for task FAILED. */
  | 'sendFailsTaskFails'
  /** A send that fails for good, skipped (`errors.tolerance=all`): the record is oversized; wait for the failure in the worker's log. */
  | 'sendFailsSkipped'
  /** Kafka Connect's offset commit: wait until the worker's offset file holds the model's stored offset. */
  | 'flush'
  /** The connector task dies: SIGKILL of the worker JVM. */
  | 'killWorker'
  /** The slot is lost: SIGKILL of the worker, then `pg_drop_replication_slot`. */
  | 'dropSlot'
  /**
   * The consumer reads one record (`poll` with `max.poll.records=1`, subscribing first if it has
   * no live consumer): applies it at once (`apply`, commit after) or commits and keeps it
   * (`commit`, commit before).
   */
  | 'consumerRead'
  /** The consumer applies the record it read and committed (commit before). */
  | 'consumerApply'
  /** The consumer commits its position (`commitSync`). */
  | 'consumerCommit'
  /** The consumer process dies: closed without a commit; the next read subscribes afresh. */
  | 'consumerCrash';

/** One step of the plan: what is enacted, and what the report says about it. */
export interface RealStep {
  kind: RealStepKind;
  /** For `startWorker`: the task state the model says the start ends in. */
  expectTask?: 'RUNNING' | 'FAILED';
  /** For `startWorker`: `offset.flush.interval.ms` of this run of the worker. */
  flushIntervalMs?: number;
  /** For `consumerRead`: apply the record at once (commit after) rather than commit and keep it. */
  apply?: boolean;
  /** For `consumerRead`: the eventId the model's consumer reads (the real one must read the same). */
  record?: string;
  /**
   * For a connector step after which the model's stored offsets changed without an offset-commit
   * step (`eagerOffsetCommit`, once no task can start again): wait, as for `flush`, until the
   * offset file holds the model's stored offset.
   */
  commits?: boolean;
  /** A line for the report: the real control point, or why there is nothing to enact. */
  note: string;
}

/** The downstream consumer's knobs a replay re-enacts: when it commits, and whether it dedups by eventId. */
export interface ReplayConsumer {
  commit: 'after' | 'before';
  dedup: 'none' | 'eventId';
}

/** How a trace maps onto the real pipeline. */
export interface RealReplayPlan {
  /** Per trace step (index 0, the initial state, has none): what is enacted. */
  steps: (RealStep | null)[];
  /** The connector's knobs, or null when the trace has no connector. */
  connector: ConnectorConfig | null;
  /** Event ids whose send fails for good: their outbox rows get a payload too large for the producer. */
  oversized: Set<string>;
  /** The consumer re-enacted, or null when the trace has no consumer step. */
  consumer: ReplayConsumer | null;
}

/** Raised when a trace has a step the real pipeline cannot be made to take; names the step. */
export class RealReplayRefused extends Error {
  override readonly name = 'RealReplayRefused';
  constructor(readonly step: number, message: string) {
    super(`step ${step}: ${message}`);
  }
}

/** The flush interval of a worker run that flushes: often enough that a wait for it is short. */
export const FLUSH_OFTEN_MS = 500;
/** The flush interval of a worker run that never flushes while it runs. */
export const FLUSH_NEVER_MS = 3_600_000;

const BY_ITSELF: Record<string, string> = {
  READ_ROW: 'the real connector reads its snapshot rows by itself',
  SNAPSHOT_DONE: 'the real connector completes its snapshot by itself',
  STREAM_CHANGE: 'the real connector reads the WAL by itself',
};

const NO_CONTROL_POINT: Record<string, string> = {
  ACK_LOST: 'a lost acknowledgement (LoseAck) would need a proxy between producer and broker that drops responses; the harness has none',
  ACK_LOST_TASK_FAILED: 'a lost acknowledgement would need a proxy between producer and broker that drops responses; the harness has none',
  ACK_LOST_SKIPPED: 'a lost acknowledgement would need a proxy between producer and broker that drops responses; the harness has none',
  SEND_FAILED: 'a send that fails and is retried later cannot be steered from outside the producer',
  READ_LSN: 'the legacy snapshot hand-over (before Debezium 1.6) is not in the Debezium the harness runs',
  STOP: 'snapshot.mode=initial_only is not re-enacted',
  SNAPSHOT_DONE_STOP: 'snapshot.mode=initial_only is not re-enacted',
  PUBLISH_ACK_LOST: 'a lost acknowledgement would need a proxy between producer and broker that drops responses; the harness has none',
  RETRY_ACK_LOST: 'a lost acknowledgement would need a proxy between producer and broker that drops responses; the harness has none',
};

/**
 * Maps each step of a trace to its real control point, or refuses the trace naming the first
 * step that has none (never a faked one). `lane` gives an action's lane (`model.view.actor`).
 *
 * The connector's steps follow the table in docs/real-pipeline.md. The real connector streams,
 * sends and flushes on its own as soon as it can, so it cannot be held back: at every offset
 * commit, crash, slot loss and at the end, the model's connector must have read and sent
 * everything committed (else the trace is refused there). A worker run that commits offsets
 * flushes every 500 ms, one that does not never flushes; so after a run's last offset commit,
 * the model must acknowledge nothing more before the run ends. A downstream consumer's steps
 * run on the harness's group consumer (`consumer`: the scenario's consumer knobs; null refuses
 * them), for one consumer instance on a topic of one partition. Relay and operator steps are
 * refused (the harness does not re-enact them).
 */
export function planRealReplay(steps: readonly TraceStep<World, Action>[], lane: (a: Action) => string, connector: ConnectorConfig | null, consumer: ReplayConsumer | null = null): RealReplayPlan {
  const plan: (RealStep | null)[] = [null];
  // The steps that also commit offsets (one plan entry per step, so marked at the end).
  const commits = new Set<number>();
  let consumes = false;
  const oversized = new Set<string>();
  // The open worker run: its start step's plan entry, whether it flushes, and the acked offset at its last flush.
  let run: { start: RealStep; flushes: boolean; ackedAtFlush: ConnectorState['acked'] | undefined } | null = null;
  const endRun = (at: number, c: ConnectorState | undefined) => {
    if (run === null) return;
    if (run.flushes && c !== undefined && run.ackedAtFlush !== undefined && !sameOffset(run.ackedAtFlush, c.acked)) {
      throw new RealReplayRefused(at, 'the model acknowledges a record after this worker run\'s last offset commit; the real worker, flushing on its timer, would store it too (offset.flush.interval.ms is set per start of the worker)');
    }
    run.start.flushIntervalMs = run.flushes ? FLUSH_OFTEN_MS : FLUSH_NEVER_MS;
    run = null;
  };
  for (let i = 1; i < steps.length; i++) {
    const action = steps[i]!.action!;
    const before = steps[i - 1]!.state;
    const after = steps[i]!.state;
    const who = lane(action);
    const refuse: (why: string) => never = (why) => {
      throw new RealReplayRefused(i, `${action.label}: ${why}`);
    };
    if (who === 'Service') {
      if (NO_CONTROL_POINT[action.event]) refuse(NO_CONTROL_POINT[action.event]!);
      if (JSON.stringify([before.groups, before.consumers]) !== JSON.stringify([after.groups, after.consumers])) refuse('a service consuming its own events is a consumer, which replay --real does not re-enact yet');
      // What the step does comes from its event; its recorded state is only compared. A step
      // whose record says Kafka gained a record without a publish is then a divergence.
      const published = action.event === 'PUBLISH' || action.event === 'RETRY';
      const note =
        action.event === 'CRASH'
          ? 'the service stops: its open transaction, if any, is rolled back (its session closed) and it publishes nothing more'
          : action.event === 'COMMIT_FAIL'
            ? 'enacted as a ROLLBACK (PostgreSQL cannot be made to reject this commit); the database ends as the model says'
            : published
              ? 'the service publishes straight to Kafka with the harness\'s producer (acks=all)'
              : 'the service\'s SQL runs on PostgreSQL';
      plan.push({ kind: published ? 'publish' : 'database', note });
      continue;
    }
    if (who === 'Consumer') {
      if (consumer === null) refuse('a consumer whose knobs the replay was not given');
      plan.push(consumerStep(action, before, consumer, refuse));
      consumes = true;
      continue;
    }
    if (!who.startsWith('Connector')) refuse(`a ${who} step: replay --real re-enacts services, the Debezium connector and one downstream consumer only`);
    if (connector === null) refuse('a connector step in a trace without connector knobs');
    if (after.connectors.length !== 1) refuse('replay --real re-enacts one connector');
    const c0 = before.connectors[0]!;
    const c1 = after.connectors[0]!;
    const event = action.event;
    if (NO_CONTROL_POINT[event]) refuse(NO_CONTROL_POINT[event]!);
    if (event === 'SNAPSHOT' || event === 'STREAM' || event === 'SLOT_CHECK_FAILED') {
      if (run !== null) refuse('the model starts a task the real worker is still running');
      const start: RealStep = { kind: 'startWorker', expectTask: event === 'SLOT_CHECK_FAILED' ? 'FAILED' : 'RUNNING', note: `the Connect worker starts; Debezium ${event === 'SNAPSHOT' ? 'snapshots' : event === 'STREAM' ? 'streams from its stored offsets' : 'fails its task (DBZ-7461)'} by itself` };
      plan.push(start);
      run = { start, flushes: false, ackedAtFlush: undefined };
      if (event === 'SLOT_CHECK_FAILED') endRun(i, c1);
      continue;
    }
    if (run === null) refuse('a connector step while no task runs');
    // Once no task can start again, the model commits offsets at the end of a connector step
    // (`eagerOffsetCommit`), not in a step of its own: the real worker's timer does that on its own.
    if (event !== 'FLUSH' && !sameOffset(c0.stored, c1.stored) && c1.at !== 'starting') {
      run.flushes = true;
      run.ackedAtFlush = c1.acked;
      commits.add(i);
    }
    if (BY_ITSELF[event] !== undefined) {
      plan.push({ kind: 'byItself', note: BY_ITSELF[event]! });
      continue;
    }
    if (event === 'SEND' || event === 'ACK') {
      if (countRecords(after) === countRecords(before)) {
        // With several requests in flight, ProducerSend only hands the record to the producer.
        plan.push({ kind: 'byItself', note: 'the real connector hands the record to its producer by itself' });
        continue;
      }
      plan.push({ kind: 'awaitAppend', note: 'the real connector\'s producer appends it by itself: wait until Kafka holds it' });
      continue;
    }
    if (event === 'SEND_FAILED_SKIPPED' || event === 'SEND_FAILED_TASK_FAILED') {
      const head = (connector.producer.maxInFlight <= 1 ? c0.buffer[0] : c0.inflight[0]) ?? refuse('no record to fail');
      oversized.add(head.record.id);
      if (event === 'SEND_FAILED_SKIPPED') {
        plan.push({ kind: 'sendFailsSkipped', note: `${head.record.id} is written with a payload larger than the producer's max.request.size: RecordTooLargeException, not retried; errors.tolerance=all skips it` });
        continue;
      }
      plan.push({ kind: 'sendFailsTaskFails', note: `${head.record.id} is written with a payload larger than the producer's max.request.size: RecordTooLargeException, not retried; the task fails` });
      run.flushes = true;
      run.ackedAtFlush = c1.stored;
      endRun(i, c1);
      continue;
    }
    if (event === 'FLUSH' || event === 'CRASH' || event === 'SLOT_LOST') {
      const behind = lagging(before, c0, connector);
      if (behind !== null) refuse(`the model's connector has not yet ${behind}; the real connector does that on its own and cannot be held back before this step`);
      if (event === 'FLUSH') {
        run.flushes = true;
        run.ackedAtFlush = c1.acked;
        plan.push({ kind: 'flush', note: 'Kafka Connect commits offsets on its timer (offset.flush.interval.ms=500): wait until the offset file holds the model\'s stored offset' });
        continue;
      }
      endRun(i, c0);
      plan.push(event === 'CRASH' ? { kind: 'killWorker', note: 'SIGKILL of the Connect worker JVM' } : { kind: 'dropSlot', note: 'SIGKILL of the Connect worker, then pg_drop_replication_slot' });
      continue;
    }
    refuse(`no real control point for ${event}`);
  }
  const last = steps.at(-1)!.state;
  if (run !== null) {
    const behind = lagging(last, last.connectors[0]!, connector!);
    if (behind !== null) throw new RealReplayRefused(steps.length - 1, `the trace ends before the model's connector has ${behind}; the real connector would go on and do it`);
    endRun(steps.length - 1, last.connectors[0]);
  }
  for (const i of commits) plan[i] = { ...plan[i]!, commits: true };
  return { steps: plan, connector, oversized, consumer: consumes ? consumer : null };
}

/** The real consumer's step for a model consumer step (`models/world/consumer.ts`). */
function consumerStep(action: Action, before: World, consumer: ReplayConsumer, refuse: (why: string) => never): RealStep {
  if (before.consumers.length !== 1 || before.groups.length !== 1) refuse('several consumer instances: replay --real re-enacts one');
  const c = before.consumers[0]!;
  if (c.positions.length !== 1) refuse('a topic of several partitions: replay --real re-enacts a consumer of one partition');
  if (before.kafka.topics.length !== 1) refuse('several topics: replay --real re-enacts a consumer of a world with one topic');
  const next = () => before.kafka.topics[0]!.partitions[0]![c.positions[0]!]?.id ?? refuse('no record to read');
  switch (action.event) {
    case 'APPLY':
      if (consumer.commit === 'after') return { kind: 'consumerRead', apply: true, record: next(), note: 'the group consumer polls one record (max.poll.records=1) and the application applies it' };
      return { kind: 'consumerApply', note: 'the application applies the record it read' };
    case 'POLL':
      return { kind: 'consumerRead', apply: false, record: next(), note: 'the group consumer polls one record (max.poll.records=1) and commits (commitSync) before the application applies it' };
    case 'COMMIT':
      return { kind: 'consumerCommit', note: 'the group consumer commits its position (commitSync)' };
    case 'CRASH':
      return { kind: 'consumerCrash', note: 'the group consumer is closed without a commit; the next read subscribes again and resumes from the committed offset' };
    default:
      return refuse(`no real control point for the consumer's ${action.event}`);
  }
}

/** What the model's connector has not yet done that the real one would do by itself, or null when it is caught up. */
function lagging(w: World, c: ConnectorState, config: ConnectorConfig): string | null {
  if (c.at === 'snapshotting') return 'finished its snapshot';
  if (c.buffer.length > 0 || c.inflight.length > 0) return 'sent every record it read';
  if (c.at === 'streaming' && nextStreamedChange(w.db, config.tables, c.pos) !== null) return 'read every committed change';
  return null;
}

function countRecords(w: World): number {
  let n = 0;
  for (const t of w.kafka.topics) for (const p of t.partitions) n += p.length;
  return n;
}
