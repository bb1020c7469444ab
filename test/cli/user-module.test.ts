import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const MAIN = join(REPO, 'dist', 'cli', 'main.js');
const MODULE = './test/fixtures/userproto/counter.ts';

function faultline(args: string[], cwd = REPO): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [MAIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', CI: 'true' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('every command takes a TypeScript scenario module', { timeout: 120_000 }, () => {
  it("list ./module.ts shows the module's scenarios by the reference to pass", () => {
    const listed = faultline(['list', MODULE]);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/^\.\/test\/fixtures\/userproto\/counter\.ts#dedup-counter\s+fixture: a de-duplicating counter$/m);
    const json = JSON.parse(faultline(['list', MODULE, '--json']).stdout) as { name: string; ref: string }[];
    expect(json.map((row) => row.ref)).toEqual([`${MODULE}#dedup-counter`, `${MODULE}#naive-counter`]);
  });

  it('run, then replay of its printed repro, each with --check-determinism', () => {
    const run = faultline(['run', `${MODULE}#naiveCounter`, '--seed', '3', '--check-determinism']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('✔ deterministic: two runs gave digest');
    const repro = /repro: faultline (replay .*)$/m.exec(run.stdout)![1]!;
    expect(repro).toBe(`replay ${MODULE}#naive-counter --seed 3`);
    const replay = faultline([...repro.split(' '), '--check-determinism', '--json']);
    expect(replay.code).toBe(1);
    expect(JSON.parse(replay.stdout).determinism.identical).toBe(true);
  });

  it('fuzz --check-determinism runs every seed again and compares', () => {
    const fuzz = faultline(['fuzz', `${MODULE}#dedup-counter`, '--seeds', '6', '--workers', '2', '--check-determinism']);
    expect(fuzz.code).toBe(0);
    expect(fuzz.stdout).toContain('✔ deterministic: 6 seed(s) gave the same digest when run again');
  });

  it('bad references: one line on stderr, exit 2', () => {
    for (const args of [['run', './missing.ts'], ['list', './missing.ts'], ['fuzz', MODULE, '--seeds', '2'], ['replay', `${MODULE}#nope`, '--seed', '1']]) {
      const result = faultline(args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
    }
  });
});

describe('faultline init', { timeout: 60_000 }, () => {
  const dir = join(REPO, '.tmp', 'init-test');

  it('writes the starter project (without installing) and refuses a non-empty folder', () => {
    rmSync(dir, { recursive: true, force: true });
    const created = faultline(['init', dir, '--no-install', '--faultline', 'file:../faultline.tgz']);
    expect(created.code).toBe(0);
    for (const file of ['package.json', 'src/scenarios.ts', 'src/replica.ts', 'src/checkers.ts', 'test/quorum-kv.test.ts', 'README.md']) expect(existsSync(join(dir, file)), file).toBe(true);
    expect(created.stdout).toContain('npm install && npm test');
    const again = faultline(['init', dir, '--no-install']);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/is not empty/);
  });

  it('depends on faultline as the enclosing project does (a file: tarball rebased), else on this version', () => {
    const outer = join(REPO, '.tmp', 'init-outer');
    rmSync(outer, { recursive: true, force: true });
    mkdirSync(outer, { recursive: true });
    writeFileSync(join(outer, 'package.json'), JSON.stringify({ devDependencies: { faultline: 'file:faultline-0.2.0.tgz' } }));
    expect(faultline(['init', 'demo', '--no-install'], outer).code).toBe(0);
    const pkg = JSON.parse(readFileSync(join(outer, 'demo', 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
    expect(pkg.devDependencies.faultline).toBe('file:../faultline-0.2.0.tgz');
  });
});
