import { describe, expect, it } from 'vitest';
import { assignPartitions, type Assignor } from './assignPartitions.ts';

const all = (assignor: Assignor, partitions: number, members: number) => Array.from({ length: members }, (_, m) => assignPartitions(assignor, partitions, members, m));

describe('assignPartitions', () => {
  it('range: consecutive ranges, the first members one more when the partitions do not divide evenly (RangeAssignor)', () => {
    expect(all('range', 2, 2)).toEqual([[0], [1]]);
    expect(all('range', 3, 2)).toEqual([[0, 1], [2]]);
    expect(all('range', 7, 3)).toEqual([[0, 1, 2], [3, 4], [5, 6]]);
  });

  it('roundrobin: partitions dealt in turn (RoundRobinAssignor)', () => {
    expect(all('roundrobin', 2, 2)).toEqual([[0], [1]]);
    expect(all('roundrobin', 3, 2)).toEqual([[0, 2], [1]]);
    expect(all('roundrobin', 7, 3)).toEqual([[0, 3, 6], [1, 4], [2, 5]]);
  });

  it('gives a member beyond the partitions none, and one member every partition', () => {
    for (const a of ['range', 'roundrobin'] as const) {
      expect(all(a, 1, 3)).toEqual([[0], [], []]);
      expect(all(a, 3, 1)).toEqual([[0, 1, 2]]);
    }
  });

  it('assigns every partition to exactly one member of the group', () => {
    for (const a of ['range', 'roundrobin'] as const)
      for (let partitions = 1; partitions <= 6; partitions++)
        for (let members = 1; members <= 4; members++) expect(all(a, partitions, members).flat().sort((x, y) => x - y)).toEqual(Array.from({ length: partitions }, (_, p) => p));
  });
});
