import { describe, expect, it } from 'vitest';
import { Simulation, type NodeLogic, type ProtocolAdversary } from '../../sim/index.js';
import { profile } from '../helpers/nodes.js';

interface Vote {
  type: 'test.vote';
  round: number;
  value: string;
}

const voter: NodeLogic<{ round: number }, Vote> = {
  init: (ctx) => {
    ctx.setTimer(1, 'vote');
    return { round: 0 };
  },
  onMessage: () => {},
  onTimer: (state, _timer, ctx) => {
    state.round++;
    const vote: Vote = { type: 'test.vote', round: state.round, value: 'yes' };
    for (const peer of ctx.peers) ctx.send(peer, vote);
    if (state.round < 200) ctx.setTimer(1, 'vote');
  },
};

const collector: NodeLogic<{ votes: Vote[] }, Vote> = {
  init: () => ({ votes: [] }),
  onMessage: (state, _from, msg) => {
    state.votes.push(msg);
  },
};

function run(overrides: Parameters<typeof profile>[0], adversary?: ProtocolAdversary<Vote>) {
  const sim = new Simulation({
    seed: '5',
    nodes: [
      { id: 'liar', logic: voter, peers: ['p1', 'p2'] },
      { id: 'p1', logic: collector, role: 'peer' },
      { id: 'p2', logic: collector, role: 'peer' },
    ],
    profile: profile({ delayMsSpread: 0, ...overrides }),
    runMs: 1000,
    byzantine: ['liar'],
    ...(adversary ? { adversary } : {}),
  });
  sim.run();
  const votes = (id: string) => sim.nodeState<{ votes: Vote[] }>(id)!.votes;
  return { sim, p1: votes('p1'), p2: votes('p2') };
}

const key = (v: Vote) => `${v.round}:${v.value}`;

describe('the Byzantine adversary (seed 5)', () => {
  it('equivocates: the same broadcast reaches different peers with different payloads', () => {
    const { sim, p1, p2 } = run({ byzantineEquivocateProbability: 1 });
    expect(sim.stats.faults.byzantine).toBe(400);
    const differing = p1.filter((v, i) => key(v) !== key(p2[i]!)).length;
    expect(differing).toBeGreaterThan(100);
  });

  it('alters fields of single messages', () => {
    const { p1 } = run({ byzantineAlterProbability: 1 });
    const honest = p1.filter((v, i) => v.round === i + 1 && v.value === 'yes').length;
    expect(honest).toBe(0);
  });

  it('replays stale messages', () => {
    const { sim, p1, p2 } = run({ byzantineReplayProbability: 0.5 });
    expect(p1.length + p2.length).toBe(400 + sim.stats.faults.byzantine);
    expect(sim.stats.faults.byzantine).toBeGreaterThan(100);
  });

  it('sends honestly when every probability is zero', () => {
    const { sim, p1 } = run({});
    expect(sim.stats.faults.byzantine).toBe(0);
    expect(p1.every((v, i) => v.round === i + 1 && v.value === 'yes')).toBe(true);
  });

  it('uses a protocol-aware adversary when the scenario gives one', () => {
    const flipper: ProtocolAdversary<Vote> = ({ to, msg }) => [{ to, msg: { ...msg, value: to === 'p1' ? 'yes' : 'no' }, kind: 'custom', note: 'split vote' }];
    const { p1, p2 } = run({}, flipper);
    expect(p1.every((v) => v.value === 'yes')).toBe(true);
    expect(p2.every((v) => v.value === 'no')).toBe(true);
  });
});
