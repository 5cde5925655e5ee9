/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/**
 * Escapes text for a Mermaid message or note: `;` ends a statement and `#` starts an entity in
 * Mermaid, and angle brackets would be read as HTML by the renderer, so all become entity codes.
 */
export function escapeMermaid(s: string): string {
  // One pass: a second replace would re-escape the `;` of the codes the first one wrote.
  return s.replace(/[#;<>]/g, (c) => `#${c.charCodeAt(0)};`).replace(/[\r\n]+/g, ' ');
}

/** Escapes a Markdown table cell: pipes split cells and newlines end the row. */
export function escapeCell(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ');
}

/** Wraps text in a Markdown code span that survives backticks inside it. */
export function codeSpan(s: string): string {
  const fence = s.includes('`') ? '``' : '`';
  const pad = s.startsWith('`') || s.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${s}${pad}${fence}`;
}
