import type { ActorDef } from '../../models/world/ActorDef.ts';
import { consumerDef, consumerFaults, initialConsumer, initialGroup, type ConsumerConfig } from '../../models/world/consumer.ts';
import { append, createKafka, type KafkaRecord } from '../../models/world/kafka.ts';
import type { World } from '../../models/world/World.ts';

/** A consumer event the model's machine knows: `APPLY`, `COMMIT`, `POLL` (commit-before's fetch-and-commit), `CRASH`. */
export type ConsumerStep = 'APPLY' | 'COMMIT' | 'POLL' | 'CRASH';

/**
 * The model's downstream consumer (`models/world/consumer.ts`, one instance, one group) stepped
 * by hand over a one-partition topic holding `records`: each step is taken only if the consumer's
 * own machine has it in its current state and its own guard enables it, and its own effects
 * move the position, apply (deduplicating by eventId if configured), commit, and crash.
 */
export class ModelConsumer {
  private readonly def: ActorDef;
  private readonly world: World;
  private at = 'idle';

  constructor(topic: string, records: readonly KafkaRecord[], config: Pick<ConsumerConfig, 'commit' | 'dedup'>) {
    this.def = consumerDef({ topic, partitions: 1, sink: 'store', name: 'consumer', ...config }, 0);
    const kafka = createKafka([topic], 1);
    for (const r of records) append(kafka, topic, r);
    this.world = {
      db: undefined as never,
      kafka,
      services: [],
      connectors: [],
      relays: [],
      consumers: [initialConsumer(1)],
      groups: [initialGroup('group', 1, 'store')],
      budget: Object.fromEntries(Object.keys(consumerFaults).map((fault) => [fault, 1_000])),
      ghost: { committed: [], stream: { snapshot: null, streamed: [] } },
    };
  }

  /** Whether the machine has `event` in its current state and the guard enables it. */
  can(event: ConsumerStep): boolean {
    return this.transition(event) !== undefined && this.def.enabled(this.world, 0, event).length > 0;
  }

  /** Takes `event`; returns the id of the record it read (APPLY, POLL), else ''. Throws if it is not a step now. */
  step(event: ConsumerStep): string {
    const t = this.transition(event);
    if (t === undefined || !this.can(event)) throw new Error(`the model consumer has no ${event} in state ${this.at}`);
    const arg = this.def.enabled(this.world, 0, event)[0]!;
    const detail = event === 'APPLY' || event === 'POLL' ? this.def.detail(this.world, 0, event, arg) : '';
    const base: World = { ...this.world, consumers: [{ ...this.world.consumers[0]! }], groups: [{ ...this.world.groups[0]! }] };
    this.def.claim(this.world, 0);
    this.def.effects[t.action]!(this.world, 0, arg, base);
    this.at = t.target;
    return detail;
  }

  /** What the application applied, in order. */
  get applied(): string[] {
    return this.world.groups[0]!.applied;
  }

  /** The group's committed offset. */
  get committed(): number {
    return this.world.groups[0]!.committed[0]!;
  }

  private transition(event: ConsumerStep): { target: string; action: string } | undefined {
    const states = this.def.machine.config.states as Record<string, { on?: Record<string, { target: string; actions: string }> }>;
    const on = states[this.at]?.on?.[event];
    return on === undefined ? undefined : { target: on.target, action: on.actions };
  }
}
