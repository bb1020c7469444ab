import type { NodeSpec } from '../actor.js';
import type { FaultPlan } from '../faults/plan.js';
import type { FaultProfile } from '../faults/profile.js';
import type { RandomStream } from '../random.js';
import type { Simulation } from '../simulation.js';
import { aimedSettings, belowDownBound } from './aimed.js';
import { logUniform, roundMs } from './draw.js';
import { LateCopyIds, lateCopiesAdmitted } from './late-copies.js';
import { LeaderWatch } from './leaders.js';
import { observeNodes } from './observe.js';
import type { SearchStrategy } from './strategies.js';
import type { Timescale } from './timescale.js';

/**
 * Lag then strike: a follower is cut off until the leader starts sending it a message type it had
 * not sent it before (a state transfer: the follower is too far behind for the usual catch-up); the
 * cut heals at once, and as soon as the follower has answered, the leader and each successor are
 * struck (crashed, a minority down at once) until the caught-up node leads. Then the requests it got
 * from outside the cluster (clients) before arrive once more, as the network's late duplicates.
 * State that travels with a transfer (or should: a dedup table, sessions) is then the new leader's
 * only copy, and a late request tests it: a transfer that leaves some of it out shows at once.
 * Messages stay opaque; the leader is read from traffic (LeaderWatch), delays from the learnt timescale.
 */
interface LaggardSettings {
  /** Late copies of requests from outside the cluster (needs duplicates, reordering and unbounded delay). */
  replays: boolean;
  maxDownNodes: number;
  windowStartMs: number;
  windowEndMs: number;
}

type Phase = 'idle' | 'lag' | 'caught' | 'struck' | 'done';

export class Laggard {
  readonly steps: string[] = [];
  readonly startMs: number;
  private sim: Simulation | undefined;
  private faultable: string[] = [];
  private watch = new LeaderWatch([]);
  private readonly pollMs: number;
  private phase: Phase = 'idle';
  private laggard: string | undefined;
  private leader: string | undefined;
  /** Types the leader sent the laggard before the cut and in its first window. */
  private readonly usual = new Set<string>();
  private usualUntilMs = 0;
  private struck = new Set<string>();
  private strikesLeft: number;
  private ended = false;
  /** Per faultable node, the last requests it got from non-faultable nodes (clients), kept whole. */
  private readonly requests = new Map<string, { from: string; msg: unknown; msgId: number; sentInStep: number }[]>();
  private readonly copyIds = new LateCopyIds('laggard-late');

  constructor(
    private readonly settings: LaggardSettings,
    private readonly timescale: Timescale,
    private readonly rng: RandomStream,
  ) {
    const { windowStartMs, windowEndMs } = settings;
    this.startMs = roundMs(rng.uniform(windowStartMs, windowStartMs + Math.max(0, windowEndMs - windowStartMs) / 3));
    this.pollMs = Math.max(0.5, 2 * timescale.roundTripMs, timescale.timeoutMs / 2);
    this.strikesLeft = 2 + rng.int(4);
  }

  observe(nodes: readonly NodeSpec[]): NodeSpec[] {
    const faultable = new Set(nodes.filter((node) => node.faultable ?? true).map((node) => node.id));
    this.watch = new LeaderWatch([...faultable]);
    return observeNodes(
      nodes,
      {
        afterSend: (node, to, msg) => {
          const toFaultable = faultable.has(to);
          const type = this.watch.sent(node, to, msg, toFaultable);
          if (!toFaultable) return;
          if (this.phase === 'lag' && to === this.laggard) this.leaderSent(node, type);
          else if (this.phase === 'caught' && node === this.laggard && to === this.leader) this.answered();
          else if (this.phase === 'struck' && this.watch.leads(type) && !this.struck.has(node)) this.leading(node);
        },
        beforeMessage: (node, from, msg) => {
          const fromFaultable = faultable.has(from);
          this.watch.delivered(node, from, fromFaultable);
          if (!fromFaultable && this.settings.replays) this.keep(node, from, msg);
        },
      },
      (node) => node.faultable ?? true,
    );
  }

  plan(plan: FaultPlan, faultable: readonly string[]): void {
    this.faultable = [...faultable];
    if (faultable.length < 3 || this.settings.windowEndMs <= this.settings.windowStartMs) this.ended = true;
    else plan.endMs = Math.max(plan.endMs, this.settings.windowEndMs);
  }

  attach(sim: Simulation): void {
    this.sim = sim;
    if (!this.ended) sim.at(this.settings.windowStartMs, () => this.poll(), 'laggard poll');
  }

  private poll(): void {
    const sim = this.sim!;
    if (sim.nowMs >= this.settings.windowEndMs) return this.finish();
    const clear = this.watch.poll();
    if (this.phase === 'idle' && clear !== undefined && this.watch.learnt && sim.nowMs >= this.startMs) this.cut(clear);
    if (!this.ended) sim.at(sim.nowMs + this.pollMs, () => this.poll(), 'laggard poll');
  }

  private cut(leader: string): void {
    const sim = this.sim!;
    if (sim.partitions.active) return;
    const followers = this.faultable.filter((id) => id !== leader && sim.isUp(id));
    if (followers.length === 0) return;
    this.laggard = this.rng.pick(followers);
    this.leader = leader;
    this.phase = 'lag';
    this.usualUntilMs = sim.nowMs + 4 * this.pollMs;
    sim.partition([[this.laggard], this.faultable.filter((id) => id !== this.laggard)], false, 'laggard-lag');
    sim.at(this.settings.windowEndMs, () => this.heal(), 'laggard heal');
    this.steps.push(`lag ${this.laggard} at ${roundMs(sim.nowMs)} ms`);
  }

