import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readTraceFile, runScenario } from '../../scenarios/index.js';

const main = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

function faultline(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [main, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('the faultline bin', () => {
  it('is executable as built, so npx faultline works on a fresh clone', () => {
    const result = spawnSync(main, ['list'], { encoding: 'utf8' });
    expect(result.error).toBeUndefined();
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('raft-kv');
  });
});

describe('faultline list', () => {
  it('lists every scenario with a one-line description', () => {
    const { code, stdout } = faultline(['list']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^broadcast-gossip\s+\S.+$/m);
  });
});

describe('faultline run', () => {
  it('--json prints one object with the promised fields (seed 3)', () => {
    const { code, stdout } = faultline(['run', 'broadcast-gossip', '--seed', '3', '--time', '5s', '--json']);
    expect(code).toBe(0);
    const json = JSON.parse(stdout) as Record<string, unknown>;
    for (const key of ['ok', 'scenario', 'seed', 'digest', 'events', 'virtualTimeMs', 'faults', 'config']) expect(json).toHaveProperty(key);
    expect(json.ok).toBe(true);
    expect(json.virtualTimeMs).toBe(5000);
    expect(json.digest).toBe(runScenario('broadcast-gossip', { seed: 3, timeMs: 5000 }).digest);
  });

  it('prints the derived configuration first, then the verdict and digest, without colour under NO_COLOR', () => {
    const { code, stdout } = faultline(['run', 'broadcast-gossip', '--seed', '3', '--time', '5s']);
    expect(code).toBe(0);
    expect(stdout.indexOf('seed 3')).toBeLessThan(stdout.indexOf('all checkers held'));
    expect(stdout).toMatch(/digest [0-9a-f]{16}/);
    expect(stdout).not.toMatch(/\u001b\[/);
  });

  it('colours its output when forced, and NO_COLOR wins over FORCE_COLOR', () => {
    const args = ['run', 'broadcast-gossip', '--seed', '3', '--time', '2s'];
    expect(faultline(args, { NO_COLOR: '', FORCE_COLOR: '1' }).stdout).toMatch(/\u001b\[/);
    expect(faultline(args, { NO_COLOR: '1', FORCE_COLOR: '1' }).stdout).not.toMatch(/\u001b\[/);
  });

  it('--check-determinism runs twice and says the digests agree', () => {
    const { code, stdout } = faultline(['run', 'broadcast-gossip', '--seed', '4', '--time', '3s', '--check-determinism', '--json']);
    expect(code).toBe(0);
    const json = JSON.parse(stdout) as { determinism: { identical: boolean; digests: string[] } };
    expect(json.determinism.identical).toBe(true);
    expect(json.determinism.digests[0]).toBe(json.determinism.digests[1]);
  });

  it('--trace writes a JSONL trace whose header replays to the same digest (seed 6)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'faultline-'));
    const tracePath = join(dir, 'run.jsonl');
    const { code } = faultline(['run', 'broadcast-gossip', '--seed', '6', '--time', '3s', '--faults', 'chaos', '--trace', tracePath]);
    expect(code).toBe(0);
    const trace = readTraceFile(tracePath);
    const header = trace.header as { scenario: string; seed: string; options: { timeMs?: number; faults?: string } };
    expect(trace.events.length).toBeGreaterThan(100);
    expect(trace.events.every((e, i, all) => i === 0 || e.i >= all[i - 1]!.i)).toBe(true);
    const replayed = runScenario(header.scenario, { seed: header.seed, ...header.options });
    expect(replayed.digest).toBe(trace.footer?.digest);
    expect(readFileSync(tracePath, 'utf8').split('\n')[0]).toContain('"version"');
  });

  const badInputs: [string, string[], RegExp][] = [
    ['an unknown scenario', ['run', 'no-such-thing'], /unknown scenario "no-such-thing"/],
    ['a malformed seed', ['run', 'broadcast-gossip', '--seed', '-4'], /seed must be a whole number from 0 to 9007199254740991/],
    ['a malformed duration', ['run', 'broadcast-gossip', '--time', 'soon'], /positive duration/],
    ['an unknown fault setting', ['run', 'broadcast-gossip', '--faults', 'dorp=0.1'], /unknown setting "dorp"/],
    ['an out-of-range probability', ['run', 'broadcast-gossip', '--faults', 'drop=1.5'], /within 0..1/],
    ['an unknown flag', ['run', 'broadcast-gossip', '--bogus'], /unknown option '--bogus'/],
    ['a missing scenario', ['run'], /missing required argument/],
  ];
  for (const [what, args, message] of badInputs) {
    it(`rejects ${what} with one line on stderr and exit 2`, () => {
      const { code, stderr, stdout } = faultline(args);
      expect(code).toBe(2);
      expect(stderr).toMatch(message);
      expect(stderr.trim().split('\n')).toHaveLength(1);
      expect(stderr).not.toMatch(/\n\s+at /);
      expect(stdout).toBe('');
    });
  }
});
