import { describe, expect, it } from 'vitest';
import {
  assumptionsFromProfile,
  BEYOND_KINDS,
  clampToAssumptions,
  effectiveBeyond,
  failureModelKinds,
  NO_FAULTS,
  parseBeyond,
  profileWarnings,
  receivableKinds,
  toleratedKinds,
  unreachableKinds,
  type Assumptions,
  type BeyondKind,
  type FaultProfile,
} from '../../sim/index.js';

/** Every fault kind at full strength: what a careless profile (or a swarm draw) might ask for. */
const EVERYTHING: FaultProfile = {
  ...NO_FAULTS,
  name: 'everything',
  dropProbability: 0.1,
  duplicateProbability: 0.1,
  reorderProbability: 0.1,
  corruptProbability: 0.1,
  nemesisIntervalMsMean: 500,
  partitionWeight: 1,
  oneWayPartitionProbability: 0.5,
  crashRecoveryWeight: 1,
  crashStopWeight: 1,
  maxCrashStops: 3,
  maxDownNodes: 4,
  loseUnsyncedWrites: true,
  byzantineNodes: 2,
  pauseWeight: 1,
  clockSkewMsMax: 5000,
  clockDriftPpmMax: 20_000,
  clockJumpWeight: 1,
  omissionWeight: 1,
  lostSyncProbability: 0.1,
  corruptReadProbability: 0.1,
  tornWriteProbability: 0.1,
  longDelayProbability: 0.01,
};

/** Tolerates nothing at all. */
const NOTHING: Assumptions = {
  failureModel: 'none',
  maxFaulty: 0,
  network: { drop: false, duplicate: false, reorder: false, corrupt: false, fifo: false, partitions: 'none', delayBoundMs: null, longDelays: false },
  timing: { clockSkewMsMax: 0, clockDriftPpmMax: 0, clockJumps: false, pauses: false },
  storage: { unsyncedWritesLost: false, faults: [] },
};

/** The profile fields that make each kind happen: a kind is on when any of them is non-zero / true. */
const KIND_FIELDS: Record<Exclude<BeyondKind, 'max-faulty' | 'delay-bound'>, (p: FaultProfile) => boolean> = {
  drop: (p) => p.dropProbability > 0,
  duplicate: (p) => p.duplicateProbability > 0,
  reorder: (p) => p.reorderProbability > 0,
  corrupt: (p) => p.corruptProbability > 0,
  partition: (p) => p.partitionWeight > 0,
  'one-way-partition': (p) => p.partitionWeight > 0 && p.oneWayPartitionProbability > 0,
  'long-delay': (p) => p.longDelayProbability > 0,
  'crash-stop': (p) => p.crashStopWeight > 0,
  omission: (p) => p.omissionWeight > 0,
  'crash-recovery': (p) => p.crashRecoveryWeight > 0,
  byzantine: (p) => p.byzantineNodes > 0,
  pause: (p) => p.pauseWeight > 0,
  'clock-skew': (p) => p.clockSkewMsMax > 0,
  'clock-drift': (p) => p.clockDriftPpmMax > 0,
  'clock-jump': (p) => p.clockJumpWeight > 0,
  'lost-writes': (p) => p.loseUnsyncedWrites,
  'lost-sync': (p) => p.lostSyncProbability > 0,
  'corrupt-read': (p) => p.corruptReadProbability > 0,
  'torn-write': (p) => p.tornWriteProbability > 0,
};
const KINDS = Object.keys(KIND_FIELDS) as (keyof typeof KIND_FIELDS)[];
const onKinds = (profile: FaultProfile): string[] => KINDS.filter((kind) => KIND_FIELDS[kind](profile));

