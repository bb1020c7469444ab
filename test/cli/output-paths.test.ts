import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { faultline } from './workflow-cli.js';

const scratch = (): string => mkdtempSync(join(tmpdir(), 'faultline-out-'));

/** A path under a regular file: no one can create it, root included (chmod would not stop root). */
function underAFile(): string {
  const dir = scratch();
  writeFileSync(join(dir, 'somefile'), 'x');
  return join(dir, 'somefile', 'x.json');
}

function expectRefusedBeforeRun(result: { code: number | null; stdout: string; stderr: string }, flag: string): void {
  expect(result.code).toBe(2);
  expect(result.stdout).toBe('');
  expect(result.stderr.trim().split('\n')).toHaveLength(1);
  expect(result.stderr).toMatch(new RegExp(`^faultline: cannot write ${flag} \\S+: `));
  expect(result.stderr).not.toMatch(/internal error|\n\s+at /);
}

describe('output paths are checked before the run starts (exit 2, one line naming the path)', { timeout: 60_000 }, () => {
  it('run --trace to a directory', () => {
    const dir = scratch();
    const result = faultline(['run', 'broadcast-gossip', '--seed', '1', '--trace', dir]);
    expectRefusedBeforeRun(result, '--trace');
    expect(result.stderr).toContain('it is a directory');
  });

  it('run --trace under a regular file', () => {
    const result = faultline(['run', 'broadcast-gossip', '--seed', '1', '--trace', underAFile()]);
    expectRefusedBeforeRun(result, '--trace');
    expect(result.stderr).toContain('not a directory');
  });

  it('fuzz --json, --junit and --corpus under a regular file', () => {
    for (const flag of ['--json', '--junit', '--corpus']) {
      expectRefusedBeforeRun(faultline(['fuzz', 'rpc-at-least-once', '--seeds', '3', '--workers', '1', flag, underAFile()]), flag);
    }
  });

  it('export -o and replay --html / --trace under a regular file', () => {
    const dir = scratch();
    const trace = join(dir, 'run.jsonl');
    expect(faultline(['run', 'broadcast-gossip', '--seed', '1', '--time', '2s', '--trace', trace]).code).toBe(0);
    const exported = faultline(['export', trace, '--format', 'mermaid', '-o', underAFile()]);
    expect(exported.code).toBe(2);
    expect(exported.stderr).toMatch(/^faultline: cannot write -o \S+: a part of the path is a file/);
    for (const flag of ['--html', '--trace']) {
      expectRefusedBeforeRun(faultline(['replay', 'broadcast-gossip', '--seed', '1', flag, underAFile()]), flag);
    }
  });
});

// /dev/full accepts an open and fails every write with ENOSPC: a disk that fills up mid-run.
describe.runIf(process.platform === 'linux')('a write that fails mid-run keeps what was found and says so', { timeout: 120_000 }, () => {
  it('run --trace /dev/full: the verdict is printed, one line says the trace is incomplete, exit 3', () => {
    const result = faultline(['run', 'broadcast-gossip', '--seed', '1', '--time', '2s', '--trace', '/dev/full']);
    expect(result.stdout).toMatch(/all checkers held|digest [0-9a-f]{16}/);
    expect(result.stderr.trim()).toBe("faultline: could not write the trace /dev/full: no space left on the device; the file is incomplete (the run's result above stands)");
    expect(result.code).toBe(3);
  });

  it('fuzz --json /dev/full: every failure is still printed and written to the corpus, exit 1', () => {
    const corpus = join(scratch(), 'corpus');
    const result = faultline(['fuzz', 'rpc-at-least-once', '--seeds', '4', '--workers', '1', '--json', '/dev/full', '--corpus', corpus]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('4 failing seed(s)');
    expect(result.stderr).toContain('faultline: could not write /dev/full: no space left on the device');
    expect(result.stderr).not.toMatch(/\n\s+at /);
    for (const seed of [1, 2, 3, 4]) expect(JSON.parse(readFileSync(join(corpus, `rpc-at-least-once-seed-${seed}.json`), 'utf8')).seed).toBe(String(seed));
  });

  it('export -o /dev/full: exit 3 with one line', () => {
    const trace = join(scratch(), 'run.jsonl');
    expect(faultline(['run', 'broadcast-gossip', '--seed', '1', '--time', '2s', '--trace', trace]).code).toBe(0);
    const result = faultline(['export', trace, '--format', 'mermaid', '-o', '/dev/full']);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('faultline: could not write /dev/full: no space left on the device');
  });
});

describe.runIf(process.platform === 'linux')('replay --html to a full disk', { timeout: 60_000 }, () => {
  it('exit 3 with one line, not bad input', () => {
    const result = faultline(['replay', 'broadcast-gossip', '--seed', '1', '--time', '2s', '--html', '/dev/full']);
    expect(result.code).toBe(3);
    expect(result.stderr.trim()).toBe('faultline: could not write /dev/full: no space left on the device');
  });
});
