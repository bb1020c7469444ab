/**
 * ReadIndex rounds restart with each leadership. A follower that refused a late AppendEntries of the
 * leader's earlier term used to echo that term's round under its current term, and the re-elected
 * leader took it as an acknowledgement of its new leadership's round: it served reads without a
 * quorum after it had been deposed (found by `--strategy chain`, seed 1977: a paused leader answered
 * a read with a value two newer puts had overwritten). Refusals of stale terms now carry no round.
 */
import { describe, expect, it } from 'vitest';
import { runScenarioOnce } from '../../../sim/index.js';
import { raftKv } from '../../../scenarios/raft-kv.js';

describe('raft: a refusal of an earlier term acknowledges no read round', () => {
  it('raft-kv under chain, seed 1977 (late copies of a returning leader\'s earlier appends): linearizable', () => {
    const result = runScenarioOnce(raftKv, { seed: 1977, strategy: 'chain' });
    expect(result.ok ? 'ok' : `${result.violation.checker}: ${result.violation.message}`).toBe('ok');
  }, 60_000);
});
