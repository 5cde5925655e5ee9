import { append } from '../world/kafka.ts';
import type { World } from '../world/World.ts';
import { updateKafka } from '../world/internal/plainUpdate.ts';
import { spend } from '../world/internal/spend.ts';
import type { ConnectorContext } from './ConnectorContext.ts';
import type { Pending } from './ConnectorState.ts';
import type { OffsetCommit } from './offsetCommit.ts';
import { restartTask } from './restartTask.ts';

/** An effect of the connector machine: mutates the world's copy `w`. */
type Effect = (w: World) => void;
/** An effect with the action's argument (`ActorDef.enabled`'s list). */
type EffectWithArg = (w: World, self: number, arg: number) => void;

/** The effects of the connector's producer and of Kafka Connect's send callback. */
export interface ProducerEffects {
  send: Effect;
  /** Acknowledges `inflight[arg]`, one of `ackableInFlight`: a partition's first record in flight. */
  ack: EffectWithArg;
  ackLost: Effect;
  sendFailed: Effect;
  appendHead: Effect;
  failTask: Effect;
  skipHead: Effect;
}

/**
 * The producer of the connector of `ctx`. With one request in flight, a send is appended and
 * acknowledged at once; a lost ack appends but leaves the record to be retried (a duplicate
 * unless idempotent). With more in flight, a failed send of an earlier batch retried after a
 * later one reorders, unless the producer is idempotent, in which case the broker's sequence
 * numbers force a resend in order and drop duplicates.
 */
export function producerEffects(ctx: ConnectorContext, oc: OffsetCommit): ProducerEffects {
  const { config, me } = ctx;
  const one = ctx.sendAndAck;
  // Under exactly.once.source.support the broker holds the write in the open transaction,
  // invisible until `commitOffsets` commits it; the idempotent producer's resend is dropped there too.
  const appendPending = (w: World, p: Pending) => {
    if (!config.exactlyOnceSource) return void updateKafka(w, (k) => append(k, p.topic, p.record, config.producer.idempotent));
    const c = me(w);
    const txn = c.txn ?? [];
    if (config.producer.idempotent && txn.some((q) => q.seq === p.seq)) return;
    c.txn = [...txn, p];
  };
  return {
    send(w) {
      const c = me(w);
      const p = c.buffer[0]!;
      c.buffer = c.buffer.slice(1);
      if (one) {
        appendPending(w, p);
        oc.reportedBack(c, p);
      } else c.inflight = [...c.inflight, p];
    },
    ack(w, _self, arg) {
      // Callbacks are ordered per partition only (`ackableInFlight`): any partition's first
      // record in flight may be acknowledged, not only the first record sent.
      const c = me(w);
      const p = c.inflight[arg]!;
      c.inflight = c.inflight.toSpliced(arg, 1);
      appendPending(w, p);
      oc.reportedBack(c, p);
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
      // `AbstractWorkerSourceTask.execute`: a failing task still commits its offsets
      // (`finalOffsetCommit(true)`) before it stops; not under exactly-once source.
      oc.finalCommit(w);
      restartTask(c);
    },
    skipHead(w) {
      // errors.tolerance=all: the send callback logs the failure and acknowledges the record
      // (`submittedRecord.ack()`); `WorkerSourceTask.producerSendFailed` reports it to the task.
      const c = me(w);
      spend(w, 'network');
      let p: Pending;
      if (one) [p, c.buffer] = [c.buffer[0]!, c.buffer.slice(1)];
      else [p, c.inflight] = [c.inflight[0]!, c.inflight.slice(1)];
      oc.reportedBack(c, p);
    },
  };
}

/** The same pending record with one more failed attempt (replaced, not changed in place). */
function retried(p: Pending): Pending {
  return { ...p, tries: p.tries + 1 };
}
