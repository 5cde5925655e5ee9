import type { ConsumerGroupState, World } from '../../models/world/World.ts';

/**
 * The downstream consumer groups of `w`: every group whose effects go to an application's own
 * store (`sink: 'store'`), in order; the service's own listener (listen-to-yourself) is not
 * downstream. Each is one application: the invariants about effects hold for each. Pure.
 */
export function downstreamGroups(w: World): ConsumerGroupState[] {
  const out: ConsumerGroupState[] = [];
  for (const g of w.groups) if (g.sink === 'store') out.push(g);
  return out;
}

/**
 * How a reason names group `g` of `w`: `the consumer` when it is the only downstream group and
 * has one instance, else `consumer group <name>`.
 */
export function groupText(w: World, g: ConsumerGroupState): string {
  let groups = 0;
  for (const x of w.groups) if (x.sink === 'store') groups++;
  const index = w.groups.indexOf(g);
  let members = 0;
  for (const c of w.consumers) if (c.group === index) members++;
  return groups === 1 && members === 1 ? 'the consumer' : `consumer group ${g.name}`;
}
