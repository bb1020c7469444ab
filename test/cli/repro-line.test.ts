import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_REPRO_COMMAND } from '../../sim/index.js';
import { LOSSY, main } from './workflow-cli.js';
import { spawnSync } from 'node:child_process';

const scratch = (): string => mkdtempSync(join(tmpdir(), 'faultline-repro-line-'));

/** Enough fault settings that the repro command passes 200 characters wherever the repo lives. */
const LONG_FAULTS = 'drop=0.05,dup=0.01,reorder=0.02,longDelay=0.001,jitter=5,partition=0,crash=1,quiet=500,nemesis=6000,skew=0,drift=0,pause=0,clockJump=0,omission=0';

function inDir(dir: string, args: string[]): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [main, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', CI: 'true' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Every printed `faultline replay …` command (after "repro:" or alone on its line). */
function printedCommands(stdout: string): string[] {
  return stdout
    .split('\n')
    .map((line) => /(faultline replay .*)$/.exec(line)?.[1])
    .filter((command): command is string => command !== undefined);
}

describe('printed repros are at most 200 characters (lossy-tally, seeds 1..3, a long --faults spec)', { timeout: 120_000 }, () => {
  it('fuzz without --corpus writes a repro file for a long repro, and replaying it gives the same failure and digest', () => {
    const dir = scratch();
    const { code, stdout } = inDir(dir, ['fuzz', LOSSY, '--seeds', '1..3', '--workers', '1', '--faults', LONG_FAULTS, '--json', 'report.json']);
    expect(code).toBe(1);
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as { failures: { seed: string; digest: string; repro: string; violation: { checker: string } }[] };
    const first = report.failures[0]!;
    // The report keeps the whole command; the terminal gets the short form.
    expect(first.repro.length).toBeGreaterThan(MAX_REPRO_COMMAND);
    const commands = printedCommands(stdout);
    expect(commands.length).toBeGreaterThanOrEqual(2);
    for (const command of commands) expect(command.length).toBeLessThanOrEqual(MAX_REPRO_COMMAND);
    expect(commands).toContain(`faultline replay lossy-tally-seed${first.seed}.repro.json`);
    expect(existsSync(join(dir, `lossy-tally-seed${first.seed}.repro.json`))).toBe(true);

    const replay = inDir(dir, ['replay', `lossy-tally-seed${first.seed}.repro.json`]);
    expect(replay.code).toBe(1);
    expect(replay.stdout).toContain(`✔ digest matches ${first.digest}`);
    expect(replay.stdout).toContain(first.violation.checker);
    for (const command of printedCommands(replay.stdout)) expect(command.length).toBeLessThanOrEqual(MAX_REPRO_COMMAND);
  });

  it('fuzz with --corpus prints the corpus entry, which replays with its digest verified', () => {
    const dir = scratch();
    const { stdout } = inDir(dir, ['fuzz', LOSSY, '--seeds', '1..3', '--workers', '1', '--faults', LONG_FAULTS, '--corpus', 'corpus']);
    const commands = printedCommands(stdout);
    for (const command of commands) expect(command.length).toBeLessThanOrEqual(MAX_REPRO_COMMAND);
    const entry = commands[0]!.replace('faultline replay ', '');
    expect(entry).toMatch(/^corpus\/lossy-tally-seed-\d+\.json$/);
    const { digest } = JSON.parse(readFileSync(join(dir, entry), 'utf8')) as { digest: string };
    const replay = inDir(dir, ['replay', entry]);
    expect(replay.stdout).toContain(`✔ digest matches ${digest}`);
  });

  it('a short repro is printed as the command itself, and no file is written', () => {
    const dir = scratch();
    const { stdout } = inDir(dir, ['fuzz', LOSSY, '--seeds', '1..3', '--workers', '1']);
    const commands = printedCommands(stdout);
    expect(commands.length).toBeGreaterThan(0);
    for (const command of commands) expect(command).toMatch(/^faultline replay \S+ --seed \d+/);
    expect(existsSync(join(dir, 'lossy-tally-seed1.repro.json'))).toBe(false);
  });

  it('fuzz refuses a --repro-dir it cannot write before any seed runs, in one line (exit 2)', () => {
    const dir = scratch();
    const { code, stderr } = inDir(dir, ['fuzz', LOSSY, '--seeds', '1..3', '--workers', '1', '--repro-dir', '/dev/null/repros']);
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain('--repro-dir');
  });

  it('run prints a long repro as a repro file too', () => {
    const dir = scratch();
    const { stdout } = inDir(dir, ['run', LOSSY, '--seed', '1', '--faults', LONG_FAULTS]);
    expect(stdout).toContain('repro: faultline replay lossy-tally-seed1.repro.json');
    expect(existsSync(join(dir, 'lossy-tally-seed1.repro.json'))).toBe(true);
  });
});
