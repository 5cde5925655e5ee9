import { describe, expect, it } from 'vitest';
import type { Model } from '../src/engine/Model.ts';
import { debezium } from '../models/catalogue/ScenarioDef.ts';
import { outboxCdc } from '../models/strategies/outboxCdc.ts';
import type { Action } from '../models/world/Action.ts';
import { buildWorld } from '../models/world/buildWorld.ts';
import { allRecords } from '../models/world/kafka.ts';
import type { World } from '../models/world/World.ts';
import { defaultWorldOptions, type WorldOptions } from '../models/world/WorldOptions.ts';
import { walk } from './internal/walkActions.ts';

/** An outbox world whose first snapshot finds the outbox empty, with one connector crash. */
function world(o: Partial<WorldOptions> = {}): Model<World, Action> {
  return buildWorld({ ...defaultWorldOptions, service: outboxCdc, requests: 1, pipeline: debezium({}), consumer: { commit: 'after', dedup: 'eventId' }, budget: { connectorCrash: 1 }, ...o }, { name: 'empty-snapshot', version: '1', properties: [] });
}

const labelsOf = (m: Model<World, Action>, w: World) => m.actions(w).map((a) => a.label);

/** Whether Connect's offset-commit timer could fire (store something) in any of `states`. */
const timerCouldStore = (m: Model<World, Action>, states: readonly World[]) => states.some((w) => labelsOf(m, w).some((l) => l.startsWith('ConnectCommitOffsets')));

/**
 * Disagreement 5 of docs/real-pipeline.md, fixed: the completion of a snapshot that read no row
 * rides on no record (`BufferingSnapshotChangeRecordReceiver.completeSnapshot` has nothing to
 * mark `last`), and Kafka Connect stores only offsets of records it sent. So nothing is stored,
 * and a restart snapshots again, until a streamed record's offset is stored.
 */
describe('an empty snapshot\'s completion is not committable', () => {
  it('after an empty snapshot nothing is committable: the offset-commit timer has nothing to store', () => {
    const m = world();
    const s = walk(m, [/^ConnectorStartSnapshot/, /^ConnectorCompleteSnapshot/]);
    const c = s.at(-1)!.connectors[0]!;
    expect(c.at).toBe('streaming');
    expect(c.acked).toBeNull();
    expect(labelsOf(m, s.at(-1)!).some((l) => l.startsWith('ConnectCommitOffsets'))).toBe(false);
  });

  it('a crash before anything is streamed snapshots again: the row committed meanwhile comes as r, not c', () => {
    const m = world();
    const s = walk(m, [/^ConnectorStartSnapshot/, /^ConnectorCompleteSnapshot/, /^ServiceWriteWithOutbox/, /^ServiceCommit/, /^CrashConnector/]);
    // Wherever the timer fires before the crash, it has nothing to store.
    expect(timerCouldStore(m, s.slice(0, -1))).toBe(false);
    const after = labelsOf(m, s.at(-1)!);
    expect(after.some((l) => l.startsWith('ConnectorStartSnapshot'))).toBe(true);
    expect(after.some((l) => l.startsWith('ConnectorStartStreaming'))).toBe(false);
    const t = walk({ ...m, initial: () => [s.at(-1)!] }, [/^ConnectorStartSnapshot/, /^ConnectorReadRow\(connector, acct-1#1\)/, /^BrokerAppend/]);
    expect(allRecords(t.at(-1)!.kafka).map((r) => `${r.op} ${r.change}`)).toEqual(['r acct-1#1']);
  });

  it('the shrunk real schedule: a row inserted and deleted while the worker is down is never sent (a new empty snapshot, streaming after it)', () => {
    const m = world({ deleteAfterInsert: true });
    const s = walk(m, [/^ConnectorStartSnapshot/, /^ConnectorCompleteSnapshot/, /^ServiceWriteWithOutbox/, /^ServiceCommit/, /^CrashConnector/, /^ConnectorStartSnapshot/, /^ConnectorCompleteSnapshot/]);
    expect(timerCouldStore(m, s.slice(0, 5))).toBe(false);
    const end = s.at(-1)!;
    expect(end.connectors[0]!.at).toBe('streaming');
    // Nothing to read: the insert and the delete committed before the new snapshot's start.
    expect(labelsOf(m, end).some((l) => l.startsWith('ConnectorReadWal'))).toBe(false);
    expect(allRecords(end.kafka)).toEqual([]);
  });

  it('once a streamed record\'s offset is stored (no snapshot flag, a change\'s LSN), a restart streams on from it', () => {
    const m = world({ requests: 2 });
    const s = walk(m, [/^ConnectorStartSnapshot/, /^ConnectorCompleteSnapshot/, /^ServiceWriteWithOutbox\(svc1, acct-1#1/, /^ServiceCommit/, /^ConnectorReadWal/, /^BrokerAppend/, /^ConnectCommitOffsets/]);
    const stored = s.at(-1)!.connectors[0]!.stored!;
    expect(stored.snapshot).toBe(false);
    expect(stored.lsn).toBeGreaterThanOrEqual(0);
    const t = walk({ ...m, initial: () => [s.at(-1)!] }, [/^ServiceWriteWithOutbox\(svc1, acct-1#2/, /^ServiceCommit/, /^CrashConnector/]);
    const after = labelsOf(m, t.at(-1)!);
    expect(after.some((l) => l.startsWith('ConnectorStartStreaming'))).toBe(true);
    expect(after.some((l) => l.startsWith('ConnectorStartSnapshot'))).toBe(false);
  });

  it('a snapshot that read a row still stores its completion once that row is acknowledged', () => {
    const m = world({ requests: 2 });
    // The first row is committed before the connector's first start.
    const s = walk(m, [/^ServiceWriteWithOutbox\(svc1, acct-1#1/, /^ServiceCommit/, /^ConnectorStartSnapshot/, /^ConnectorReadRow/, /^ConnectorCompleteSnapshot/, /^BrokerAppend/, /^ConnectCommitOffsets/]);
    const stored = s.at(-1)!.connectors[0]!.stored!;
    expect(stored).toMatchObject({ snapshot: false, lsn: -1 });
  });
});
