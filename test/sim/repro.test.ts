import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readReproFile, reproArgs, reproCommand, reproFileName, reproFitsCommand, reproOf, reproOfTraceHeader, runOptionsOf, traceHeader, writeReproFile, type RunOptions } from '../../sim/index.js';
import { runSeed } from '../../sim/fuzz/seed-run.js';
import { lossyTally } from '../fixtures/workflows/lossy-tally.mjs';

describe('Repro: one value for every option that decides a run', () => {
  it('carries every deciding option and drops only the ones that observe the run', () => {
    const options: RunOptions = { seed: '7', timeMs: 2500, faults: 'chaos', swarm: true, mask: ['a'], onlyFaults: ['b', 'c'], beyond: ['corrupt'], strategy: 'aimed', size: { clients: 1 }, record: true, wallBudgetMs: 5, keepFingerprints: true, trace: { write: () => {} } };
    const repro = reproOf('raft-kv', options);
    expect(repro).toEqual({ scenario: 'raft-kv', seed: '7', timeMs: 2500, faults: 'chaos', swarm: true, mask: ['a'], onlyFaults: ['b', 'c'], beyond: ['corrupt'], strategy: 'aimed', size: { clients: 1 } });
    const { record: _r, wallBudgetMs: _w, keepFingerprints: _k, trace: _t, ...deciding } = options;
    expect(runOptionsOf(repro)).toEqual(deciding);
  });

  it('carries an option it has never heard of (one added to RunOptions later), and then asks for a repro file', () => {
    const repro = reproOf('raft-kv', { seed: 1, futureKnob: 3 } as unknown as RunOptions);
    expect((repro as unknown as Record<string, unknown>).futureKnob).toBe(3);
    expect((runOptionsOf(repro) as unknown as Record<string, unknown>).futureKnob).toBe(3);
    expect(reproArgs(repro)).toBeUndefined();
    expect(reproFitsCommand(repro)).toBe(false);
  });

  it('prints as a replay command with one flag per field, the default run time left out', () => {
    const repro = reproOf('chain-kv', { seed: 3, timeMs: 10_000, onlyFaults: [], size: { clients: 1 }, beyond: ['byzantine'] });
    expect(reproCommand(repro, 10_000)).toBe('faultline replay chain-kv --seed 3 --only-faults none --size clients=1 --beyond byzantine');
    expect(reproCommand(repro, 20_000)).toContain('--time 10s');
  });

  it('a printed command pasted into a shell gives replay exactly its arguments (a link id holds ">")', () => {
    const repro = reproOf('./dist/x.js#planted:bug', { seed: 3, strategy: 'timescale', faults: 'reorder=0,corrupt=0', onlyFaults: ['reorder:c3>s1@b10895.1', 'crash#1'], mask: ["it's"] });
    const args = reproArgs(repro) as string[];
    const shell = spawnSync('sh', ['-c', `printf '%s\\n' ${args.join(' ')}`], { encoding: 'utf8', cwd: mkdtempSync(join(tmpdir(), 'faultline-quote-')) });
    expect(shell.stdout.trimEnd().split('\n')).toEqual(['./dist/x.js#planted:bug', '--seed', '3', '--strategy', 'timescale', '--faults', 'reorder=0,corrupt=0', '--only-faults', 'reorder:c3>s1@b10895.1,crash#1', '--mask', "it's"]);
  });

  it('does not fit a command when the kept-fault list is long', () => {
    const ids = Array.from({ length: 30 }, (_, i) => `drop:n1>n2#${i}`);
    expect(reproFitsCommand(reproOf('chain-kv', { seed: 1, onlyFaults: ids }))).toBe(false);
    expect(reproFitsCommand(reproOf('chain-kv', { seed: 1, onlyFaults: ids.slice(0, 3) }))).toBe(true);
  });

  it('names its file after the scenario (a module reference reduced to its file name) and the seed', () => {
    expect(reproFileName(reproOf('chain-kv', { seed: 12 }))).toBe('chain-kv-seed12.repro.json');
    expect(reproFileName(reproOf('./dist/my-scenarios.js#tally', { seed: 4 }))).toBe('my-scenarios-tally-seed4.repro.json');
  });

  it('reads the repro back from a trace header, and from an older header without one (its kept faults in the config)', () => {
    const repro = reproOf('x.mjs', { seed: 5, onlyFaults: ['p#1'], strategy: 's' });
    expect(reproOfTraceHeader(traceHeader('x', repro, {}))).toEqual(repro);
    // A header whose top-level names and repro disagree was edited: refused, not silently trusted.
    expect(() => reproOfTraceHeader({ ...traceHeader('x', repro, {}), scenario: 'y', scenarioRef: 'y.mjs' })).toThrow(/header was edited/);
    expect(reproOfTraceHeader({ ...traceHeader('x', repro, {}), seed: undefined })).toBeUndefined();
    const old = { scenario: 'x', scenarioRef: 'x.mjs', seed: '5', options: { timeMs: 100 }, config: { onlyFaults: ['p#1'] } };
    expect(reproOfTraceHeader(old)).toEqual({ scenario: 'x.mjs', seed: '5', timeMs: 100, onlyFaults: ['p#1'] });
  });

  it('a fuzz failure carries the repro whole, beside its command', () => {
    for (let seed = 1; seed <= 60; seed++) {
      const outcome = runSeed(lossyTally, { timeMs: 3000, mask: ['reorder:n1>n2#1'] }, seed, 'tally.mjs');
      if (!outcome.failure) continue;
      expect(outcome.failure.reproValue).toEqual({ scenario: 'tally.mjs', seed: String(seed), timeMs: 3000, mask: ['reorder:n1>n2#1'] });
      expect(outcome.failure.repro).toContain(reproCommand(outcome.failure.reproValue, lossyTally.defaultTimeMs));
      return;
    }
    throw new Error('no failing seed in 1..60: the fixture changed');
  });
});

describe('repro files', () => {
  it('a repro file and a fuzz corpus entry both read back as the same repro', () => {
    const dir = mkdtempSync(join(tmpdir(), 'faultline-repro-'));
    const repro = reproOf('chain-kv', { seed: 9, onlyFaults: ['crash#2'], timeMs: 1500 });
    const path = writeReproFile(repro, dir, { digest: '0123456789abcdef' });
    expect(path).toBe(join(dir, 'chain-kv-seed9.repro.json'));
    expect(readReproFile(path)).toEqual({ repro, digest: '0123456789abcdef' });
    const corpus = join(dir, 'chain-kv-seed-9.json');
    writeFileSync(corpus, JSON.stringify({ scenario: 'chain-kv', seed: '9', repro: 'faultline replay …', reproValue: repro }));
    expect(readReproFile(corpus).repro).toEqual(repro);
  });

  it('a file that holds no repro is one clear usage error', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'faultline-repro-')), 'x.repro.json');
    writeFileSync(path, '{"hello": 1}');
    expect(() => readReproFile(path)).toThrow(/is not a faultline repro file/);
    expect(() => readReproFile(`${path}.missing`)).toThrow(/cannot read repro file .*ENOENT/);
  });
});