describe('clampToAssumptions', () => {
  it('switches every fault kind off when the assumptions tolerate nothing', () => {
    const clamped = clampToAssumptions(EVERYTHING, { ...NOTHING, maxFaulty: 5 });
    expect(onKinds(clamped)).toEqual([]);
  });

  it.each(KINDS)('re-enables %s, and only it, when the run goes beyond the assumptions with it', (kind) => {
    const clamped = clampToAssumptions(EVERYTHING, { ...NOTHING, maxFaulty: 5 }, [kind]);
    if (kind === 'one-way-partition') {
      // A variant of a partition: its share survives, yet no partition happens without 'partition' too.
      expect(clamped.oneWayPartitionProbability).toBe(0.5);
      expect(onKinds(clamped)).toEqual([]);
      expect(onKinds(clampToAssumptions(EVERYTHING, { ...NOTHING, maxFaulty: 5 }, ['partition', kind]))).toEqual(['partition', kind]);
    } else {
      expect(onKinds(clamped)).toEqual([kind]);
    }
  });

  it('keeps each kind the assumptions declare (and is idempotent)', () => {
    const everythingAllowed: Assumptions = {
      failureModel: 'byzantine',
      maxFaulty: 5,
      network: { drop: true, duplicate: true, reorder: true, corrupt: true, fifo: false, partitions: 'one-way', delayBoundMs: null, longDelays: true },
      timing: { clockSkewMsMax: 60_000, clockDriftPpmMax: 100_000, clockJumps: true, pauses: true },
      storage: { unsyncedWritesLost: true, faults: ['lost-sync', 'corrupt-read', 'torn-write'] },
    };
    const clamped = clampToAssumptions(EVERYTHING, everythingAllowed);
    expect(clamped).toEqual(EVERYTHING);
    expect(clampToAssumptions(clamped, everythingAllowed)).toEqual(clamped);
  });

  it('walks the failure-model hierarchy: crash-stop ⊂ omission ⊂ crash-recovery ⊂ byzantine', () => {
    const model = (failureModel: Assumptions['failureModel']) => onKinds(clampToAssumptions(EVERYTHING, { ...NOTHING, failureModel, maxFaulty: 5 }));
    expect(model('none')).toEqual([]);
    expect(model('fail-stop')).toEqual(['crash-stop']);
    expect(model('crash-stop')).toEqual(['crash-stop']);
    expect(model('omission')).toEqual(['crash-stop', 'omission']);
    expect(model('crash-recovery')).toEqual(['crash-stop', 'omission', 'crash-recovery']);
    expect(model('byzantine')).toEqual(['crash-stop', 'omission', 'crash-recovery', 'byzantine']);
  });

  it('tightens bounds: faulty nodes at once, crash-stops, clock skew and drift', () => {
    const assumptions: Assumptions = {
      ...NOTHING,
      failureModel: 'byzantine',
      maxFaulty: 1,
      maxCrashStops: 0,
      timing: { clockSkewMsMax: 100, clockDriftPpmMax: 50, clockJumps: false, pauses: false },
    };
    const clamped = clampToAssumptions(EVERYTHING, assumptions);
    expect(clamped.maxDownNodes).toBe(1);
    expect(clamped.byzantineNodes).toBe(1);
    expect(clamped.crashStopWeight).toBe(0);
    expect(clamped.maxCrashStops).toBe(0);
    expect(clamped.clockSkewMsMax).toBe(100);
    expect(clamped.clockDriftPpmMax).toBe(50);
    expect(clampToAssumptions(EVERYTHING, assumptions, ['max-faulty', 'clock-skew']).maxDownNodes).toBe(4);
    expect(clampToAssumptions(EVERYTHING, assumptions, ['clock-skew']).clockSkewMsMax).toBe(5000);
  });

  it('resolves "a minority" against the faultable count (5 nodes: 2 at once)', () => {
    const assumptions: Assumptions = { ...NOTHING, failureModel: 'crash-recovery', maxFaulty: 'minority' };
    expect(clampToAssumptions(EVERYTHING, assumptions, [], 5).maxDownNodes).toBe(2);
    expect(clampToAssumptions({ ...EVERYTHING, maxDownNodes: -1 }, assumptions, [], 7).maxDownNodes).toBe(3);
    expect(clampToAssumptions({ ...EVERYTHING, maxDownNodes: 1 }, assumptions, [], 7).maxDownNodes).toBe(1);
  });

  it('forces FIFO links for a protocol that needs them, unless the run goes beyond with reorder', () => {
    const fifo: Assumptions = { ...NOTHING, network: { ...NOTHING.network, reorder: true, fifo: true } };
    const clamped = clampToAssumptions(EVERYTHING, fifo);
    expect(clamped.fifo).toBe(true);
    expect(clamped.reorderProbability).toBe(0);
    const beyond = clampToAssumptions(EVERYTHING, fifo, ['reorder']);
    expect(beyond.fifo).toBe(false);
    expect(beyond.reorderProbability).toBe(0.1);
  });

  it('keeps every delivery within a declared delay bound (uniform delays, no long delays, bounded hold-backs)', () => {
    const bounded: Assumptions = { ...NOTHING, network: { ...NOTHING.network, reorder: true, duplicate: true, longDelays: true, delayBoundMs: 50 } };
    const clamped = clampToAssumptions({ ...EVERYTHING, delayMsMin: 10, delayMsSpread: 100, reorderDelayMsMax: 20 }, bounded);
    expect(clamped.delayDistribution).toBe('uniform');
    expect(clamped.longDelayProbability).toBe(0);
    expect(clamped.delayMsMin + clamped.delayMsSpread + clamped.reorderDelayMsMax).toBeLessThanOrEqual(50);
    expect(clamped.delayMsMin + clamped.delayMsSpread + clamped.duplicateDelayMsMax).toBeLessThanOrEqual(50);
  });

  it('allows symmetric partitions without one-way ones', () => {
    const symmetric: Assumptions = { ...NOTHING, network: { ...NOTHING.network, partitions: 'symmetric' } };
    const clamped = clampToAssumptions(EVERYTHING, symmetric);
    expect(clamped.partitionWeight).toBe(1);
    expect(clamped.oneWayPartitionProbability).toBe(0);
  });
});

