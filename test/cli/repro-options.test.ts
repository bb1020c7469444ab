import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { faultline } from './workflow-cli.js';

/** The built planted-bug catalog (npm test builds first), as bench:shrink loads it. */
const PLANTED = `${fileURLToPath(new URL('../../dist/bench/planted/index.js', import.meta.url))}#planted:raft-snapshot-without-sessions`;

describe('options a printed repro carries parse on the command line', { timeout: 120_000 }, () => {
  it("--only-faults with a strategy's episode id (laggard-lag, no counter): the command shrink printed for raft-snapshot-without-sessions replays to its failure and digest", () => {
    const only = 'laggard-lag,laggard-crash#1,laggard-crash#2,laggard-late:c1>n2@b2a214.2';
    const args = ['replay', PLANTED, '--seed', '390', '--strategy', 'comeback', '--faults', 'drop=0,dup=0,reorder=0,partition=0,crash=0', '--only-faults', only, '--time', '14688ms', '--digest', '87c704b5378d8ca0'];
    const { code, stdout } = faultline(args);
    expect(stdout).toMatch(/raft-linearizability/);
    expect(stdout).toMatch(/digest matches 87c704b5378d8ca0/);
    expect(code).toBe(1);
  });

  it('a kind alone is still not a fault id', () => {
    const { code, stderr } = faultline(['run', 'broadcast-gossip', '--mask', 'partition']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/"partition" is not a fault id/);
  });

  it('--size clients=1 (as shrink prints a smaller workload) runs with one client; a name without a count exits 2', () => {
    const ok = faultline(['run', 'raft-kv', '--size', 'clients=1', '--time', '1s']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/nodes n1 n2 n3 n4 n5 c1\n/);
    const bad = faultline(['run', 'raft-kv', '--size', 'clients', '--time', '1s']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--size expects name=count pairs/);
  });
});
