import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { scenarios } from '../../models/scenarios.ts';
import { reportFiles } from '../report/reportFiles.ts';
import { pipelineDoc, PIPELINE_DOC } from './commands/docsCommand.ts';
import { runScenario } from './runScenario.ts';
import { selectScenarios } from './ScenarioRegistry.ts';

/**
 * The committed generated files must be exactly what the code generates now, so they cannot go
 * stale: regenerate with `npm run docs` and `npm run reports`, then commit.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const registry = { scenarios };

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).replace(/\\/g, '/'))
    .sort();
}

describe('committed generated files', () => {
  it(`${PIPELINE_DOC} equals what the scenarios' machines render to (npm run docs)`, () => {
    expect(readFileSync(join(ROOT, PIPELINE_DOC), 'utf8')).toBe(pipelineDoc(registry));
  });

  it('reports/ holds every scenario (T1–T4 and Debezium counterexamples included), each exactly as generated now (npm run reports)', () => {
    const index = readFileSync(join(ROOT, 'reports/index.md'), 'utf8');
    const ids = [...index.matchAll(/^- `([^`]+)`:/gm)].map((m) => m[1]!);
    // The committed index is the full verdict matrix: every registered scenario, in order.
    expect(ids).toEqual(scenarios.map((s) => s.id));
    expect(ids).toEqual(expect.arrayContaining(['dual-write', 'publish-then-commit', 'dual-write-retry', 'dual-write-concurrent']));
    expect(ids.some((id) => id.startsWith('snapshot-'))).toBe(true);
    const runs = selectScenarios(registry, ids).map((s) => runScenario(s, { mode: 'exhaustive', scope: 'small' }));
    const generated = reportFiles(runs, 'reports');
    expect(filesUnder(join(ROOT, 'reports'))).toEqual([...generated.keys()].sort());
    for (const [rel, content] of generated) {
      expect(readFileSync(join(ROOT, 'reports', rel), 'utf8'), `reports/${rel} is stale: run npm run reports`).toBe(content);
    }
  });
});
