import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { FuzzReport } from '../../sim/index.js';
import { faultline, LOSSY, main, until } from './workflow-cli.js';

const scratch = (): string => mkdtempSync(join(tmpdir(), 'faultline-fuzz-'));

describe('faultline fuzz', { timeout: 60_000 }, () => {
  it('writes the JSON report, JUnit XML and one corpus file per failing seed, and exits 1 (lossy-tally, seeds 1..30)', () => {
    const dir = scratch();
    const { code, stdout } = faultline(['fuzz', LOSSY, '--seeds', '1..30', '--workers', '2', '--json', join(dir, 'report.json'), '--junit', join(dir, 'junit.xml'), '--corpus', join(dir, 'corpus')]);
    expect(code).toBe(1);
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as FuzzReport;
    expect(report.stoppedBy).toBe('complete');
    expect(report.seedsRun).toBe(30);
    expect(report.failed).toBeGreaterThan(0);
    expect(report.passed + report.failed).toBe(30);

    const corpus = readdirSync(join(dir, 'corpus')).sort();
    expect(corpus).toHaveLength(report.failed);
    for (const failure of report.failures) {
      const entry = JSON.parse(readFileSync(join(dir, 'corpus', `lossy-tally-seed-${failure.seed}.json`), 'utf8')) as { digest: string; repro: string };
      expect(entry.digest).toBe(failure.digest);
      expect(entry.repro).toBe(failure.repro);
    }

    const junit = readFileSync(join(dir, 'junit.xml'), 'utf8');
    expect(junit.match(/<testcase /g)).toHaveLength(report.groups.length + 1);
    expect(junit).toContain(`failures="${report.groups.length + 1}"`);
    for (const group of report.groups) {
      expect(stdout).toContain(`smallest ${group.smallestSeed}`);
      expect(stdout).toContain(`repro: ${group.repro}`);
      expect(junit).toContain(`smallest seed: ${group.smallestSeed}`);
    }
    expect(stdout).toMatch(/^fuzz: 30\/30 seeds · \d+ failing · \d+ seeds\/s/m);
  });

  it('exits 0 and says so when every seed holds (broadcast-gossip, 3 seeds of 2 s)', () => {
    const dir = scratch();
    const { code, stdout } = faultline(['fuzz', 'broadcast-gossip', '--seeds', '3', '--time', '2s', '--workers', '1', '--junit', join(dir, 'junit.xml')]);
    expect(code).toBe(0);
    expect(stdout).toContain('✔ no failures in seeds 1..3');
    const junit = readFileSync(join(dir, 'junit.xml'), 'utf8');
    expect(junit.match(/<testcase /g)).toHaveLength(1);
    expect(junit).not.toContain('<failure');
  });

  it('--time-budget stops starting seeds and says so', () => {
    const dir = scratch();
    faultline(['fuzz', LOSSY, '--seeds', '100000', '--workers', '1', '--time-budget', '1ms', '--json', join(dir, 'report.json')]);
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as FuzzReport;
    expect(report.stoppedBy).toBe('time-budget');
    expect(report.seedsRun).toBeLessThan(100000);
  });

  it('the example GitHub Actions workflow uses only flags that fuzz accepts', () => {
    const workflow = readFileSync(fileURLToPath(new URL('../../.ci/github-fuzz.yml', import.meta.url)), 'utf8');
    const command = /npx faultline fuzz[\s\S]*?(?=\n\s*- )/.exec(workflow)?.[0] ?? '';
    const flags = [...command.matchAll(/--[a-z-]+/g)].map((m) => m[0]);
    expect(flags).toEqual(expect.arrayContaining(['--seeds', '--shard', '--junit', '--json', '--corpus']));
    const help = faultline(['fuzz', '--help']).stdout;
    for (const flag of flags) expect(help).toContain(flag);
  });

  it('Ctrl-C after the first failure keeps every failure found, writes the partial report, exits 130 and leaves no worker behind', async () => {
    const dir = scratch();
    const corpus = join(dir, 'corpus');
    const reportPath = join(dir, 'report.json');
    const child = spawn(process.execPath, [main, 'fuzz', LOSSY, '--seeds', '1000000', '--workers', '2', '--corpus', corpus, '--json', reportPath, '--junit', join(dir, 'junit.xml')], {
      env: { ...process.env, NO_COLOR: '1', CI: 'true' },
      // Its own process group, which gets the signal as a terminal's Ctrl-C would: workers included.
      detached: true,
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));

    await until(() => existsSync(corpus) && readdirSync(corpus).some((name) => name.endsWith('.json')));
    process.kill(-child.pid!, 'SIGINT');
    const code = await exited;

    expect(code).toBe(130);
    // No process of the group outlives the run (the worker processes were terminated).
    await until(() => !groupAlive(child.pid!));
    const report = JSON.parse(readFileSync(reportPath, 'utf8')) as FuzzReport;
    expect(report.stoppedBy).toBe('interrupted');
    expect(report.seedsRun).toBeLessThan(1000000);
    const reported = new Set(report.failures.map((failure) => failure.seed));
    const written = readdirSync(corpus).filter((name) => name.endsWith('.json'));
    expect(written.length).toBeGreaterThan(0);
    for (const name of written) expect(reported).toContain(/seed-(\d+)\.json$/.exec(name)![1]);
    expect(stdout).toContain('interrupted (Ctrl-C or SIGTERM): partial report');
    expect(readFileSync(join(dir, 'junit.xml'), 'utf8')).toContain('<failure');
  });
});

function groupAlive(groupId: number): boolean {
  try {
    process.kill(-groupId, 0);
    return true;
  } catch {
    return false;
  }
}
