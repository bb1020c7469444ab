import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FAULTLINE_VERSION } from '../../sim/index.js';
import { faultline, faultlineAsync, main } from './workflow-cli.js';

const oneLine = (stderr: string): string[] => stderr.trim().split('\n');

describe('bounds: a command that would grow without limit is refused with one line (exit 2)', { timeout: 60_000 }, () => {
  it('run --time 2000h (past the 1000h bound) and --time 9999999999999h (past what microseconds count)', () => {
    const over = faultline(['run', 'raft-kv', '--time', '2000h']);
    expect(over.code).toBe(2);
    expect(oneLine(over.stderr)).toHaveLength(1);
    expect(over.stderr).toContain('longer than the longest run faultline allows (1000h)');
    const huge = faultline(['run', 'raft-kv', '--time', '9999999999999h']);
    expect(huge.code).toBe(2);
    expect(oneLine(huge.stderr)).toHaveLength(1);
    expect(huge.stderr).toContain('too long: virtual time is counted in microseconds up to 2^53');
  });

  it('run --faults nemesisIntervalMsMean=0.000001, and fuzz with it before any seed runs', async () => {
    const [run, fuzz] = await Promise.all([
      faultlineAsync(['run', 'raft-kv', '--faults', 'nemesisIntervalMsMean=0.000001']),
      faultlineAsync(['fuzz', 'raft-kv', '--seeds', '10', '--faults', 'nemesisIntervalMsMean=0.000001']),
    ]);
    for (const result of [run, fuzz]) {
      expect(result.code).toBe(2);
      expect(oneLine(result.stderr)).toHaveLength(1);
      expect(result.stderr).toMatch(/nemesis episodes, more than the 1,000,000 a plan may hold/);
    }
  });

  it('replay of a trace whose header asks for timeMs 1e300 does not hang', () => {
    const trace = join(mkdtempSync(join(tmpdir(), 'faultline-bounds-')), 'huge.jsonl');
    writeFileSync(trace, JSON.stringify({ type: 'trace.header', version: FAULTLINE_VERSION, scenario: 'broadcast-gossip', seed: '1', options: { timeMs: 1e300 } }) + '\n');
    const result = faultline(['replay', trace]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('longer than the longest run faultline allows');
  });
});

describe('a run whose memory grows without end stops as a limit before V8 aborts', { timeout: 120_000 }, () => {
  it('replay of a scenario that hoards memory, on a 96 MB heap: exit 3, "inconclusive: memory"', () => {
    const hazards = fileURLToPath(new URL('../fixtures/hazards/hazards.mjs', import.meta.url));
    const result = spawnSync(process.execPath, ['--max-old-space-size=96', main, 'replay', `${hazards}#hoarder`, '--seed', '1'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', CI: 'true' } });
    expect(result.stderr).not.toMatch(/FATAL ERROR|heap out of memory/);
    expect(result.status).toBe(3);
    expect(result.stdout).toMatch(/inconclusive: memory\n\s+heap \d+ MB of its \d+ MB limit in use/);
  });
});
