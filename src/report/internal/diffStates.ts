import { diffArrays } from 'diff';

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
 * Pure. Knows nothing about the model's domain. Arrays are compared by their elements' identity
 * (equal content), not by position: a longest-common-subsequence diff (jsdiff's `diffArrays`)
 * lines them up, so removing `buffer[0]` reads as one removed element (at its old index), not as
 * every later element changing, and an append reads as the new elements (at their new indices).
 * An element replaced in place (removed and added at one spot) is diffed structurally, so a field
 * that changed inside it shows as that field. A value that changed type is reported whole.
 */
export function diffStates(before: unknown, after: unknown): StateChange[] {
  const out: StateChange[] = [];
  walk(before, after, '', out);
  return out;
}

function walk(a: unknown, b: unknown, path: string, out: StateChange[]): void {
  if (out.length >= MAX_CHANGES || a === b) return;
  if (Array.isArray(a) && Array.isArray(b)) {
    walkArrays(a, b, path, out);
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

/**
 * Lines two arrays up by element identity. Each run of changes between common elements is a
 * hunk: its removed and added elements are paired off in order (an element changed in place),
 * and what is left over is reported as removed (old index) or added (new index).
 */
function walkArrays(a: readonly unknown[], b: readonly unknown[], path: string, out: StateChange[]): void {
  const keyed = new Map<unknown, string>();
  const keyOf = (v: unknown): string => {
    let k = keyed.get(v);
    if (k === undefined) keyed.set(v, (k = typeof v === 'object' && v !== null ? compactJson(v) : `${typeof v}:${String(v)}`));
    return k;
  };
  const parts = diffArrays(a.map(keyOf), b.map(keyOf));
  let i = 0; // index into a
  let j = 0; // index into b
  let removed: number[] = [];
  let added: number[] = [];
  const flush = (): void => {
    const paired = Math.min(removed.length, added.length);
    for (let p = 0; p < paired; p++) walk(a[removed[p]!], b[added[p]!], `${path}[${added[p]!}]`, out);
    for (const r of removed.slice(paired)) walk(a[r], undefined, `${path}[${r}]`, out);
    for (const n of added.slice(paired)) walk(undefined, b[n], `${path}[${n}]`, out);
    removed = [];
    added = [];
  };
  for (const part of parts) {
    if (part.removed) for (let c = 0; c < part.count; c++) removed.push(i++);
    else if (part.added) for (let c = 0; c < part.count; c++) added.push(j++);
    else {
      flush();
      i += part.count;
      j += part.count;
    }
  }
  flush();
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
