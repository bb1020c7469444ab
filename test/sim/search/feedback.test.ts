import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fuzz } from 'faultline';
import { DEFAULT_MIX } from '../../../sim/search/index.js';
import { EPOCH_SEEDS, FEEDBACK_LAG, MixFeedback, RANDOM_FLOOR } from '../../../sim/search/feedback.js';

const LOSSY = fileURLToPath(new URL('../../fixtures/workflows/lossy-tally.mjs', import.meta.url));
const weightOf = (shares: readonly { strategy: string; weight: number }[], strategy: string): number => shares.find((share) => share.strategy === strategy)?.weight ?? 0;

describe('mix feedback', () => {
  it('moves share toward the strategy whose seeds reach new edges, and keeps random above its floor', () => {
    const feedback = new MixFeedback();
    const start = weightOf(feedback.current(), 'focus');
    for (let epoch = 0; epoch < 6; epoch++) {
      for (let i = 0; i < EPOCH_SEEDS; i++) {
        const seed = epoch * EPOCH_SEEDS + i;
        const strategy = DEFAULT_MIX[i % DEFAULT_MIX.length]!.strategy;
        // Only focus seeds ever reach something new; the others repeat edge 0.
        feedback.add({ seed, strategy, edges: strategy === 'focus' ? [1 + seed] : [0] });
      }
      feedback.closeEpoch();
    }
    const shares = feedback.current();
    expect(weightOf(shares, 'focus')).toBeGreaterThan(2 * start);
    expect(weightOf(shares, 'random')).toBeGreaterThanOrEqual(RANDOM_FLOOR);
    expect(shares.reduce((sum, share) => sum + share.weight, 0)).toBeCloseTo(1, 5);
  });

  it('gives an epoch the shares learnt FEEDBACK_LAG epochs before it, and none before those are closed', () => {
    const feedback = new MixFeedback();
    expect(feedback.sharesFor(0)).toEqual(feedback.sharesFor(1));
    expect(feedback.sharesFor(FEEDBACK_LAG)).toBeUndefined();
    for (let seed = 0; seed < EPOCH_SEEDS; seed++) feedback.add({ seed, strategy: seed % 3 ? 'random' : 'focus', edges: seed % 3 ? [0] : [seed] });
    const learnt = feedback.closeEpoch();
    expect(feedback.sharesFor(FEEDBACK_LAG)).toEqual(learnt);
    expect(feedback.sharesFor(FEEDBACK_LAG + 1)).toBeUndefined();
  });

  it('judges an epoch in seed order, whatever order its results arrived in', () => {
    const inOrder = new MixFeedback();
    const reversed = new MixFeedback();
    const results = Array.from({ length: EPOCH_SEEDS }, (_, seed) => ({ seed, strategy: seed % 2 ? 'aimed' : 'random', edges: [seed % 7] }));
    for (const result of results) inOrder.add(result);
    for (const result of [...results].reverse()) reversed.add(result);
    expect(reversed.closeEpoch()).toEqual(inOrder.closeEpoch());
  });

  it('gives the same failing seeds, strategies and shares for 1 and 2 workers over several epochs', async () => {
    const one = await fuzz(LOSSY, { seeds: '1..250', workers: 1 });
    const two = await fuzz(LOSSY, { seeds: '1..250', workers: 2 });
    expect(one.failed).toBeGreaterThan(0);
    // One entry per epoch run: epochs 0 and 1 run the prior, epoch 2 what epoch 0 taught (FEEDBACK_LAG).
    expect(one.mixShares).toHaveLength(3);
    expect(one.mixShares![1]).toEqual(one.mixShares![0]);
    // The shares moved (the fixture's strategies do not all reach the same edges).
    expect(one.mixShares![2]).not.toEqual(one.mixShares![0]);
    expect(two.mixShares).toEqual(one.mixShares);
    const failing = (report: typeof one): string[] => report.failures.map((failure) => `${failure.seed}:${failure.strategy}:${failure.digest}`).sort();
    expect(failing(two)).toEqual(failing(one));
    expect(two.combinedDigest).toBe(one.combinedDigest);
  }, 180_000);

  it('is off under sharding (a shard cannot judge the other shards\' seeds)', async () => {
    const shard = await fuzz(LOSSY, { seeds: '1..20', shard: '1/2', workers: 1 });
    expect(shard.mixShares).toBeUndefined();
  }, 60_000);
});
