import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { faultlineAsync } from './workflow-cli.js';

const hazard = (name: string): string => fileURLToPath(new URL(`../fixtures/hazards/${name}`, import.meta.url));

describe('a misbehaving scenario module is reported as the scenario\'s error, in one line', { timeout: 120_000 }, () => {
  it('process.exit(0) on import: fuzz exits 5 naming the module, not 0', async () => {
    const result = await faultlineAsync(['fuzz', hazard('exit-on-import.mjs'), '--seeds', '3', '--workers', '1']);
    expect(result.code).toBe(5);
    expect(result.stderr.trim()).toMatch(/^faultline: cannot load scenario module \S*exit-on-import\.mjs: scenario code called process\.exit\(0\)/);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('a top-level await that never settles: one line saying the module never finished loading, exit 5 (not 13)', async () => {
    const result = await faultlineAsync(['fuzz', hazard('never-loads.mjs'), '--seeds', '3']);
    expect(result.code).toBe(5);
    expect(result.stderr.trim()).toMatch(/^faultline: the scenario module \S*never-loads\.mjs never finished loading/);
    expect(result.stderr).not.toContain('Warning');
  });

  it('setup() throwing: exit 5 with "scenario X setup threw", never "internal error"', async () => {
    for (const command of [['fuzz', hazard('setup-throws.mjs'), '--seeds', '3'], ['replay', hazard('setup-throws.mjs'), '--seed', '3']]) {
      const result = await faultlineAsync(command);
      expect(result.code).toBe(5);
      expect(result.stderr.trim()).toBe('faultline: scenario setup-throws setup threw: the cluster size is not configured');
    }
  });

  it('a handler that calls process.exit(0) mid-run is a crash result of that seed, and the fuzz run goes on', async () => {
    const result = await faultlineAsync(['fuzz', `${hazard('hazards.mjs')}#exits-in-handler`, '--seeds', '3', '--workers', '1']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('3 of 3 seeds run');
    expect(result.stdout).toContain('scenario code called process.exit(0)');
  });

  it('replay and shrink of a handler that never returns stop at the seed timeout: exit 3, one line', async () => {
    const target = `${hazard('hazards.mjs')}#hangs`;
    const [replay, shrink] = await Promise.all([
      faultlineAsync(['replay', target, '--seed', '1', '--seed-timeout', '1s']),
      faultlineAsync(['shrink', target, '--seed', '1', '--seed-timeout', '1s']),
    ]);
    for (const [result, command] of [[replay, 'replay'], [shrink, 'shrink']] as const) {
      expect(result.code).toBe(3);
      expect(result.stderr.trim()).toMatch(new RegExp(`^faultline: ${command} stopped: one run did not finish within 2s \\(the seed timeout, 1s, plus 1s\\)`));
    }
  });

  it('run of a module whose handler never returns stops when it makes no progress: exit 3, one line', async () => {
    const result = await faultlineAsync(['run', `${hazard('hazards.mjs')}#hangs`, '--stall-timeout', '1s']);
    expect(result.code).toBe(3);
    expect(result.stderr.trim()).toBe('faultline: run stopped: the run made no progress for 1s: a handler or checker of the scenario never returned (raise --stall-timeout if one step is really that slow)');
  });

  it('run of a module that is busy for longer than the stall timeout is not stopped: it makes progress', async () => {
    // Tens of millions of events (1.5 million with a trace to write): longer than 1 s on any machine, but
    // never 1 s without a progress beat. (300 ms was tried: a child starved on a loaded machine missed it.)
    const traceDir = mkdtempSync(join(tmpdir(), 'faultline-stall-'));
    const trace = join(traceDir, 'run.jsonl');
    try {
      for (const [seconds, extra] of [[20_000, []], [1_500, ['--trace', trace]]] as const) {
        const result = await faultlineAsync(['run', `${hazard('hazards.mjs')}#steady`, '--time', `${seconds}s`, '--stall-timeout', '1s', '--json', ...extra]);
        expect(result.stderr).toBe('');
        expect(result.code).toBe(0);
        expect(JSON.parse(result.stdout).events).toBe(seconds * 1000 + 1);
      }
    } finally {
      rmSync(traceDir, { recursive: true, force: true });
    }
  });

  it('the supervisor bounds each run, not the command: a shrink of many short runs finishes (seed timeout 1s)', async () => {
    const result = await faultlineAsync(['shrink', 'rpc-at-least-once', '--seed', '1', '--seed-timeout', '1s']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('minimal repro: faultline replay rpc-at-least-once --seed 1');
  });
});
