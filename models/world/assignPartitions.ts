/**
 * How a consumer group's partitions are dealt among its instances, as Kafka's built-in
 * assignors deal them (`partition.assignment.strategy`):
 * - `range` (`org.apache.kafka.clients.consumer.RangeAssignor`, the classic default): per
 *   topic, the partitions in order are cut into consecutive ranges, one per member in member
 *   order; the first `partitions % members` members get one partition more.
 * - `roundrobin` (`org.apache.kafka.clients.consumer.RoundRobinAssignor`): the partitions in
 *   order are dealt to the members in member order, one each in turn.
 *
 * The assignment is static: the model has no rebalance (no member joins, leaves or times out
 * while it runs), so a partition is read by one instance of its group for the whole run. The
 * members' order is the instances' order in the world (Kafka sorts members by member id).
 */
export type Assignor = 'range' | 'roundrobin';

/**
 * The partitions member `member` (0-based, of `members`) of one group is assigned among
 * `partitions` partitions of one topic, ascending, by `assignor` (see `Assignor`). A member
 * beyond the partitions gets none, as in Kafka. Pure.
 */
export function assignPartitions(assignor: Assignor, partitions: number, members: number, member: number): number[] {
  const out: number[] = [];
  if (assignor === 'roundrobin') {
    for (let p = member; p < partitions; p += members) out.push(p);
    return out;
  }
  const per = Math.floor(partitions / members);
  const extra = partitions % members;
  const start = member * per + Math.min(member, extra);
  const length = per + (member < extra ? 1 : 0);
  for (let p = start; p < start + length; p++) out.push(p);
  return out;
}
