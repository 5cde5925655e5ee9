import { debezium, strategyScenario, type ScenarioDef } from '../models/scenarioDefs.ts';
import { outboxCdc } from '../models/strategies/outboxCdc.ts';

/**
 * Two consumer instances in one consumer group (`billing`) over a topic of two partitions:
 * the range assignor gives `consumer1` partition 0 (`acct-1`) and `consumer2` partition 1
 * (`acct-2`). They share the group's committed offsets and its store (one database behind two
 * replicas of one service), so a crash of either resumes its partition from the group's offset
 * and deduplicates against the one store. Each aggregate's events are in one partition, read by
 * one instance, so order holds; the group covers both partitions, so nothing is missed.
 * With both instances deduplicating, a crash after an effect and before the offset commit is
 * harmless. Mid rolling upgrade, with `consumer2` still on the old build without dedup, the same
 * crash of `consumer2` applies `acct-2`'s event twice.
 */
export const consumerGroupScenarios: readonly ScenarioDef[] = [
  strategyScenario(
    outboxCdc,
    { 'exactly-once-effect': 'holds', 'at-least-once': 'holds', 'per-aggregate-order': 'holds', 'no-lost-events': 'holds' },
    { aggregates: 2, partitions: 2, pipeline: debezium({}), consumer: { commit: 'after', dedup: 'eventId', group: 'billing' }, extraConsumers: [{ commit: 'after', dedup: 'eventId', group: 'billing' }], budget: { consumerCrash: 1 } },
    {
      id: 'example-consumer-group',
      title: 'Two consumers in one group over two partitions, both deduplicating: each event applied once, in order',
      explanation: 'The range assignor gives each instance one partition; a crashed instance resumes its partition from the group\'s committed offset and skips what the shared store already holds.',
    },
  ),
  strategyScenario(
    outboxCdc,
    { 'exactly-once-effect': 'violated', 'at-least-once': 'holds', 'per-aggregate-order': 'holds', 'no-lost-events': 'holds' },
    { aggregates: 2, partitions: 2, pipeline: debezium({}), consumer: { commit: 'after', dedup: 'eventId', group: 'billing' }, extraConsumers: [{ commit: 'after', dedup: 'none', group: 'billing' }], budget: { consumerCrash: 1 } },
    {
      id: 'example-consumer-group-rolling-upgrade',
      title: 'One group, one instance without dedup (a rolling upgrade): its partition is applied twice after a crash',
      explanation: 'consumer2 applies acct-2#1 and crashes before committing the group\'s offset; it resumes from the committed offset and, not deduplicating, applies it again.',
    },
  ),
];
