import { describe, expect, it } from 'vitest';
import { NO_FAULTS, Simulation, type FaultPlan, type FaultProfile, type NodeLogic, type TraceEvent } from '../../../sim/index.js';

/** Sends a numbered message to every peer every 10 ms. */
const chatter: NodeLogic<{ sent: number }> = {
  init(ctx) {
    ctx.setTimer(10, 'tick');
    return { sent: 0 };
  },
  onMessage() {},
  onTimer(state, _timer, ctx) {
    state.sent++;
    for (const peer of ctx.peers) ctx.send(peer, { n: state.sent, from: ctx.id });
    ctx.setTimer(10, 'tick');
  },
};

function run(options: { plan?: FaultPlan; profile?: Partial<FaultProfile>; mask?: string[]; runMs?: number }) {
  const events: TraceEvent[] = [];
  const sim = new Simulation({
    seed: '11',
    nodes: ['n1', 'n2', 'n3'].map((id) => ({ id, logic: chatter })),
    profile: { ...NO_FAULTS, ...options.profile },
    runMs: options.runMs ?? 1000,
    ...(options.plan ? { plan: options.plan } : {}),
    ...(options.mask ? { mask: options.mask } : {}),
    trace: { write: (event) => events.push(event) },
  });
  sim.run();
  return { sim, events };
}

const omissionPlan: FaultPlan = {
  steps: [
    { fault: 'omission#1', atMs: 200, action: { type: 'omission', node: 'n1', probability: 0.5 } },
    { fault: 'omission#1', atMs: 700, action: { type: 'omission-end', node: 'n1' } },
  ],
  endMs: 700,
};

describe('omission', () => {
  it('loses only the chosen node\'s outgoing and incoming messages, only during the episode, at about its probability', () => {
    const { sim, events } = run({ plan: omissionPlan });
    const drops = events.filter((event) => event.type === 'net.drop');
    const sendOmissions = drops.filter((event) => event.reason === 'send-omission');
    const receiveOmissions = drops.filter((event) => event.reason === 'receive-omission');
    expect(drops.length).toBe(sendOmissions.length + receiveOmissions.length);
    for (const drop of sendOmissions) expect(drop).toMatchObject({ from: 'n1', fault: 'omission#1' });
    for (const drop of receiveOmissions) expect(drop).toMatchObject({ to: 'n1', fault: 'omission#1' });
    for (const drop of drops) {
      expect(drop.t).toBeGreaterThanOrEqual(200_000);
      expect(drop.t).toBeLessThan(720_000);
    }
    // n1 sends 2 messages per 10 ms for 500 ms: about 100 sends, half of them lost.
    expect(sendOmissions.length).toBeGreaterThan(30);
    expect(sendOmissions.length).toBeLessThan(70);
    expect(receiveOmissions.length).toBeGreaterThan(30);
    expect(receiveOmissions.length).toBeLessThan(70);
    expect(events.filter((event) => event.type === 'fault.omission' || event.type === 'fault.omission-end').map((event) => event.t)).toEqual([200_000, 700_000]);
    expect(sim.stats.faults.omission).toBe(1);
    expect(sim.stats.faults.drop).toBe(0);
  });

  it('--mask removes the episode', () => {
    const masked = run({ plan: omissionPlan, mask: ['omission#1'] });
    expect(masked.events.some((event) => event.type === 'net.drop')).toBe(false);
    expect(masked.sim.stats.faults.omission).toBe(0);
  });
});

describe('long delay', () => {
  const profile = { longDelayProbability: 0.02, longDelayMsMin: 2000, longDelayMsMax: 3000 };

  it('lands a message seconds after it was sent, traced as net.delay with a stable id', () => {
    const { sim, events } = run({ profile, runMs: 5000 });
    const delays = events.filter((event) => event.type === 'net.delay');
    expect(delays.length).toBeGreaterThan(10);
    expect(sim.stats.faults.delay).toBe(delays.length);
    for (const delay of delays) {
      expect(delay.fault).toMatch(/^delay:n\d>n\d@[0-9a-f]{6}\.1$/);
      const deliver = events.find((event) => event.type === 'net.deliver' && event.msg === delay.msg);
      if (!deliver) continue; // still in flight when the run ended
      expect(deliver.t - delay.t).toBeGreaterThanOrEqual(2_000_000);
      expect(deliver.t - delay.t).toBeLessThanOrEqual(3_010_000);
    }
  });

  it('--mask on one long delay delivers that message on time and leaves the others as they were', () => {
    const { events } = run({ profile, runMs: 5000 });
    const delays = events.filter((event) => event.type === 'net.delay');
    const victim = delays[0]!;
    const masked = run({ profile, runMs: 5000, mask: [victim.fault] });
    const maskedDelays = masked.events.filter((event) => event.type === 'net.delay');
    expect(maskedDelays.map((event) => event.fault)).toEqual(delays.slice(1).map((event) => event.fault));
    const deliver = masked.events.find((event) => event.type === 'net.deliver' && event.msg === victim.msg)!;
    expect(deliver.t - victim.t).toBeLessThan(100_000);
  });
});
