import { describe, expect, it } from 'vitest';
import { createMachine } from 'xstate';
import { formatKnobs, renderPipelineDoc } from './renderPipelineDoc.ts';

const service = createMachine({ id: 'dual-write', initial: 'idle', states: { idle: { on: { Commit: 'done' } }, done: { type: 'final' } } });
const consumer = createMachine({ id: 'consumer', initial: 'polling', states: { polling: { on: { Apply: 'polling' } } } });

describe('renderPipelineDoc', () => {
  const doc = renderPipelineDoc([
    { id: 'dual-write', title: 'T1', knobs: { dedup: 'none', retries: 0 }, machines: { Service: service, Consumer: consumer } },
    { id: 'outbox-cdc', title: 'Outbox | CDC', knobs: {}, machines: { Consumer: consumer } },
  ]);
  it('draws each distinct machine once, as a Mermaid state diagram, listing the scenarios that use it', () => {
    expect(doc.match(/```mermaid\nstateDiagram-v2\n/g)).toHaveLength(2);
    expect(doc).toContain('### Consumer (`consumer`)\n\nUsed by: `dual-write`, `outbox-cdc`.');
    expect(doc).toContain('  idle --> done: Commit');
  });
  it('tabulates each scenario with links to its machines and its knobs', () => {
    expect(doc).toContain('| `dual-write` | T1 | [Service](#service-dual-write), [Consumer](#consumer-consumer) | dedup=none<br>retries=0 |');
    expect(doc).toContain('| `outbox-cdc` | Outbox \\| CDC | [Consumer](#consumer-consumer) | – |');
  });
  it('formats knobs compactly', () => {
    expect(formatKnobs({ a: 'x', b: { c: 1 }, d: true })).toBe('a=x, b={"c":1}, d=true');
  });
});
