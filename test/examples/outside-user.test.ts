import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * The outside user's path, on every change: pack faultline as npm would publish it, install the
 * tarball into a fresh copy of examples/quorum-kv and into a project made by `faultline init`, and
 * run their own test suites. Dependencies come from the npm cache (or the registry when missing).
 * Works under the repository's .tmp/ (git-ignored); `npm test` builds dist/ before it runs.
 */
const REPO = fileURLToPath(new URL('../../', import.meta.url));
const WORK = join(REPO, '.tmp', 'outside-user');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const quiet = ['--no-audit', '--no-fund', '--prefer-offline'];
const env = { ...process.env, NO_COLOR: '1', CI: 'true', npm_config_update_notifier: 'false' };

function run(command: string, args: string[], cwd: string): SpawnSyncReturns<string> {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env, timeout: 600_000 });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} in ${cwd} exited ${result.status}:\n${result.stdout}\n${result.stderr}`);
  return result;
}

let tarball = '';

beforeAll(() => {
  rmSync(WORK, { recursive: true, force: true });
  mkdirSync(WORK, { recursive: true });
  // --ignore-scripts: prepack would build again; npm test has just built dist/.
  run(npm, ['pack', '--ignore-scripts', '--pack-destination', WORK], REPO);
  tarball = join(WORK, readdirSync(WORK).find((file) => file.endsWith('.tgz'))!);
}, 600_000);

describe('faultline from its packed tarball, as an outside project uses it', { timeout: 900_000 }, () => {
  it('examples/quorum-kv: installs without warnings and its suite passes (correct store holds, planted bug caught, repro replays)', () => {
    const project = join(WORK, 'quorum-kv');
    for (const entry of ['src', 'test', 'package.json', 'tsconfig.json', 'README.md']) cpSync(join(REPO, 'examples', 'quorum-kv', entry), join(project, entry), { recursive: true });
    const install = run(npm, ['install', ...quiet, tarball], project);
    expect(install.stderr).not.toMatch(/npm warn/i);
    const tests = run(npm, ['test'], project);
    expect(tests.stdout).toMatch(/Tests\s+5 passed/);
    run(npx, ['tsc', '--noEmit'], project);
  });

  it('npx faultline init demo: a project whose tests pass at once, and every command on its module', () => {
    const fresh = join(WORK, 'fresh');
    mkdirSync(fresh, { recursive: true });
    run(npm, ['init', '-y'], fresh);
    run(npm, ['install', ...quiet, tarball], fresh);
    const init = run(npx, ['faultline', 'init', 'demo'], fresh);
    expect(init.stdout).toContain('created demo/');
    const demo = join(fresh, 'demo');
    expect(existsSync(join(demo, 'node_modules', 'faultline', 'dist', 'cli', 'main.js'))).toBe(true);
    expect(run(npm, ['test'], demo).stdout).toMatch(/Tests\s+\d+ passed/);

    const module = './src/scenarios.ts';
    const broken = `${module}#quorum-kv-r1w1`;
    expect(run(npx, ['faultline', 'list', module], demo).stdout).toContain(`${module}#quorum-kv `);
    const faultline = (args: string[]): SpawnSyncReturns<string> => spawnSync(npx, ['faultline', ...args], { cwd: demo, encoding: 'utf8', env });
    const fuzz = faultline(['fuzz', broken, '--seeds', '1..6', '--workers', '2', '--check-determinism']);
    expect(fuzz.status).toBe(1);
    expect(fuzz.stdout).toContain('✔ deterministic');
    const repro = /repro: faultline (replay \S+ --seed \d+(?: --strategy [a-z]+)? --digest [0-9a-f]{16})/.exec(fuzz.stdout)?.[1];
    expect(repro).toBeDefined();
    const replay = faultline([...repro!.split(' '), '--check-determinism']);
    expect(replay.status).toBe(1);
    expect(replay.stdout).toContain('✔ digest matches');
    const seed = /--seed (\d+)/.exec(repro!)![1]!;
    const run1 = faultline(['run', broken, '--seed', seed, '--trace', 'run.jsonl', '--check-determinism']);
    expect(run1.status).toBe(1);
    expect(run1.stdout).toContain('✔ deterministic');
    const exported = faultline(['export', 'run.jsonl', '--format', 'html', '-o', 'run.html']);
    expect(exported.status).toBe(0);
    expect(exported.stderr).toContain('matches the trace');
    const shrunk = faultline(['shrink', broken, '--seed', seed, '--max-runs', '60']);
    expect(shrunk.status).toBe(0);
    expect(shrunk.stdout).toMatch(/minimal repro: faultline replay \.\/src\/scenarios\.ts#quorum-kv-r1w1 --seed/);
  });
});
