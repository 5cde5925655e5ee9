import type { AnyStateMachine, AnyStateNode } from 'xstate';

/**
 * The rules a machine states about itself, as Markdown list items: the `description` of each
 * state node and of each transition that has one, in declaration order, each led by where it
 * applies (`` `starting` —SNAPSHOT→ `snapshotting` ``; a targetless transition names its state
 * only). Models put the real system's rule and its source (class, method, version range) there,
 * so the generated doc cites them next to the diagram. A transition several states share (same
 * event, targets and description) is one item naming all of them. Pure; `[]` when nothing is
 * described.
 */
export function renderMachineRules(machine: AnyStateMachine): string[] {
  const out: string[] = [];
  // A transition shared by several states (the same event, targets and description) is listed
  // once, naming every state it leaves from.
  const shared: { froms: string[]; event: string; targets: string[]; text: string; at: number }[] = [];
  const visit = (node: AnyStateNode) => {
    const here = `\`${node.path.join('.')}\``;
    if (node.path.length > 0 && node.description) out.push(`- ${here}: ${oneLine(node.description)}`);
    for (const [event, transitions] of node.transitions) {
      for (const t of transitions) {
        if (!t.description) continue;
        const targets = (t.target ?? []).map((n: AnyStateNode) => `\`${n.path.join('.')}\``);
        const text = oneLine(t.description);
        const same = shared.find((e) => e.event === event && e.text === text && e.targets.join() === targets.join());
        if (same) {
          same.froms.push(here);
          continue;
        }
        shared.push({ froms: [here], event, targets, text, at: out.length });
        out.push('');
      }
    }
    for (const child of Object.values(node.states) as AnyStateNode[]) visit(child);
  };
  visit(machine.root as AnyStateNode);
  for (const e of shared) {
    const where = e.targets.length > 0 ? `${e.froms.join(', ')} —${e.event}→ ${e.targets.join(', ')}` : `${e.froms.join(', ')} on ${e.event}`;
    out[e.at] = `- ${where}: ${e.text}`;
  }
  return out;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
