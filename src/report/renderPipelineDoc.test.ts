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
  it('cites the rules a machine lists in meta.rules under its diagram, and nothing for a machine without them', () => {
    const cited = createMachine({ id: 'cited', initial: 'a', meta: { rules: [{ rule: 'Acks | commits', events: ['ACK'], source: 'Task.commit', versions: '2.6.2+' }, { rule: 'no source' }] }, states: { a: { on: { ACK: 'a' } } } });
    const out = renderPipelineDoc([{ id: 's', title: 't', knobs: {}, machines: { Connector: cited, Consumer: consumer } }]);
    expect(out).toContain('| rule | events | source | versions | simplification |');
    expect(out).toContain('| Acks \\| commits | `ACK` | Task.commit | 2.6.2+ | – |');
    expect(out).not.toContain('no source');
    expect(out.match(/Rules and their sources:/g)).toHaveLength(1);
  });
  it('formats knobs compactly', () => {
    expect(formatKnobs({ a: 'x', b: { c: 1 }, d: true })).toBe('a=x, b={"c":1}, d=true');
  });
});
