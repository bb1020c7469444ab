import { describe, expect, it } from 'vitest';
import { measureEffect } from '../../bench/planted/effect.js';
import { plantedBug } from '../../bench/planted/index.js';
import { retiredBugs } from '../../bench/planted/retired.js';
import { primaryBackupKv } from '../../scenarios/primary-backup-kv.js';

describe('planted-bug effect probe', () => {
  it('finds that the retired chain-ack-any-epoch rewrite never changes what a replica does (seeds 1..6)', () => {
    const bug = retiredBugs.find((retired) => retired.id === 'chain-ack-any-epoch')!;
    const count = measureEffect(bug, 6, ['aimed']);
    expect(count.touched).toBeGreaterThan(0);
    expect(count.changed).toBe(0);
  }, 120_000);

  it('sees pb-ack-any-view (kept: its rewrite changes what a primary does) change outcomes in seeds 1..6', () => {
    expect(plantedBug('pb-ack-any-view')).toBeDefined();
    const count = measureEffect(
      {
        id: 'pb-ack-any-view',
        description: '',
        why: '',
        base: primaryBackupKv,
        which: (node) => node.role === 'server',
        patch: { incoming: (state, _from, msg) => (msg.type === 'pb.ack' && msg.view < state.installed ? { ...msg, view: state.installed } : msg) },
      },
      6,
      ['aimed'],
    );
    expect(count.changed).toBeGreaterThan(0);
  }, 120_000);

  it('keeps every retired id out of the benchmark', () => {
    for (const bug of retiredBugs) expect(plantedBug(bug.id)).toBeUndefined();
  });
});
