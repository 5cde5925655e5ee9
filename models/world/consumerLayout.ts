import type { ActorVariant } from './ActorVariant.ts';
import { assignPartitions } from './assignPartitions.ts';
import type { ConsumerState } from './World.ts';
import type { ConsumerInstance, WorldOptions } from './WorldOptions.ts';

/** One downstream consumer instance as the world lays it out. */
export interface PlacedConsumer {
  commit: ConsumerInstance['commit'];
  dedup: ConsumerInstance['dedup'];
  /** `consumer` alone, `consumer1`, `consumer2`, … among several. */
  name: string;
  /** `Consumer` alone, `Consumer1`, `Consumer2`, … among several. */
  lane: string;
  /** Its group's index among `ConsumerLayout.groups`. */
  group: number;
  /** The partitions its group's assignor deals it. */
  assigned: number[];
  variant?: ActorVariant<ConsumerState>;
}

/** The downstream consumer instances of a world and their groups (names, in order of first member). */
export interface ConsumerLayout {
  instances: PlacedConsumer[];
  groups: string[];
}

/**
 * Lays out the downstream consumers `options` describes: `consumer`, then `extraConsumers`, each
 * named and laned by its place; each in the group it names, or in one of its own named after
 * it; each group's partitions dealt among its members, in instance order, by `options.assignor`
 * (default `range`). Pure.
 */
export function consumerLayout(options: WorldOptions): ConsumerLayout {
  const configs = [options.consumer, ...(options.extraConsumers ?? [])];
  const several = configs.length > 1;
  const names = configs.map((_, k) => (several ? `consumer${k + 1}` : 'consumer'));
  const groupOf = configs.map((c, k) => c.group ?? names[k]!);
  const groups = [...new Set(groupOf)];
  const instances = configs.map((c, k): PlacedConsumer => {
    const members = groupOf.flatMap((g, i) => (g === groupOf[k] ? [i] : []));
    return {
      commit: c.commit,
      dedup: c.dedup,
      name: names[k]!,
      lane: several ? `Consumer${k + 1}` : 'Consumer',
      group: groups.indexOf(groupOf[k]!),
      assigned: assignPartitions(options.assignor ?? 'range', options.partitions, members.length, members.indexOf(k)),
      ...(c.variant ? { variant: c.variant } : {}),
    };
  });
  return { instances, groups };
}
