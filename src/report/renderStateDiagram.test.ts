import { describe, expect, it } from 'vitest';
import { setup } from 'xstate';
import { renderStateDiagram } from './renderStateDiagram.ts';

const machine = setup({ guards: { hasRetries: () => true } }).createMachine({
  id: 'service',
  initial: 'idle',
  states: {
    idle: { on: { ServiceReceive: 'committing' } },
    committing: { on: { CommitOk: 'publishing', CommitFail: 'idle', Log: { actions: [] } } },
    publishing: {
      initial: 'sending',
      states: {
        sending: { on: { Ack: 'acked', AckTimeout: { target: 'sending', guard: 'hasRetries' } } },
        acked: { type: 'final' },
      },
      onDone: 'done',
    },
    both: { type: 'parallel', states: { a: { initial: 'x', states: { x: { always: 'y' }, y: {} } }, b: { initial: 'z', states: { z: { after: { 50: 'z' } } } } } },
    done: { type: 'final' },
    end: {},
  },
});

describe('renderStateDiagram', () => {
  const lines = renderStateDiagram(machine).split('\n');
  it('draws the initial state, every transition with its event, and final states', () => {
    expect(lines[0]).toBe('stateDiagram-v2');
    expect(lines).toContain('  [*] --> idle');
    expect(lines).toContain('  idle --> committing: ServiceReceive');
    expect(lines).toContain('  committing --> idle: CommitFail');
    expect(lines).toContain('  committing --> committing: Log');
    expect(lines).toContain('  publishing --> done: onDone');
    expect(lines).toContain('  done --> [*]');
  });
  it('nests compound states, separates parallel regions, and labels guards, always and after', () => {
    expect(lines).toContain('  state publishing {');
    expect(lines).toContain('    [*] --> publishing_sending');
    expect(lines).toContain('    publishing_acked --> [*]');
    expect(lines).toContain('  publishing_sending --> publishing_sending: AckTimeout [hasRetries]');
    expect(lines).toContain('    --');
    expect(lines).toContain('  both_a_x --> both_a_y: always');
    expect(lines).toContain('  both_b_z --> both_b_z: after 50');
  });
  it('labels only the states whose id is not their key, and keeps ids off Mermaid keywords', () => {
    expect(lines).not.toContain('  state "idle" as idle');
    expect(lines).toContain('    state "sending" as publishing_sending');
    expect(lines).toContain('  state "end" as s_end');
  });
});