  private heal(): void {
    const sim = this.sim!;
    if (sim.activePartition === 'laggard-lag') sim.heal('laggard-lag');
  }

  /** The leader's sends to the laggard: a type it had not sent it before means a transfer. */
  private leaderSent(node: string, type: string): void {
    // Only the leader it was cut off from: a candidate's requests are not a transfer.
    if (node !== this.leader) return;
    const sim = this.sim!;
    if (sim.nowMs < this.usualUntilMs) {
      this.usual.add(type);
      return;
    }
    if (this.usual.has(type)) return;
    this.phase = 'caught';
    sim.at(sim.nowMs, () => this.heal(), 'laggard heal');
    this.steps.push(`${node} sends ${this.laggard} something new at ${roundMs(sim.nowMs)} ms`);
  }

  private answered(): void {
    const sim = this.sim!;
    this.phase = 'struck';
    const leader = this.leader!;
    sim.at(roundMs(sim.nowMs + logUniform(this.rng, this.timescale.roundTripMs / 10, 2 * this.timescale.roundTripMs)), () => this.strike(leader), 'laggard strike');
  }

  private keep(node: string, from: string, msg: unknown): void {
    const delivery = this.sim?.currentDelivery();
    if (!delivery) return;
    let list = this.requests.get(node);
    if (!list) this.requests.set(node, (list = []));
    list.push({ from, msg, msgId: delivery.msgId, sentInStep: delivery.sentInStep });
    if (list.length > 32) list.shift();
  }

  private leading(node: string): void {
    if (node === this.laggard) {
      this.phase = 'done';
      this.steps.push(`${node} leads at ${roundMs(this.sim!.nowMs)} ms`);
      if (this.settings.replays) this.replay(node);
      return;
    }
    if (this.strikesLeft <= 0) return;
    const sim = this.sim!;
    sim.at(roundMs(sim.nowMs + logUniform(this.rng, this.timescale.roundTripMs / 10, 2 * this.timescale.roundTripMs)), () => this.strike(node), 'laggard strike');
  }

  private strike(node: string): void {
    const sim = this.sim!;
    const nowMs = sim.nowMs;
    if (this.phase !== 'struck' || this.struck.has(node) || nowMs >= this.settings.windowEndMs) return;
    this.struck.add(node);
    this.strikesLeft--;
    const id = `laggard-crash#${this.struck.size}`;
    if (!belowDownBound(sim, this.faultable, this.settings.maxDownNodes)) {
      // Release the earliest struck node first: a minority stays down.
      for (const other of this.struck) if (!sim.isUp(other)) {
        sim.restart(other, `laggard-crash#${[...this.struck].indexOf(other) + 1}`);
        break;
      }
    }
    sim.crash(node, 'recover', id);
    const untilMs = Math.min(roundMs(nowMs + logUniform(this.rng, this.timescale.timeoutMs, 8 * this.timescale.longTimeoutMs)), this.settings.windowEndMs);
    sim.at(untilMs, () => sim.restart(node, id), 'laggard restart');
    this.steps.push(`crash ${node} at ${roundMs(nowMs)} ms`);
  }

  /** Late duplicates of the requests the node got from outside the cluster, spread over a few round trips. */
  private replay(node: string): void {
    const sim = this.sim!;
    const spreadMs = logUniform(this.rng, this.timescale.roundTripMs / 2, 4 * this.timescale.roundTripMs);
    const kept = this.requests.get(node) ?? [];
    for (const request of kept.slice(-(1 + this.rng.int(kept.length || 1)))) {
      const atMs = Math.min(roundMs(sim.nowMs + this.rng.float() * spreadMs), this.settings.windowEndMs);
      const fault = this.copyIds.next(request.from, node, request.msg);
      sim.at(atMs, (running) => running.redeliver(request.from, node, request.msgId, request.msg, request.sentInStep, fault), 'laggard late copy');
    }
  }

  private finish(): void {
    this.ended = true;
    this.heal();
  }
}

export const laggard: SearchStrategy = {
  name: 'laggard',
  description: 'cut a follower off until the leader starts a state transfer to it, heal, strike each leader until it leads, then hand it late duplicates of the requests it got from clients',
  prepare: ({ profile, runMs, timescale: learn, rng, tolerated, delayBoundMs }) => {
    const ts = learn();
    const aim = aimedSettings(profile, runMs, tolerated);
    if (!aim.partitions || !aim.crashes) return { profile, summary: 'plain profile (no partition or crash admitted)' };
    const replays = lateCopiesAdmitted(profile, tolerated, delayBoundMs);
    const runner = new Laggard({ replays, maxDownNodes: aim.maxDownNodes, windowStartMs: aim.windowStartMs, windowEndMs: aim.windowEndMs }, ts, rng);
    const next: FaultProfile = { ...profile, name: `${profile.name}@laggard`, partitionWeight: 0, crashRecoveryWeight: 0, crashStopWeight: 0 };
    return {
      profile: next,
      summary: `lag a follower from ${runner.startMs} ms until a transfer, strike leaders until it leads${replays ? ", late client requests to it" : ""}`,
      nodes: (nodes) => runner.observe(nodes),
      plan: (plan, faultable) => runner.plan(plan, faultable),
      attach: (sim) => runner.attach(sim),
    };
  },
};
