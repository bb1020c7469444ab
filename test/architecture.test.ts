import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FAULTLINE_VERSION } from '../sim/index.js';

const root = fileURLToPath(new URL('..', import.meta.url));

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(root, dir))) {
    const path = join(root, dir, name);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(relative(root, path)));
    else if (name.endsWith('.ts')) out.push(relative(root, path));
  }
  return out;
}

function importsOf(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  return [...text.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)].map((m) => m[1]!);
}

/** Dependencies point one way: cli -> scenarios -> protocols -> sim. */
const FORBIDDEN: Record<string, string[]> = {
  sim: ['protocols', 'scenarios', 'cli'],
  protocols: ['scenarios', 'cli'],
  scenarios: ['cli'],
};

describe('architecture', () => {
  for (const [layer, forbidden] of Object.entries(FORBIDDEN)) {
    it(`${layer}/ imports nothing from ${forbidden.join(', ')}`, () => {
      const offending: string[] = [];
      for (const file of sourceFiles(layer)) {
        for (const spec of importsOf(file)) {
          if (!spec.startsWith('.')) continue;
          const target = relative(root, join(root, file, '..', spec)).split(/[\\/]/)[0]!;
          if (forbidden.includes(target)) offending.push(`${file} imports ${spec}`);
        }
      }
      expect(offending).toEqual([]);
    });
  }

  it('sim/ has files to check (so the test above cannot pass vacuously)', () => {
    expect(sourceFiles('sim').length).toBeGreaterThan(10);
  });

  it('the version in traces and repros is the package version', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
    expect(FAULTLINE_VERSION).toBe(pkg.version);
  });
});
