import { readFileSync } from 'node:fs';

/** cdc-check's version, from its package.json: shard results record it, and merge compares it. */
export function cdcCheckVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}
