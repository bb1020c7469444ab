import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

/** What `npm pack` would ship, as an outside user receives it (npm test has built dist/). */
const REPO = fileURLToPath(new URL('../', import.meta.url));
let shipped: Set<string>;

beforeAll(() => {
  const pack = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: REPO, encoding: 'utf8' });
  expect(pack.status, pack.stderr).toBe(0);
  shipped = new Set((JSON.parse(pack.stdout) as { files: { path: string }[] }[])[0]!.files.map((file) => file.path));
}, 120_000);

function linksIn(markdownPath: string): string[] {
  const text = readFileSync(join(REPO, markdownPath), 'utf8');
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1]!).filter((target) => !/^(?:https?:|mailto:|#)/.test(target));
}

describe('the package (npm pack)', { timeout: 120_000 }, () => {
  it('ships the LICENSE, the CLI and the library, and no benchmarks or tests', () => {
    for (const file of ['LICENSE', 'README.md', 'package.json', 'dist/cli/main.js', 'dist/scenarios/index.js', 'dist/scenarios/index.d.ts', 'docs/guide.md', 'examples/quorum-kv/src/scenarios.ts']) expect(shipped.has(file), file).toBe(true);
    const unwanted = [...shipped].filter((file) => /^(?:dist\/bench|bench|test)\//.test(file) || file.includes('node_modules'));
    expect(unwanted).toEqual([]);
    expect(readFileSync(join(REPO, 'LICENSE'), 'utf8')).toMatch(/^MIT License[\s\S]*faultline authors/);
  });

  it('every relative link in a shipped README or guide resolves to a shipped file', () => {
    const documents = [...shipped].filter((file) => file.endsWith('.md'));
    expect(documents).toContain('docs/guide.md');
    const broken: string[] = [];
    for (const document of documents) {
      for (const link of linksIn(document)) {
        const target = normalize(join(dirname(document), link.split('#')[0]!)).split('\\').join('/');
        if (!shipped.has(target)) broken.push(`${document} → ${link}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it("every source map's sources are shipped, so stack frames name files that exist", () => {
    const maps = [...shipped].filter((file) => file.endsWith('.js.map'));
    expect(maps.length).toBeGreaterThan(100);
    const missing: string[] = [];
    for (const map of maps) {
      const { sources } = JSON.parse(readFileSync(join(REPO, map), 'utf8')) as { sources: string[] };
      for (const source of sources) {
        const path = normalize(join(dirname(map), source)).split('\\').join('/');
        if (!shipped.has(path)) missing.push(`${map} → ${path}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('runs nothing at install: no install or prepare scripts (the build is preprepare in the repo, prepack when packing)', () => {
    const scripts = (JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    for (const hook of ['preinstall', 'install', 'postinstall', 'prepare']) expect(scripts[hook], hook).toBeUndefined();
    expect(scripts.prepack).toContain('build');
  });

  it('the example project (and so the project `init` writes) asks for this version of faultline', () => {
    const version = (JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string }).version;
    const example = JSON.parse(readFileSync(join(REPO, 'examples/quorum-kv/package.json'), 'utf8')) as { devDependencies: Record<string, string> };
    // A caret range below 1.0 admits only its own minor version: ^0.2.0 would install 0.2.x.
    expect(example.devDependencies.faultline).toBe(`^${version}`);
  });
});
