/**
 * The primary-backup view bugs of the planted benchmark are observable: hand-built fault schedules,
 * inside primary-backup-kv's assumptions (one server cut off or down at a time, asynchronous
 * delivery), make pb-committed-stable fail on the planted variant and pass on the product.
 *
 * The schedule: a partition deposes p1 (v1's primary) while it holds uncommitted entries; the new
 * primary takes v2, p1 rejoins as a backup (v3) and takes its log; the v3 primary crashes and p1
 * becomes primary again (v4) with a different log at those positions. Then one message p1's group
 * exchanged in v1 arrives late (as an asynchronous network may deliver it), p1 commits, the crashed
 * server restarts and p1 crashes: the remaining backup takes over (v5) without what p1 committed.
 */
import { describe, expect, it } from 'vitest';
import { plantedBug } from '../../bench/planted/index.js';
import { prepareRun, summarize, type RunResult, type Scenario } from '../../sim/index.js';
import { primaryBackupKv } from '../../scenarios/primary-backup-kv.js';
import { tapServers, type Tapped } from './server-taps.js';

/** Runs the schedule; `late` picks the v1 message to deliver late, from what was sent and the backup's log length. */
function deposeAndReinstate(base: Scenario, seed: number, cut: string[][], late: (sent: Tapped[], backup: string, backupLength: number) => Tapped | undefined): { result: RunResult; delivered: boolean } {
  const sent: Tapped[] = [];
  const prepared = prepareRun(tapServers(base, 'sent', (msg) => msg.type === 'pb.replicate' || msg.type === 'pb.ack', sent), { seed, faults: 'none', timeMs: 8000 });
  const sim = prepared.sim;
  const state = (id: string): any => sim.nodeState(id);
  sim.at(1000, () => sim.partition(cut, false));
  sim.at(1350, () => sim.heal());
  let phase = 'wait-v3';
  let crashed = '';
  let delivered = false;
  const poll = (): void => {
    const p1 = state('p1');
    if (phase === 'wait-v3' && p1?.installed === 3 && p1.view.primary !== 'p1') {
      crashed = p1.view.primary;
      sim.crash(crashed, 'recover');
      phase = 'wait-v4';
    } else if (phase === 'wait-v4' && p1?.view.primary === 'p1' && p1.installed === p1.view.num) {
      const backup = ['p2', 'p3'].find((id) => id !== crashed)!;
      if (state(backup).installed !== p1.view.num) return void sim.at(sim.nowMs + 2, poll);
      phase = 'done';
      const message = late(sent, backup, state(backup).log.length);
      if (!message) return;
      sim.inject(message.from, message.to, message.msg);
      delivered = true;
      sim.at(sim.nowMs + 100, () => {
        sim.restart(crashed);
        sim.crash('p1', 'recover');
      });
      return;
    }
    if (phase !== 'done' && sim.nowMs < 7000) sim.at(sim.nowMs + 2, poll);
  };
  sim.at(1000, poll);
  sim.run();
  return { result: summarize(prepared), delivered };
}

/** A replicate p1 sent in view 1 that carries the entry right after the backup's log. */
const staleReplicate = (sent: Tapped[], backup: string, length: number): Tapped | undefined =>
  sent.filter((s) => s.from === 'p1' && s.to === backup && s.msg.type === 'pb.replicate' && s.msg.view === 1 && s.msg.entries.some((e: { seq: number }) => e.seq === length + 1)).at(-1);

/** An ack the backup sent p1 in view 1 that claims more than the backup's log holds now. */
const staleAck = (sent: Tapped[], backup: string, length: number): Tapped | undefined =>
  sent.filter((s) => s.from === backup && s.to === 'p1' && s.msg.type === 'pb.ack' && s.msg.view === 1 && s.msg.length > length).at(-1);

describe('primary-backup view bugs are observable within the assumptions', () => {
  const cases = [
    { bug: 'pb-replicate-any-view', seed: 2, cut: [['p1'], ['p2', 'p3']], late: staleReplicate, what: 'a late v1 replicate gives the backup old entries of p1 where p1 commits new ones' },
    { bug: 'pb-ack-any-view', seed: 5, cut: [['p1', 'p3'], ['p2']], late: staleAck, what: 'a late v1 ack makes p1 count entries the backup no longer holds' },
  ];
  for (const { bug, seed, cut, late, what } of cases) {
    it(`${bug} (seed ${seed}): ${what}; the product passes the same schedule`, () => {
      const planted = deposeAndReinstate(plantedBug(bug)!.scenario, seed, cut, late);
      expect(planted.delivered).toBe(true);
      expect(planted.result.ok ? 'ok' : planted.result.violation.checker).toBe('pb-committed-stable');
      const honest = deposeAndReinstate(primaryBackupKv, seed, cut, late);
      expect(honest.delivered).toBe(true);
      expect(honest.result.ok ? 'ok' : honest.result.violation.message).toBe('ok');
    }, 60_000);
  }
});
