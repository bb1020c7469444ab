import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseBenchArgs } from '../../bench/run.js';
import { compareBuilds, resolveBuild, VS_QUICK_SIZES, VsUsageError } from '../../bench/vs.js';

// `--vs` drives the built bench of two builds (npm test builds dist/ first). Both sides here are this
// repository's own build: the test checks well-formed output and the errors, never a timing.
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const runJs = fileURLToPath(new URL('../../dist/bench/run.js', import.meta.url));
const noBuild = fileURLToPath(new URL('../fixtures', import.meta.url));

describe('bench --vs (side by side with another build, tiny sizes)', () => {
  it('finds a build from its checkout or its dist/, and names a path without one', () => {
    const fromCheckout = resolveBuild(repoRoot);
    expect(fromCheckout.dist).toMatch(/dist$/);
    expect(fromCheckout.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(resolveBuild(fromCheckout.dist)).toEqual(fromCheckout);
    expect(() => resolveBuild(noBuild)).toThrow(VsUsageError);
    expect(() => resolveBuild(noBuild)).toThrow(/--vs expects a faultline checkout or its dist\/ .*has none/);
  });

  it('runs both builds in interleaved rounds and reports each figure beside the other with its ratio', () => {
    const build = resolveBuild(repoRoot);
    const order: string[] = [];
    const report = compareBuilds(build, { ...build, version: 'other' }, ['engine', 'raft'], VS_QUICK_SIZES, (line) => order.push(line));
    // Round 1 runs this build first, round 2 the other first, group by group.
    expect(order.map((line) => line.replace(/ \(.*\)$/, ''))).toEqual([
      'round 1/2: engine, this build',
      'round 1/2: engine, other build',
      'round 1/2: raft, this build',
      'round 1/2: raft, other build',
      'round 2/2: engine, other build',
      'round 2/2: engine, this build',
      'round 2/2: raft, other build',
      'round 2/2: raft, this build',
    ]);
    expect(report.rows.map((row) => row.name)).toEqual([
      'engine no-op events (fast mode, no trace)',
      'bare (time, seq) heap loop (same code in both builds: the machine)',
      'raft-kv, 1 virtual hour, all checkers (wall)',
      'raft-kv, 1 virtual hour, no checkers (wall)',
      'raft-kv events/s (all checkers)',
      'raft-kv events/s (no checkers)',
      'raft-kv, 1 virtual hour, all checkers (CPU)',
      'raft-kv, 1 virtual hour, no checkers (CPU)',
    ]);
    for (const row of report.rows) {
      expect(row.figure! > 0 && Number.isFinite(row.figure)).toBe(true);
      expect(row.reference! > 0 && Number.isFinite(row.reference)).toBe(true);
      expect(Number.isFinite(row.ratio)).toBe(true);
      expect(row.referenceLabel).toMatch(/^other /);
      expect(row.note).toMatch(/^median of 2 rounds: this build [\d.]+, [\d.]+ (s|M); other [\d.]+, [\d.]+ (s|M)/);
      if (row.name.startsWith('bare')) expect(row.met).toBeNull();
      else expect(row).toMatchObject({ goal: '≥ 0.95×', met: row.ratio! >= 0.95 });
    }
    const wall = report.rows[2]!;
    expect(wall.ratio).toBeCloseTo(wall.reference! / wall.figure!, 10);
  }, 180_000);

  it('parses --vs, and keeps it to the groups it compares', () => {
    expect(parseBenchArgs(['--vs', '../old'])).toEqual({ json: false, quick: false, groups: ['engine', 'raft'], vs: '../old' });
    expect(parseBenchArgs(['--vs', '../old', '--only', 'raft', '--json'])).toEqual({ json: true, quick: false, groups: ['raft'], vs: '../old' });
    expect(() => parseBenchArgs(['--vs'])).toThrow(/--vs expects the path/);
    expect(() => parseBenchArgs(['--vs', '../old', '--only', 'engine,fuzz'])).toThrow(/--vs compares the engine and raft groups only/);
  });

  it('exits 2 with one line on stderr when the path holds no build', () => {
    const child = spawnSync(process.execPath, [runJs, '--vs', noBuild], { encoding: 'utf8' });
    expect(child.status).toBe(2);
    expect(child.stdout).toBe('');
    expect(child.stderr.trim().split('\n')).toHaveLength(1);
    expect(child.stderr).toMatch(/^bench: --vs expects a faultline checkout or its dist\/ .*"[^"]*fixtures" has none/);
  }, 60_000);
});
