import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Writes `files` (relative path → content, from `reportFiles`) under `dir`, creating folders.
 * Returns the paths written, in order. Existing files are overwritten; others are left alone.
 */
export function writeReportFiles(dir: string, files: ReadonlyMap<string, string>): string[] {
  const written: string[] = [];
  for (const [rel, content] of files) {
    const path = join(dir, rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
    written.push(path);
  }
  return written;
}