describe('--beyond and --failure-model', () => {
  it('parses kinds and aliases in a stable order, and names the valid kinds on a typo', () => {
    expect(parseBeyond('byzantine,corruption')).toEqual(['corrupt', 'byzantine']);
    expect(parseBeyond('storage')).toEqual(['lost-writes', 'lost-sync', 'corrupt-read', 'torn-write']);
    expect(parseBeyond('all')).toEqual([...BEYOND_KINDS]);
    expect(() => parseBeyond('corrup')).toThrow(/unknown fault kind "corrup"; kinds: drop, duplicate/);
  });

  it('maps a failure model onto its process-failure kinds', () => {
    expect(failureModelKinds('byzantine')).toEqual(['crash-stop', 'omission', 'crash-recovery', 'byzantine']);
    expect(failureModelKinds('fail-stop')).toEqual(['crash-stop']);
    expect(() => failureModelKinds('sloppy')).toThrow(/--failure-model expects one of none, fail-stop/);
  });

  it('counts as beyond only what the assumptions do not already admit', () => {
    const raftLike: Assumptions = { ...NOTHING, failureModel: 'crash-recovery', maxFaulty: 'minority', network: { ...NOTHING.network, drop: true } };
    expect(effectiveBeyond(raftLike, failureModelKinds('byzantine'))).toEqual(['byzantine']);
    expect(effectiveBeyond(raftLike, ['drop', 'corrupt'])).toEqual(['corrupt']);
  });
});

describe('assumptions derived from a profile (scenarios that declare none)', () => {
  it('admit exactly the kinds the profile turns on, so a clamp leaves the profile alone', () => {
    const profile: FaultProfile = { ...NO_FAULTS, dropProbability: 0.1, nemesisIntervalMsMean: 1000, crashRecoveryWeight: 1, loseUnsyncedWrites: true };
    const assumptions = assumptionsFromProfile(profile);
    expect(toleratedKinds(assumptions)).toEqual(['drop', 'crash-recovery', 'lost-writes']);
    expect(clampToAssumptions(profile, assumptions)).toEqual(profile);
    expect(onKinds(clampToAssumptions(EVERYTHING, assumptions))).toEqual(['drop', 'crash-recovery', 'lost-writes']);
  });

  it('treat a FIFO profile or requiresFifo as needing FIFO links', () => {
    expect(assumptionsFromProfile({ ...NO_FAULTS, reorderProbability: 0.2 }, true).network).toMatchObject({ fifo: true, reorder: false });
  });
});

describe('bounds that rule a fault kind out are said', () => {
  it('a minority of 2 faultable nodes is 0: no crash can happen', () => {
    const assumptions: Assumptions = { ...NOTHING, failureModel: 'crash-recovery', maxFaulty: 'minority', network: { ...NOTHING.network, partitions: 'symmetric' } };
    expect(unreachableKinds(assumptions, 2).map((entry) => entry.kind)).toEqual(['crash-stop', 'omission', 'crash-recovery']);
    expect(receivableKinds(assumptions, 2)).toEqual(['partition']);
    expect(receivableKinds(assumptions, 1)).toEqual([]);
    expect(receivableKinds(assumptions, 3)).toEqual(['partition', 'crash-stop', 'omission', 'crash-recovery']);
  });

  it('warns when a profile turns crashes on but maxDownNodes resolves to 0', () => {
    const profile: FaultProfile = { ...NO_FAULTS, nemesisIntervalMsMean: 1000, crashRecoveryWeight: 1, maxDownNodes: 0 };
    const warnings = profileWarnings(profile, 2, -1);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/maxDownNodes -1 \(a minority\) of 2 faultable node\(s\) is 0: crash-recovery \(weight 1\) can never happen/);
    expect(profileWarnings({ ...profile, maxDownNodes: 1 }, 2, 1)).toEqual([]);
  });
});

describe('going beyond the failure model', () => {
  it('leaves the count of faulty nodes to the profile (a crash beyond "none, 0 faulty" can happen)', () => {
    const none: Assumptions = { ...NOTHING, failureModel: 'none', maxFaulty: 0 };
    expect(clampToAssumptions(EVERYTHING, none, [], 5).maxDownNodes).toBe(0);
    const beyond = clampToAssumptions(EVERYTHING, none, ['crash-recovery'], 5);
    expect(beyond.crashRecoveryWeight).toBe(1);
    expect(beyond.maxDownNodes).toBe(4);
  });
});
