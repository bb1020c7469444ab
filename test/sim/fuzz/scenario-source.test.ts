import { mkdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { REGISTRY } from '../../../scenarios/index.js';
import { looksLikeModulePath, resolveScenario } from '../../../sim/fuzz/scenario-source.js';
import { staleBuildSource } from '../../../sim/fuzz/stale-build.js';
import { UsageError } from '../../../sim/index.js';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const COUNTER = './test/fixtures/userproto/counter.ts';
const LOSSY = './test/fixtures/workflows/lossy-tally.mjs';

describe('resolveScenario: one resolver for names and module references', { timeout: 60_000 }, () => {
  it('a registered name resolves through the catalog and is its own ref', async () => {
    const resolved = await resolveScenario('raft-kv', REPO, REGISTRY);
    expect(resolved.scenario.name).toBe('raft-kv');
    expect(resolved.ref).toBe('raft-kv');
    expect(resolved.source?.name).toBe('raft-kv');
  });

  it('a JavaScript module with one scenario: the ref names the module relative to cwd, and the scenario', async () => {
    const resolved = await resolveScenario(LOSSY, REPO, REGISTRY);
    expect(resolved.scenario.name).toBe('lossy-tally');
    expect(resolved.ref).toBe(`${LOSSY}#lossy-tally`);
    expect(resolved.source?.module).toMatch(/^file:.*lossy-tally\.mjs$/);
  });

  it('a TypeScript module loads without a build; #name and #exportName pick the same scenario', async () => {
    const byName = await resolveScenario(`${COUNTER}#naive-counter`, REPO);
    const byExport = await resolveScenario(`${COUNTER}#naiveCounter`, REPO);
    expect(byName.scenario).toBe(byExport.scenario);
    expect(byName.ref).toBe(`${COUNTER}#naive-counter`);
    expect(byExport.ref).toBe(`${COUNTER}#naive-counter`);
  });

  it('bad references are one clear UsageError each', async () => {
    await expect(resolveScenario('no-such-scenario', REPO, REGISTRY)).rejects.toThrow(/unknown scenario "no-such-scenario"/);
    await expect(resolveScenario('./nope.ts', REPO)).rejects.toThrow(UsageError);
    await expect(resolveScenario('./nope.ts', REPO)).rejects.toThrow(/scenario module \.\/nope\.ts does not exist/);
    await expect(resolveScenario(COUNTER, REPO)).rejects.toThrow(/exports several scenarios; pick one with #name \(dedup-counter, naive-counter\)/);
    await expect(resolveScenario(`${COUNTER}#other`, REPO)).rejects.toThrow(/has no scenario named "other" \(it has: dedup-counter, naive-counter\)/);
    await expect(resolveScenario('./test/fixtures', REPO)).rejects.toThrow(/is not a file/);
  });

  it('tells names from module paths', () => {
    for (const ref of ['x.js', 'x.mjs', 'x.cjs', 'x.ts', 'x.mts', 'x.cts', 'dist/x', './x.js#name', 'src\\x.ts']) expect(looksLikeModulePath(ref), ref).toBe(true);
    for (const ref of ['raft-kv', 'rpc-at-most-once', 'my-protocol#x']) expect(looksLikeModulePath(ref), ref).toBe(false);
  });
});

describe('a compiled scenario module older than its TypeScript source', () => {
  it('is named, with the source that is newer; a fresh build or a module outside dist/ is not', () => {
    const root = join(REPO, '.tmp', 'stale-build');
    rmSync(root, { recursive: true, force: true });
    mkdirSync(join(root, 'src'), { recursive: true });
    mkdirSync(join(root, 'dist'), { recursive: true });
    writeFileSync(join(root, 'dist', 'scenarios.js'), 'export {};\n');
    writeFileSync(join(root, 'src', 'scenarios.ts'), 'export {};\n');
    utimesSync(join(root, 'dist', 'scenarios.js'), new Date(1_000_000), new Date(1_000_000));
    expect(staleBuildSource(join(root, 'dist', 'scenarios.js'))).toBe(join(root, 'src', 'scenarios.ts'));
    utimesSync(join(root, 'src', 'scenarios.ts'), new Date(500_000), new Date(500_000));
    expect(staleBuildSource(join(root, 'dist', 'scenarios.js'))).toBeUndefined();
    expect(staleBuildSource(join(root, 'src', 'scenarios.ts'))).toBeUndefined();
  });
});
