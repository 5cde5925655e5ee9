/** One leaf that differs between two consecutive states. */
export interface StateChange {
  /** Dotted path into the state, with `[i]` for array indices (e.g. `db.rows[0].balance`). */
  path: string;
  /** Compact JSON of the old value, or `undefined` when the path is new. */
  before: string | undefined;
  /** Compact JSON of the new value, or `undefined` when the path was removed. */
  after: string | undefined;
}

/** Stop descending past this many changes: a report line lists a handful, not hundreds. */
const MAX_CHANGES = 64;

/**
 * Structural diff of two plain-data states: the paths whose values differ.
 *
 * Pure. Knows nothing about the model's domain; arrays are compared index by index, except that
 * an array which only grew at its end reports just the appended elements (the usual shape of a
 * log, a WAL or a partition), and a value that changed type is reported whole.
 */
export function diffStates(before: unknown, after: unknown): StateChange[] {
  const out: StateChange[] = [];
  walk(before, after, '', out);
  return out;
}

function walk(a: unknown, b: unknown, path: string, out: StateChange[]): void {
  if (out.length >= MAX_CHANGES || a === b) return;
  if (Array.isArray(a) && Array.isArray(b)) {
    const n = Math.max(a.length, b.length);
    for (let i = 0; i < n; i++) walk(a[i], b[i], `${path}[${i}]`, out);
    return;
  }
  if (isRecord(a) && isRecord(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    for (const k of keys) walk(a[k], b[k], path === '' ? k : `${path}.${k}`, out);
    return;
  }
  const before = a === undefined ? undefined : compactJson(a);
  const after = b === undefined ? undefined : compactJson(b);
  if (before !== after) out.push({ path: path === '' ? '(state)' : path, before, after });
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Stable, key-sorted JSON on one line, so equal values always print the same. */
export function compactJson(v: unknown): string {
  return JSON.stringify(sortKeys(v)) ?? String(v);
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (isRecord(v)) {
    const o: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) o[k] = sortKeys(v[k]);
    return o;
  }
  return v;
}

/** Renders a change as `path: before → after` (with `∅` for absent). */
export function formatChange(c: StateChange, maxValue = 60): string {
  return `${c.path}: ${clip(c.before ?? '∅', maxValue)} → ${clip(c.after ?? '∅', maxValue)}`;
}

function clip(s: string, n: number): string {
  return s.length <= n ? s : `${s.slice(0, n - 1)}…`;
}
