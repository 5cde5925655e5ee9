import type { AnyStateMachine, AnyStateNode } from 'xstate';
import { escapeMermaid } from './internal/escape.ts';

/** A transition as drawn: from and to are state-node ids; `label` is the event and guard. */
interface Edge {
  from: string;
  to: string;
  label: string;
}

/**
 * Renders an xstate v5 machine as a Mermaid `stateDiagram-v2` (the body of a ```mermaid fence).
 *
 * Walks the machine's state nodes (`machine.root.states`), their initial transitions
 * (`node.initial`), their event, eventless (`always`) and delayed transitions (`node.transitions`,
 * `node.always`), drawing compound states as nested blocks, parallel regions with `--`
 * separators, final states into `[*]`, and guards in brackets. Targetless transitions (actions
 * only) are drawn as self-loops, since they do happen in that state. Pure and deterministic: it
 * follows the machine's own declaration order.
 */
export function renderStateDiagram(machine: AnyStateMachine): string {
  const root = machine.root as AnyStateNode;
  const lines = ['stateDiagram-v2'];
  const edges: Edge[] = [];
  renderChildren(root, lines, edges, '  ');
  for (const e of edges) lines.push(`  ${e.from} --> ${e.to}${e.label ? `: ${e.label}` : ''}`);
  return lines.join('\n');
}

/** Words Mermaid's state-diagram grammar reserves; a state id equal to one would not parse. */
const RESERVED = new Set(['end', 'state', 'note', 'direction', 'class', 'classdef', 'style', 'as', 'click', 'default', 'left', 'right', 'of']);

/** A Mermaid-safe id for a state node: its path, since keys repeat across parents. */
function nodeId(node: AnyStateNode): string {
  const path = (node.path.length > 0 ? node.path.join('_') : 'root').replace(/[^A-Za-z0-9_]/g, '_');
  return RESERVED.has(path.toLowerCase()) || /^\d/.test(path) ? `s_${path}` : path;
}

function renderChildren(parent: AnyStateNode, lines: string[], edges: Edge[], indent: string): void {
  const children = Object.values(parent.states) as AnyStateNode[];
  if (children.length === 0) return;
  if (parent.type === 'parallel') {
    children.forEach((child, i) => {
      if (i > 0) lines.push(`${indent}--`);
      renderNode(child, lines, edges, indent);
    });
    return;
  }
  const initial = parent.initial?.target?.[0] as AnyStateNode | undefined;
  if (initial) lines.push(`${indent}[*] --> ${nodeId(initial)}`);
  for (const child of children) renderNode(child, lines, edges, indent);
}

function renderNode(node: AnyStateNode, lines: string[], edges: Edge[], indent: string): void {
  const id = nodeId(node);
  // A label only where the id is not the key itself. It is declared apart from a composite's
  // body because Mermaid rejects `state "label" as id {` (mermaid-js/mermaid#2026).
  if (id !== node.key) lines.push(`${indent}state "${escapeMermaid(node.key)}" as ${id}`);
  const children = Object.values(node.states);
  if (children.length > 0) {
    lines.push(`${indent}state ${id} {`);
    renderChildren(node, lines, edges, `${indent}  `);
    lines.push(`${indent}}`);
  }
  // `[*]` means the end of the enclosing block, so a final state's exit is drawn in place.
  if (node.type === 'final') lines.push(`${indent}${id} --> [*]`);
  const transitions = [...node.transitions.values()].flat();
  for (const t of [...transitions, ...(node.always ?? [])]) {
    const targets = (t.target ?? [node]) as readonly AnyStateNode[];
    for (const target of targets) edges.push({ from: id, to: nodeId(target), label: transitionLabel(t.eventType, t.guard) });
  }
}

function transitionLabel(eventType: string, guard: unknown): string {
  const event =
    eventType === ''
      ? 'always'
      : eventType.startsWith('xstate.after.')
        ? `after ${eventType.split('.')[2] ?? ''}`
        : eventType.startsWith('xstate.done.')
          ? 'onDone'
          : eventType.startsWith('xstate.error.')
            ? 'onError'
            : eventType;
  const g = guardName(guard);
  return escapeMermaid(g ? `${event} [${g}]` : event);
}

function guardName(guard: unknown): string | undefined {
  if (guard === undefined || guard === null) return undefined;
  if (typeof guard === 'string') return guard;
  if (typeof guard === 'function') return guard.name || 'guard';
  if (typeof guard === 'object' && 'type' in guard && typeof guard.type === 'string') return guard.type;
  return 'guard';
}
