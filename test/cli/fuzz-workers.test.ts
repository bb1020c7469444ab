import { closeSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { faultlineAsync, main, until } from './workflow-cli.js';

const hazards = fileURLToPath(new URL('../fixtures/hazards/hazards.mjs', import.meta.url));
const env = { ...process.env, NO_COLOR: '1', CI: 'true' };

/** The child processes of a process (Linux /proc): the fuzz pool's workers. */
function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

function startFuzz(args: string[]) {
  const child = spawn(process.execPath, [main, 'fuzz', ...args], { env });
  const out = { stdout: '', stderr: '' };
  child.stdout.on('data', (chunk: Buffer) => (out.stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (out.stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { child, out, exited };
}

describe.runIf(process.platform === 'linux')('fuzz survives its worker processes dying', { timeout: 180_000 }, () => {
  it('kill -9 of a worker mid-run: it is replaced, its seeds re-run, the run completes with the same digest as an undisturbed one', async () => {
    const args = [`${hazards}#steady`, '--seeds', '800', '--time', '20s', '--workers', '2'];
    const startedMs = Date.now();
    const undisturbed = await faultlineAsync(['fuzz', ...args]);
    const undisturbedMs = Date.now() - startedMs;
    expect(undisturbed.code).toBe(0);
    const run = startFuzz(args);
    // Once both workers run, kill one outright a third of the way into the run as this machine runs it
    // now (a progress line is printed only every 3 s, and a quiet machine finishes sooner).
    await until(() => childrenOf(run.child.pid!).length === 2, 60_000);
    await new Promise((resolve) => setTimeout(resolve, undisturbedMs / 3));
    const victim = childrenOf(run.child.pid!)[0];
    expect(victim, 'the run ended before a worker could be killed').toBeDefined();
    process.kill(victim!, 'SIGKILL');
    expect(await run.exited).toBe(0);
    expect(run.out.stdout).toContain('800 of 800 seeds run');
    const digest = (text: string) => /combined digest ([0-9a-f]{16})/.exec(text)?.[1];
    expect(digest(run.out.stdout)).toBe(digest(undisturbed.stdout));
    expect(run.out.stderr).toBe('');
  });

  it('kill -9 of the only worker, three times in a row: the run waits for each replacement and completes (four runs)', { timeout: 660_000 }, async () => {
    // With one worker and output to files (no pipe handle), nothing else holds the parent's event
    // loop while the replacement starts: the run once ended there with exit 5 ("never finished
    // loading") in about a third of such kills.
    const dir = mkdtempSync(join(tmpdir(), 'faultline-lone-worker-'));
    for (let attempt = 0; attempt < 4; attempt++) {
      const outFile = join(dir, `out-${attempt}.txt`);
      const output = openSync(outFile, 'w');
      const child = spawn(process.execPath, [main, 'fuzz', 'rb-fail-stop', '--swarm', '--seeds', '2000', '--workers', '1'], { env, stdio: ['ignore', output, output] });
      closeSync(output);
      const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
      // A run that never ends fails this attempt with what it printed, not the whole test by its timeout.
      const watchdog = setTimeout(() => child.kill('SIGKILL'), 150_000);
      await until(() => childrenOf(child.pid!).length === 1, 60_000);
      await new Promise((resolve) => setTimeout(resolve, 800));
      // Three kills 100 ms apart: a replacement may itself be killed while it starts.
      for (let kill = 0; kill < 3; kill++) {
        for (const victim of childrenOf(child.pid!)) process.kill(victim, 'SIGKILL');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const code = await exited;
      clearTimeout(watchdog);
      const printed = readFileSync(outFile, 'utf8');
      expect(code, `attempt ${attempt + 1}: ${printed}`).toBe(0);
      expect(printed).toContain('2,000 of 2,000 seeds run');
    }
  });

  it('a seed that runs its worker out of heap is a crash result with its repro; every other seed runs; no V8 report on stderr', async () => {
    const result = await faultlineAsync(['fuzz', `${hazards}#memory-hog`, '--seeds', '10', '--workers', '2', '--worker-heap-mb', '64']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('10 of 10 seeds run');
    expect(result.stdout).toMatch(/1 failing seed\(s\)/);
    expect(result.stdout).toContain('seed 7 ended its worker process 2 times: it ran out of memory');
    expect(result.stdout).toMatch(/repro: faultline replay \S+#memory-hog --seed 7/);
    expect(result.stderr).not.toMatch(/FATAL ERROR|Last few GCs|Native stack trace/);
  });

  it('SIGTERM (a CI cancel) is treated as Ctrl-C: the partial report says interrupted and keeps every failure, exit 130', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'faultline-sigterm-'));
    const json = join(dir, 'report.json');
    const run = startFuzz(['rpc-at-least-once', '--seeds', '100000', '--workers', '2', '--json', json, '--corpus', join(dir, 'corpus')]);
    await until(() => /✘ seed \d+/.test(run.out.stdout), 60_000);
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(130);
    const report = JSON.parse(readFileSync(json, 'utf8')) as { stoppedBy: string; failed: number; failures: unknown[] };
    expect(report.stoppedBy).toBe('interrupted');
    expect(report.failed).toBeGreaterThan(0);
    expect(run.out.stdout).toContain('interrupted (Ctrl-C or SIGTERM)');
    expect(run.out.stderr).not.toMatch(/\n\s+at /);
  });
});
