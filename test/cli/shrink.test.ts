import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { faultline, LOSSY, shellWords } from './workflow-cli.js';
import { FiredFaults, MAX_REPRO_COMMAND, prepareRun, readTraceFile, summarize, type Repro } from '../../sim/index.js';
import { htmlExport } from '../../cli/commands/export.js';
import { lossyTally } from '../fixtures/workflows/lossy-tally.mjs';

function noisyFailingSeed(): number {
  for (let seed = 1; seed <= 60; seed++) {
    const fired = new FiredFaults();
    const prepared = prepareRun(lossyTally, { seed, trace: fired });
    prepared.sim.run();
    if (!summarize(prepared).ok && fired.total >= 10) return seed;
  }
  throw new Error('no noisy failing seed in 1..60: the fixture changed');
}

interface ShrinkJson {
  shrunk: true;
  runs: number;
  original: { faultCount: number; violation: { checker: string } };
  minimal: { faultCount: number; faults: string[]; violation: { checker: string }; digest: string };
  repro: Repro;
  command: string;
}

const printedRepro = (stdout: string): string => /minimal repro: (.*)/.exec(stdout)?.[1] ?? '';

describe('faultline shrink', { timeout: 180_000 }, () => {
  const seed = noisyFailingSeed();

  it(`prints fewer faults and a minimal repro that replay accepts and verifies (lossy-tally, first noisy failing seed ${seed})`, () => {
    const shrunk = faultline(['shrink', LOSSY, '--seed', String(seed), '--json']);
    expect(shrunk.code).toBe(0);
    const json = JSON.parse(shrunk.stdout) as ShrinkJson;
    expect(json.minimal.faultCount).toBeLessThan(json.original.faultCount);
    expect(json.minimal.violation.checker).toBe(json.original.violation.checker);
    expect(json.repro.onlyFaults).toEqual(json.minimal.faults);

    const words = shellWords(json.command);
    expect(words.slice(0, 2)).toEqual(['faultline', 'replay']);
    const replay = faultline(words.slice(1));
    expect(replay.code).toBe(1);
    expect(replay.stdout).toContain(`✔ digest matches ${json.minimal.digest}`);
    expect(replay.stdout).toContain(json.original.violation.checker);
  });

  it('prints a repro of at most 200 characters, lists as many faults as it counts, and offers the views', () => {
    const { code, stdout } = faultline(['shrink', LOSSY, '--seed', String(seed)]);
    expect(code).toBe(0);
    const counted = /faults fired: (\d+) → (\d+)/.exec(stdout);
    const listed = /faults left \((\d+)\): (.*)/.exec(stdout);
    expect(counted && listed).toBeTruthy();
    const ids = listed![2]!.startsWith('none') ? [] : listed![2]!.split(', ');
    expect(ids.length).toBe(Number(listed![1]));
    expect(ids.length).toBe(Number(counted![2]));
    expect(printedRepro(stdout).length).toBeLessThanOrEqual(MAX_REPRO_COMMAND);
    expect(stdout).toMatch(/HTML view: +faultline replay .* --html /);
    expect(stdout).toMatch(/Mermaid view: +faultline replay .* --format mermaid/);
  });

  it('gives the same minimal repro in the same number of runs on 1 worker and on 3', () => {
    const one = JSON.parse(faultline(['shrink', LOSSY, '--seed', String(seed), '--json', '--workers', '1']).stdout) as ShrinkJson;
    const three = JSON.parse(faultline(['shrink', LOSSY, '--seed', String(seed), '--json', '--workers', '3']).stdout) as ShrinkJson;
    expect(three.repro).toEqual(one.repro);
    expect(three.runs).toBe(one.runs);
    expect(three.minimal.digest).toBe(one.minimal.digest);
  });

  it('writes a long repro to a repro file, and replaying the file reproduces the digest and the failure', () => {
    const dir = mkdtempSync(join(tmpdir(), 'faultline-shrink-'));
    // One run of budget: nothing is removed, so the repro keeps every fault and is far too long for a command.
    const { code, stdout } = faultline(['shrink', LOSSY, '--seed', String(seed), '--max-runs', '1', '--repro-dir', dir]);
    expect(code).toBe(0);
    const files = readdirSync(dir).filter((name) => name.endsWith('.repro.json'));
    expect(files).toEqual([`lossy-tally-seed${seed}.repro.json`]);
    const path = join(dir, files[0]!);
    expect(printedRepro(stdout)).toBe(`faultline replay ${path}`);
    const saved = JSON.parse(readFileSync(path, 'utf8')) as { repro: Repro; digest: string; violation: { checker: string } };
    expect(saved.repro.onlyFaults!.length).toBeGreaterThanOrEqual(10);

    const replay = faultline(['replay', path]);
    expect(replay.code).toBe(1);
    expect(replay.stdout).toContain(`✔ digest matches ${saved.digest}`);
    expect(replay.stdout).toContain(saved.violation.checker);
  });

  it('a shrunk repro keeps its node states in export: the trace carries the kept faults, and the re-run uses them', async () => {
    const json = JSON.parse(faultline(['shrink', LOSSY, '--seed', String(seed), '--json']).stdout) as ShrinkJson;
    const trace = join(mkdtempSync(join(tmpdir(), 'faultline-shrink-')), 'minimal.jsonl');
    const replay = faultline([...shellWords(json.command).slice(1), '--trace', trace]);
    expect(replay.code).toBe(1);
    const file = readTraceFile(trace);
    expect((file.header.repro as Repro).onlyFaults).toEqual(json.minimal.faults);
    const html = await htmlExport(file);
    expect(html.notes.join('\n')).toContain(`digest ${json.minimal.digest} matches the trace`);
  });
});
