import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ORACLES_DIR } from './helpers/oracles.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.(ts|mts|mjs|js)$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name));
}

describe('a fresh clone has everything its tests and benchmarks read', () => {
  it('keeps the external histories inside the repository', () => {
    expect(ORACLES_DIR.startsWith(ROOT)).toBe(true);
    expect(readdirSync(ORACLES_DIR).sort()).toEqual(['README.md', 'knossos', 'porcupine', 'shiviz']);
    for (const source of ['knossos', 'porcupine', 'shiviz']) {
      expect(readFileSync(join(ORACLES_DIR, source, 'NOTICE.md'), 'utf8')).toMatch(/Licence: (MIT|Eclipse Public License)/);
    }
  });

  it('no test or benchmark source names a folder beside the repository', () => {
    const offenders = [...sources('test'), ...sources('bench')].filter((file) => {
      const text = readFileSync(file, 'utf8');
      return /\.\.\/\.\.\/\.\.\/shared|['"]\.\.['"],\s*['"]shared['"]|\/work\/shared/.test(text) && !file.endsWith('self-contained.test.ts');
    });
    expect(offenders).toEqual([]);
  });
});
