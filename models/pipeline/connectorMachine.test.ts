import { describe, expect, it } from 'vitest';
import type { AnyStateNode } from 'xstate';
import { connectorMachine } from './connectorMachine.ts';

/** The snapshot and slot events, whose rules docs/pipeline.md must cite (issue 16, "Every rule cited"). */
const SNAPSHOT_EVENTS = ['SNAPSHOT', 'STREAM', 'STOP', 'SLOT_CHECK_FAILED', 'READ_LSN', 'READ_ROW', 'SNAPSHOT_DONE', 'SNAPSHOT_DONE_STOP', 'SLOT_LOST'];

describe('the connector machine cites its snapshot rules', () => {
  const described = new Map<string, string>();
  for (const node of Object.values(connectorMachine.root.states) as AnyStateNode[])
    for (const [event, transitions] of node.transitions) for (const t of transitions) if (t.description) described.set(event, t.description);

  it.each(SNAPSHOT_EVENTS)('%s has a rule that names a Debezium class and method, an issue or a setting', (event) => {
    const text = described.get(event);
    expect(text, `${event} has no description`).toBeDefined();
    expect(text).toMatch(/`[A-Z]\w+\.\w+`|DBZ-\d+|`[a-z_]+(\.[a-z_]+)*`/);
  });

});
