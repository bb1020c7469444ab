import { describe, expect, it } from 'vitest';
import { clampToAssumptions, drawSwarmProfile, drawSwarmTargets, NO_FAULTS, RandomStream, withSwarmLinks, type Assumptions } from '../../../sim/index.js';

const ASYNC: Assumptions = {
  failureModel: 'crash-recovery',
  maxFaulty: 'minority',
  network: { drop: true, duplicate: true, reorder: true, corrupt: false, fifo: false, partitions: 'one-way', delayBoundMs: null, longDelays: true },
  timing: { clockSkewMsMax: 1000, clockDriftPpmMax: 500, clockJumps: true, pauses: true },
  storage: { unsyncedWritesLost: true, faults: [] },
};
const RELIABLE_FIFO: Assumptions = {
  ...ASYNC,
  failureModel: 'none',
  maxFaulty: 0,
  network: { drop: false, duplicate: false, reorder: false, corrupt: false, fifo: true, partitions: 'none', delayBoundMs: null, longDelays: false },
  timing: { ...ASYNC.timing, pauses: false },
};
const SEEDS = Array.from({ length: 60 }, (_, i) => String(i + 1));
const draw = (seed: string, assumptions: Assumptions, beyond: string[] = []) => drawSwarmProfile({ ...NO_FAULTS, name: 'base' }, new RandomStream(seed, 'swarm'), assumptions, beyond);

describe('swarm profiles (seeds 1..60)', () => {
  it('are drawn by the seed alone and always lie inside the assumptions', () => {
    expect(draw('7', ASYNC)).toEqual(draw('7', ASYNC));
    for (const seed of SEEDS) {
      const profile = draw(seed, ASYNC);
      expect(clampToAssumptions(profile, ASYNC)).toEqual(profile);
      expect(profile.corruptProbability).toBe(0);
      expect(profile.clockSkewMsMax).toBeLessThanOrEqual(1000);
      expect(profile.clockDriftPpmMax).toBeLessThanOrEqual(500);
    }
  });

  it('switch each tolerated kind on in some seeds and off in others', () => {
    const profiles = SEEDS.map((seed) => draw(seed, ASYNC));
    const fields = ['dropProbability', 'duplicateProbability', 'reorderProbability', 'longDelayProbability', 'partitionWeight', 'crashRecoveryWeight', 'omissionWeight', 'pauseWeight', 'clockSkewMsMax', 'clockJumpWeight'] as const;
    for (const field of fields) {
      expect(profiles.some((p) => p[field] > 0), `${field} on somewhere`).toBe(true);
      expect(profiles.some((p) => p[field] === 0), `${field} off somewhere`).toBe(true);
    }
    // Timescales vary too, not only on/off.
    expect(new Set(profiles.map((p) => p.nemesisIntervalMsMean)).size).toBeGreaterThan(30);
    expect(new Set(profiles.map((p) => p.pauseMsMax)).size).toBeGreaterThan(30);
  });

  it('keep a FIFO, failure-free protocol on reliable FIFO links, unless the run goes beyond', () => {
    for (const seed of SEEDS) {
      const profile = draw(seed, RELIABLE_FIFO);
      expect(profile.fifo).toBe(true);
      expect([profile.dropProbability, profile.duplicateProbability, profile.reorderProbability, profile.partitionWeight, profile.crashRecoveryWeight, profile.pauseWeight]).toEqual([0, 0, 0, 0, 0, 0]);
    }
    expect(SEEDS.some((seed) => draw(seed, RELIABLE_FIFO, ['corrupt']).corruptProbability > 0)).toBe(true);
  });
});

describe('swarm targets: nodes and links', () => {
  const nodes = ['n1', 'n2', 'n3', 'n4', 'n5', 'c1'];
  const faultable = nodes.slice(0, 5);

  it('aim the nemesis at all faultable nodes on some seeds and at a subset of at least 2 on others', () => {
    const targets = SEEDS.map((seed) => drawSwarmTargets(nodes, faultable, new RandomStream(seed, 'swarm:targets'), ASYNC));
    expect(targets.some((t) => t.nemesisNodes.length === 5)).toBe(true);
    expect(targets.some((t) => t.nemesisNodes.length < 5)).toBe(true);
    for (const t of targets) {
      expect(t.nemesisNodes.length).toBeGreaterThanOrEqual(2);
      expect(t.nemesisNodes.every((id) => faultable.includes(id))).toBe(true);
      for (const link of t.links) expect(link.from).not.toBe(link.to);
    }
    expect(targets.some((t) => t.links.length > 0)).toBe(true);
  });

  it('give links their own loss only where the assumptions admit drops', () => {
    for (const seed of SEEDS) {
      for (const link of drawSwarmTargets(nodes, faultable, new RandomStream(seed, 'swarm:targets'), RELIABLE_FIFO).links) expect(link.dropProbability).toBe(0);
    }
  });

  it('put a lossy link on top of the profile and of the scenario’s own link settings', () => {
    const targets = { nemesisNodes: faultable, links: [{ from: 'n1', to: 'n2', dropProbability: 0.2, delayMsMin: 5 }] };
    const links = withSwarmLinks((from) => (from === 'n3' ? { fifo: true } : undefined), { ...NO_FAULTS, delayMsMin: 2, dropProbability: 0.01 }, targets)!;
    expect(links('n1', 'n2')).toEqual({ dropProbability: 0.2, delayMsMin: 7 });
    expect(links('n2', 'n1')).toBeUndefined();
    expect(links('n3', 'n1')).toEqual({ fifo: true });
  });
});
