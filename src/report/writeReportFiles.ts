import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

/** Raised when reports cannot go where asked; the message is one line naming the path and why. */
export class ReportPathError extends Error {
  override name = 'ReportPathError';
}

/** The first line of an index that cdc-check wrote: a directory holding it may be replaced. */
const INDEX_HEADING = '# cdc-check: verdicts';

/**
 * A report directory being written: files go into a temporary directory beside the target, and
 * `commit` puts it in place with a rename, so a failed or interrupted run never leaves half a
 * report. Made by `prepareReportDir` before the search starts, so a bad path costs no search.
 */
export interface ReportTarget {
  /** The directory the reports will be in, as given. */
  readonly dir: string;
  /** Writes `files` (relative path → content, from `reportFiles`) and renames them into place; returns the paths, in order. */
  commit(files: ReadonlyMap<string, string>): string[];
  /** Removes the temporary directory (after an interrupt or a failure). Safe to call twice. */
  discard(): void;
}

/**
 * Checks that `dir` can receive reports and creates the temporary directory beside it. Throws
 * `ReportPathError` when the name is empty, the path or one of its parents is a file, the parent
 * cannot be written (including `/proc` and `/sys`), or `dir` exists with files that cdc-check did
 * not write (so a mistyped `--report ~` can never replace a home directory).
 */
export function prepareReportDir(dir: string): ReportTarget {
  if (dir.trim() === '') throw new ReportPathError('the report directory is an empty name');
  const target = resolve(dir);
  if (target === dirname(target)) throw new ReportPathError(`'${dir}' is the root directory`);
  if (existsSync(target)) {
    if (!statSync(target).isDirectory()) throw new ReportPathError(`'${dir}' exists and is not a directory`);
    const entries = readdirSync(target);
    if (entries.length > 0 && !isReportDir(target)) {
      throw new ReportPathError(`'${dir}' already holds files that cdc-check did not write (no index.md of verdicts)`);
    }
  }
  const parent = dirname(target);
  let temp: string;
  try {
    makeParents(parent);
    temp = mkdtempSync(join(parent, `.${basename(target)}.tmp-`));
  } catch (e) {
    throw new ReportPathError(`cannot write reports beside '${dir}': ${why(e)}`);
  }
  let done = false;
  const discard = (): void => {
    if (!done) rmSync(temp, { recursive: true, force: true });
    done = true;
  };
  return {
    dir,
    discard,
    commit(files) {
      try {
        const written: string[] = [];
        for (const [rel, content] of files) {
          const path = join(temp, rel);
          mkdirSync(dirname(path), { recursive: true });
          writeFileSync(path, content);
          written.push(join(dir, rel));
        }
        // Swap the finished directory in: the old one (if any) is moved aside first, then removed.
        const old = existsSync(target) ? `${temp}.old` : undefined;
        if (old) renameSync(target, old);
        renameSync(temp, target);
        done = true;
        if (old) rmSync(old, { recursive: true, force: true });
        return written;
      } catch (e) {
        discard();
        throw new ReportPathError(`cannot write reports to '${dir}': ${why(e)}`);
      }
    },
  };
}

/**
 * Writes `files` under `dir` at once (`prepareReportDir` then `commit`): the directory ends up
 * holding exactly these files. Returns the paths written, in order.
 */
export function writeReportFiles(dir: string, files: ReadonlyMap<string, string>): string[] {
  return prepareReportDir(dir).commit(files);
}

/**
 * Creates `path` and its missing parents one level at a time. Node's recursive mkdir spins for
 * ever under `/proc`, where a missing entry can never be created.
 */
function makeParents(path: string): void {
  const missing: string[] = [];
  let at = path;
  while (!existsSync(at)) {
    missing.unshift(at);
    at = dirname(at);
  }
  if (!statSync(at).isDirectory()) throw Object.assign(new Error(`'${at}' is not a directory`), { code: 'ENOTDIR' });
  for (const dir of missing) mkdirSync(dir);
}

function isReportDir(path: string): boolean {
  try {
    return readFileSync(join(path, 'index.md'), 'utf8').startsWith(INDEX_HEADING);
  } catch {
    return false;
  }
}

/** A file-system error as a few words: "permission denied", "not a directory". */
function why(e: unknown): string {
  const code = (e as { code?: string }).code;
  const words: Record<string, string> = {
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    ENOTDIR: 'a parent is not a directory',
    ENOENT: 'a parent cannot be created there',
    EROFS: 'read-only file system',
    EEXIST: 'a file is in the way',
    ENOSPC: 'no space left on the device',
  };
  return code && words[code] ? `${words[code]} (${code})` : e instanceof Error ? e.message.split('\n')[0]! : String(e);
}
