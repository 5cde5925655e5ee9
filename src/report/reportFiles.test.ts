import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { reportFiles } from './reportFiles.ts';
import { writeReportFiles } from './writeReportFiles.ts';
import { toyRun } from './fixtures/toyRun.ts';

describe('reportFiles', () => {
  const files = reportFiles([toyRun()], 'out/');
  it('writes Markdown, HTML and JSON per violation, and the index', () => {
    expect([...files.keys()]).toEqual([
      'toy-dual-write/no-lost-events.md',
      'toy-dual-write/no-lost-events.html',
      'toy-dual-write/no-lost-events.json',
      'index.md',
    ]);
    expect(files.get('toy-dual-write/no-lost-events.md')).toContain('npx cdc-check replay out/toy-dual-write/no-lost-events.json');
    expect(files.get('index.md')).toContain('[✗ violated](toy-dual-write/no-lost-events.md)');
  });
  it('is deterministic, so committed reports can be compared with fresh ones', () => {
    expect(reportFiles([toyRun()], 'out')).toEqual(files);
  });
  it('writes them under a directory', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cdc-report-'));
    try {
      const written = writeReportFiles(dir, files);
      expect(written).toHaveLength(4);
      expect(readFileSync(join(dir, 'toy-dual-write/no-lost-events.json'), 'utf8')).toBe(files.get('toy-dual-write/no-lost-events.json'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
