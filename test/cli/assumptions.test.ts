import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findScenario } from '../../scenarios/index.js';
import { prepareRun, type FuzzReport } from '../../sim/index.js';
import { faultline } from './workflow-cli.js';

const scratch = (): string => mkdtempSync(join(tmpdir(), 'faultline-assumptions-'));

describe('faultline list shows assumptions', { timeout: 60_000 }, () => {
  it("prints each scenario's failure model and the kinds it can receive, and says which are impossible", () => {
    const { code, stdout } = faultline(['list']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^raft-kv\s.+\n\s+failure model crash-recovery \(a minority at once\) · receives drop duplicate reorder partition .*crash-recovery pause/m);
    expect(stdout).toMatch(/^snapshot-bank\s.+\n\s+failure model none · receives clock-skew clock-drift clock-jump$/m);
    // One server is the only faultable node: a partition can never happen there.
    expect(stdout).toMatch(/^rpc-exactly-once\s.+\n.+\n\s+never partition: a partition needs 2 faultable nodes, there are 1$/m);
  });

  it('--json carries the assumptions, what each scenario receives and what it never can', () => {
    const rows = JSON.parse(faultline(['list', '--json']).stdout) as { name: string; assumptions: { failureModel: string; network: { corrupt: boolean } }; receives: string[]; never: { kind: string }[] }[];
    const byName = new Map(rows.map((row) => [row.name, row]));
    expect(byName.get('raft-kv')!.assumptions.failureModel).toBe('crash-recovery');
    expect(byName.get('raft-kv')!.receives).not.toContain('corrupt');
    expect(byName.get('rpc-exactly-once')!.receives).toContain('corrupt');
    expect(byName.get('raft-kv-byzantine')!.receives).toContain('byzantine');
    expect(byName.get('rpc-exactly-once')!.never.map((entry) => entry.kind)).toEqual(['partition', 'one-way-partition']);
  });
});

describe('faultline run inside and beyond the assumptions', { timeout: 60_000 }, () => {
  it('clamps a named profile to the assumptions and says what it kept out (raft-kv --faults chaos, seed 1)', () => {
    const { code, stdout } = faultline(['run', 'raft-kv', '--seed', '1', '--faults', 'chaos', '--json']);
    expect(code).toBe(0);
    const json = JSON.parse(stdout) as { config: { profile: { corruptProbability: number }; clamped: string[]; beyond: string[]; assumptions: { failureModel: string } } };
    expect(json.config.profile.corruptProbability).toBe(0);
    expect(json.config.clamped).toEqual(['corruptProbability 0.01→0']);
    expect(json.config.beyond).toEqual([]);
    expect(json.config.assumptions.failureModel).toBe('crash-recovery');
  });

  it('reports a failure found beyond the assumptions as outside them, with exit 6 (raft-kv --beyond corrupt, seed 1)', () => {
    const dir = scratch();
    const trace = join(dir, 'run.jsonl');
    const { code, stdout } = faultline(['run', 'raft-kv', '--seed', '1', '--faults', 'corrupt=0.05', '--beyond', 'corrupt', '--trace', trace]);
    expect(code).toBe(6);
    expect(stdout).toContain('beyond the assumptions: corrupt');
    expect(stdout).toContain("outside the scenario's assumptions: this run went beyond them (corrupt), so this is not a bug in the protocol");
    expect(stdout).toMatch(/repro: faultline replay raft-kv --seed 1 --faults corrupt=0\.05 --beyond corrupt/);
    const header = JSON.parse(readFileSync(trace, 'utf8').split('\n')[0]!) as { options: { beyond: string[] }; config: { beyond: string[] } };
    expect(header.options.beyond).toEqual(['corrupt']);
    expect(header.config.beyond).toEqual(['corrupt']);

    const json = JSON.parse(faultline(['run', 'raft-kv', '--seed', '1', '--faults', 'corrupt=0.05', '--beyond', 'corrupt', '--json']).stdout) as { ok: boolean; outsideAssumptions: boolean };
    expect(json.ok).toBe(false);
    expect(json.outsideAssumptions).toBe(true);
  });

  it('without --beyond the same corruption is kept out, and the run passes (raft-kv seed 1)', () => {
    const { code, stdout } = faultline(['run', 'raft-kv', '--seed', '1', '--faults', 'corrupt=0.05']);
    expect(code).toBe(0);
    expect(stdout).toContain('kept inside the assumptions: corruptProbability 0.05→0');
  });

  it('--failure-model byzantine goes beyond only with the kinds the scenario lacks', () => {
    const json = JSON.parse(faultline(['run', 'raft-election', '--seed', '1', '--failure-model', 'byzantine', '--json']).stdout) as { config: { beyond: string[] } };
    expect(json.config.beyond).toEqual(['byzantine']);
  });

  it('--swarm --faults corrupt=0 turns a kind off after the draw (rpc-exactly-once seeds 1..20; seed 1 through the CLI)', () => {
    const seeds = Array.from({ length: 20 }, (_, i) => i + 1);
    const rpc = findScenario('rpc-exactly-once')!;
    expect(seeds.some((seed) => prepareRun(rpc, { seed, swarm: true }).config.profile.corruptProbability > 0)).toBe(true);
    for (const seed of seeds) expect(prepareRun(rpc, { seed, swarm: true, faults: 'corrupt=0' }).config.profile.corruptProbability).toBe(0);
    const json = JSON.parse(faultline(['run', 'rpc-exactly-once', '--seed', '1', '--swarm', '--faults', 'corrupt=0', '--time', '2s', '--json']).stdout) as { config: { profile: { corruptProbability: number; name: string } } };
    expect(json.config.profile.corruptProbability).toBe(0);
    expect(json.config.profile.name).toBe('swarm(rpc-exactly-once)+corruptProbability=0');
  });

  it('warns when a bound leaves a fault kind impossible (a minority of 1 faultable node is 0 crashes)', () => {
    const { code, stdout } = faultline(['run', 'rpc-exactly-once', '--seed', '1', '--faults', 'maxDownNodes=-1', '--time', '3s']);
    expect(code).toBe(0);
    expect(stdout).toContain('warning: maxDownNodes -1 (a minority) of 1 faultable node(s) is 0: crash-recovery (weight 1) can never happen in this run');
  });

  it('a misspelt kind is one line on stderr and exit 2', () => {
    const { code, stderr } = faultline(['run', 'raft-kv', '--beyond', 'corupt']);
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain('unknown fault kind "corupt"');
  });
});

describe('faultline fuzz beyond the assumptions', { timeout: 120_000 }, () => {
  it('exits 6 when every failure is outside the assumptions, and says so (raft-kv seeds 1..4 --beyond corrupt)', () => {
    const dir = scratch();
    const { code, stdout } = faultline(['fuzz', 'raft-kv', '--seeds', '4', '--workers', '1', '--faults', 'corrupt=0.05', '--beyond', 'corrupt', '--json', join(dir, 'report.json')]);
    expect(code).toBe(6);
    expect(stdout).toMatch(/of them outside the scenario's assumptions \(--beyond corrupt\): not protocol bugs/);
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as FuzzReport;
    expect(report.failed).toBeGreaterThan(0);
    expect(report.failures.every((failure) => failure.outsideAssumptions)).toBe(true);
    expect(report.failures[0]!.repro).toContain('--beyond corrupt');
  });
});
