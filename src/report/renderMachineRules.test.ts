import { setup } from 'xstate';
import { describe, expect, it } from 'vitest';
import { renderMachineRules } from './renderMachineRules.ts';

describe('renderMachineRules', () => {
  it('lists the described states and transitions in declaration order, each with where it applies', () => {
    const machine = setup({ actions: { act: () => {} } }).createMachine({
      id: 'm',
      initial: 'a',
      states: {
        a: { description: 'the first state', on: { GO: { target: 'b', description: 'goes on\n  (Class.method, since 1.0)' }, STAY: { actions: 'act', description: 'stays' }, QUIET: { target: 'b' } } },
        b: {},
      },
    });
    expect(renderMachineRules(machine)).toEqual(['- `a`: the first state', '- `a` —GO→ `b`: goes on (Class.method, since 1.0)', '- `a` on STAY: stays']);
  });

  it('lists a transition several states share once, naming every state it leaves from', () => {
    const crash = { target: 'a', description: 'crashes' } as const;
    const machine = setup({}).createMachine({ id: 'm', initial: 'a', states: { a: { on: { CRASH: crash } }, b: { on: { CRASH: crash } }, c: { on: { CRASH: { target: 'a', description: 'other' } } } } });
    expect(renderMachineRules(machine)).toEqual(['- `a`, `b` —CRASH→ `a`: crashes', '- `c` —CRASH→ `a`: other']);
  });

  it('is empty for a machine without descriptions', () => {
    const machine = setup({}).createMachine({ id: 'm', initial: 'a', states: { a: { on: { GO: 'b' } }, b: {} } });
    expect(renderMachineRules(machine)).toEqual([]);
  });
});
