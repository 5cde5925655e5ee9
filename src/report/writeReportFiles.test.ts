import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { prepareReportDir, ReportPathError, writeReportFiles } from './writeReportFiles.ts';

const tmp = mkdtempSync(join(tmpdir(), 'cdc-write-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const index = '# cdc-check: verdicts\n';

describe('prepareReportDir / commit', () => {
  it('writes into a temporary directory beside the target, which appears only on commit', () => {
    const dir = join(tmp, 'new', 'reports');
    const target = prepareReportDir(dir);
    expect(existsSync(dir)).toBe(false);
    expect(readdirSync(join(tmp, 'new')).filter((n) => n.startsWith('.reports.tmp-'))).toHaveLength(1);
    target.commit(new Map([['index.md', index], ['a/b.md', 'b']]));
    expect(readFileSync(join(dir, 'a/b.md'), 'utf8')).toBe('b');
    expect(readdirSync(join(tmp, 'new'))).toEqual(['reports']);
  });

  it('a commit that fails half way leaves neither the target nor the temporary directory', () => {
    const dir = join(tmp, 'clash');
    const target = prepareReportDir(dir);
    // 'x' as a file, then 'x/y' under it: the second write fails after the first succeeded.
    expect(() => target.commit(new Map([['x', '1'], ['x/y', '2'], ['index.md', index]]))).toThrow(ReportPathError);
    expect(readdirSync(tmp).filter((n) => n.includes('clash'))).toEqual([]);
  });

  it('an earlier report is replaced whole; a directory of other files is refused', () => {
    const dir = join(tmp, 'old');
    writeReportFiles(dir, new Map([['index.md', index], ['gone.md', 'stale']]));
    writeReportFiles(dir, new Map([['index.md', index]]));
    expect(readdirSync(dir)).toEqual(['index.md']);
    const other = join(tmp, 'other');
    mkdirSync(other);
    writeFileSync(join(other, 'thesis.tex'), 'years of work');
    expect(() => prepareReportDir(other)).toThrow(/already holds files that cdc-check did not write/);
    expect(readdirSync(other)).toEqual(['thesis.tex']);
  });

  it('discard removes the temporary directory', () => {
    const target = prepareReportDir(join(tmp, 'dropped'));
    target.discard();
    expect(readdirSync(tmp).filter((n) => n.includes('dropped'))).toEqual([]);
  });

  it('refuses /proc at once instead of spinning in a recursive mkdir', () => {
    const started = Date.now();
    expect(() => prepareReportDir('/proc/x/y')).toThrow(ReportPathError);
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
