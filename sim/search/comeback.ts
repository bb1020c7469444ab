import type { NodeSpec } from '../actor.js';
import type { FaultPlan } from '../faults/plan.js';
import type { RandomStream } from '../random.js';
import type { Simulation } from '../simulation.js';
import type { FaultProfile } from '../faults/profile.js';
import { aimedSettings, belowDownBound } from './aimed.js';
import type { DepositionKind } from './chain.js';
import { logUniform, roundMs } from './draw.js';
import { messageType } from './coverage.js';
import { laggard } from './laggard.js';
import { LateCopyIds, lateCopiesAdmitted } from './late-copies.js';
import { LeaderWatch } from './leaders.js';
import { observeNodes } from './observe.js';
import type { SearchStrategy } from './strategies.js';
import type { Timescale } from './timescale.js';

/**
 * Comebacks: a leader cut off together with a minority that still answers it goes on working in an
 * epoch (term, view, ballot) the majority is about to supersede; the majority elects a successor, the
 * cut heals as soon as it does, and each successor is struck down as soon as the old leader has heard
 * from it (its uncommitted work is overwritten while the successor has done little), until the old
 * leader leads again. Then the answers its minority gave it in the superseded epoch arrive late, while
 * its own new sends reach too few nodes to make a majority with real answers alone.
 * A protocol must not count an earlier epoch's answer in a later one; a missing check commits on a
 * minority, and the majority that did not hear moves on without the entry. Nothing here names a
 * message: the leader is read from traffic (LeaderWatch), delays are drawn across the protocol's
 * learnt timescale, and every fault is one the assumptions admit.
 */
export interface ComebackSettings {
  kinds: readonly DepositionKind[];
  /** Late copies of the minority's answers (needs duplicates, reordering and unbounded delay). */
  replays: boolean;
  /** Whether one-way cuts are admitted (else the returning leader is cut off both ways with its witnesses). */
  oneWay: boolean;
  maxDownNodes: number;
  windowStartMs: number;
  windowEndMs: number;
}

/** A message delivered to the cut-off leader from its minority, kept whole to deliver it again as itself. */
interface Answer {
  from: string;
  msg: unknown;
  msgId: number;
  sentInStep: number;
}

type Phase = 'idle' | 'cut' | 'healing' | 'struck' | 'back';

/** Per link, the last few answers kept. */
const KEPT_PER_LINK = 8;

export class Comeback {
  /** What happened, in order (for tests and debugging: the summary is said before the run). */
  readonly steps: string[] = [];
  readonly cyclesPlanned: number;
  readonly startMs: number;
  private sim: Simulation | undefined;
  private faultable: string[] = [];
  private watch = new LeaderWatch([]);
  private readonly pollMs: number;
  private phase: Phase = 'idle';
  private cyclesLeft: number;
  private cycle = 0;
  private nextCycleMs: number;
  /** The leader cut off in this cycle, its minority, and who leads the majority now. */
  private old: string | undefined;
  private company: string[] = [];
  private successor: string | undefined;
  private struck = new Set<string>();
  private strikesLeft = 0;
  private oldFollowed = false;
  private readonly kept = new Map<string, Answer[]>();
  private readonly copyIds = new LateCopyIds('comeback-late');
  /** Ends a phase that waits too long for the run to move (no successor, the old leader never back). */
  private deadlineMs = Infinity;
  private ended = false;

  constructor(
    private readonly settings: ComebackSettings,
    private readonly timescale: Timescale,
    private readonly rng: RandomStream,
  ) {
    const { windowStartMs, windowEndMs } = settings;
    this.cyclesLeft = this.cyclesPlanned = 1 + rng.int(4);
    this.startMs = roundMs(rng.uniform(windowStartMs, windowStartMs + Math.max(0, windowEndMs - windowStartMs) / 2));
    this.nextCycleMs = this.startMs;
    this.pollMs = Math.max(0.5, 2 * timescale.roundTripMs, timescale.timeoutMs / 2);
  }

  get active(): boolean {
    return this.settings.kinds.length > 0;
  }

  observe(nodes: readonly NodeSpec[]): NodeSpec[] {
    if (!this.active) return [...nodes];
    const faultable = new Set(nodes.filter((node) => node.faultable ?? true).map((node) => node.id));
    this.watch = new LeaderWatch([...faultable]);
    return observeNodes(
      nodes,
      {
        afterSend: (node, to, msg) => {
          const toFaultable = faultable.has(to);
          const type = this.watch.sent(node, to, msg, toFaultable);
          if (toFaultable && this.watch.leads(type)) this.leading(node);
        },
        beforeMessage: (node, from, msg) => {
          const fromFaultable = faultable.has(from);
          this.watch.delivered(node, from, fromFaultable);
          if (node !== this.old || !fromFaultable) return;
          if (this.phase === 'cut') {
            if (this.company.includes(from)) this.keep(from, msg);
          } else if (this.phase !== 'idle' && this.watch.leads(messageType(msg))) {
            // The old leader hears a successor: it has stepped down, and its next leader-only send means it leads again.
            this.oldFollowed = true;
            if (this.phase === 'healing' && from === this.successor) this.strikeSoon(from, 'heard');
          }
        },
      },
      (node) => node.faultable ?? true,
    );
  }

  plan(plan: FaultPlan, faultable: readonly string[]): void {
    this.faultable = [...faultable];
    const majority = Math.floor(faultable.length / 2) + 1;
    if (!this.active || majority < 2 || this.settings.windowEndMs <= this.settings.windowStartMs) {
      this.ended = true;
      return;
    }
    plan.endMs = Math.max(plan.endMs, this.settings.windowEndMs);
  }

  attach(sim: Simulation): void {
    this.sim = sim;
    if (this.ended) return;
    sim.at(this.settings.windowStartMs, () => this.poll(), 'comeback poll');
  }

  private poll(): void {
    const sim = this.sim!;
    const nowMs = sim.nowMs;
    if (nowMs >= this.settings.windowEndMs) return this.finish();
    const clear = this.watch.poll();
    // Polls find a successor that leader-only sends did not show; a comeback shows by its sends alone.
    if (clear !== undefined && this.phase === 'cut') this.leading(clear);
    if (this.phase === 'idle' && clear !== undefined && this.watch.learnt && nowMs >= this.nextCycleMs && this.cyclesLeft > 0) this.cut(clear);
    else if (this.phase !== 'idle' && nowMs >= this.deadlineMs) this.endCycle('stalled');
    if (!this.ended) sim.at(nowMs + this.pollMs, () => this.poll(), 'comeback poll');
  }

  /** A node shows it leads (a leader-only send, or the clear leader of a window). */
  private leading(node: string): void {
    if (this.phase === 'cut' && node !== this.old && !this.company.includes(node)) {
      this.successor = node;
      this.phase = 'healing';
      const sim = this.sim!;
      // The cut lasts just until a successor is elected: heal within half a round trip of it.
      const healMs = roundMs(sim.nowMs + this.rng.float() * this.timescale.roundTripMs / 2);
      sim.at(healMs, () => this.heal(`comeback-cut#${this.cycle}`), 'comeback heal');
      // Struck once the old leader has heard from it, or after a few round trips at the latest.
      const latestMs = roundMs(healMs + logUniform(this.rng, this.timescale.roundTripMs / 2, 4 * this.timescale.roundTripMs));
      sim.at(latestMs, () => this.strike(node), 'comeback strike');
      this.deadlineMs = sim.nowMs + 8 * this.timescale.longTimeoutMs;
      this.steps.push(`${node} succeeds ${this.old} at ${roundMs(sim.nowMs)} ms`);
    } else if (this.phase === 'struck' && !this.struck.has(node)) {
      if (node === this.old) {
        if (this.oldFollowed) this.back(node);
      } else if (this.strikesLeft > 0) {
        this.successor = node;
        this.phase = 'healing';
        this.strikeSoon(node, 'next');
      }
    }
  }

  /** Cuts the leader off together with a minority that goes on answering it. */
  private cut(leader: string): void {
    const sim = this.sim!;
    if (sim.partitions.active || !sim.isUp(leader)) return;
    const majority = Math.floor(this.faultable.length / 2) + 1;
    const others = this.faultable.filter((id) => id !== leader && sim.isUp(id));
    // The leader and its company stay short of a majority, and the rest can still elect.
    const most = Math.min(majority - 2, others.length - majority);
    if (most < 0) return;
    this.cycle++;
    this.cyclesLeft--;
    this.old = leader;
    this.company = this.rng.shuffled(others).slice(0, most === 0 ? 0 : 1 + this.rng.int(most));
    this.kept.clear();
    this.struck.clear();
    this.oldFollowed = false;
    this.strikesLeft = 1 + this.rng.int(3);
    const rest = this.faultable.filter((id) => id !== leader && !this.company.includes(id));
    sim.partition([[leader, ...this.company], rest], false, `comeback-cut#${this.cycle}`);
    this.phase = 'cut';
    this.deadlineMs = sim.nowMs + 8 * this.timescale.longTimeoutMs;
    this.steps.push(`cut ${[leader, ...this.company].join('+')} at ${roundMs(sim.nowMs)} ms`);
  }

  private keep(from: string, msg: unknown): void {
    const delivery = this.sim?.currentDelivery();
    if (!delivery) return;
    let list = this.kept.get(from);
    if (!list) this.kept.set(from, (list = []));
    list.push({ from, msg, msgId: delivery.msgId, sentInStep: delivery.sentInStep });
    if (list.length > KEPT_PER_LINK) list.shift();
  }

  private heal(id: string): void {
    const sim = this.sim!;
    if (sim.activePartition === id) sim.heal(id);
  }

  /** Strikes a successor a moment from now (a fraction of a round trip to two). */
  private strikeSoon(node: string, why: string): void {
    const sim = this.sim!;
    const atMs = roundMs(sim.nowMs + logUniform(this.rng, this.timescale.roundTripMs / 10, 2 * this.timescale.roundTripMs));
    sim.at(atMs, () => this.strike(node), `comeback strike (${why})`);
  }

  /** Deposes a successor (once), so that the old leader may lead again. */
  private strike(node: string): void {
    const sim = this.sim!;
    if (this.phase !== 'healing' || this.successor !== node || this.struck.has(node) || node === this.old) return;
    const nowMs = sim.nowMs;
    if (nowMs >= this.settings.windowEndMs) return this.finish();
    this.heal(`comeback-cut#${this.cycle}`);
    this.strikesLeft--;
    this.struck.add(node);
    this.phase = 'struck';
    this.deadlineMs = nowMs + 8 * this.timescale.longTimeoutMs;
    const kind = this.rng.pick(this.settings.kinds);
    const id = `comeback-${kind}#${this.cycle}.${this.struck.size}`;
    const { timeoutMs, longTimeoutMs } = this.timescale;
    const untilMs = Math.min(roundMs(nowMs + logUniform(this.rng, timeoutMs, 8 * longTimeoutMs)), this.settings.windowEndMs);
    if (kind === 'crash') {
      if (!belowDownBound(sim, this.faultable, this.settings.maxDownNodes)) return;
      sim.crash(node, 'recover', id);
      sim.at(untilMs, () => sim.restart(node, id), 'comeback restart');
    } else if (kind === 'pause') {
      sim.pause(node, roundMs(untilMs - nowMs), id);
    } else {
      if (sim.partitions.active) return;
      sim.partition([[node], this.faultable.filter((other) => other !== node)], false, id);
      sim.at(untilMs, () => this.heal(id), 'comeback heal');
    }
    this.steps.push(`${kind} ${node} at ${roundMs(nowMs)} ms`);
  }

  /**
   * The old leader leads again: its new sends reach too few nodes for a majority of real answers (one
   * short, with its superseded minority counted), and its minority's old answers arrive late.
   */
  private back(leader: string): void {
    this.phase = 'back';
    this.deadlineMs = Infinity;
    // Seen inside the leader's own step: the cut comes right after it, before its sends arrive.
    const sim = this.sim!;
    sim.at(sim.nowMs, () => this.cutBack(leader), 'comeback back');
  }

  private cutBack(leader: string): void {
    const sim = this.sim!;
    const nowMs = sim.nowMs;
    if (nowMs >= this.settings.windowEndMs) return this.finish();
    const majority = Math.floor(this.faultable.length / 2) + 1;
    const candidates = this.faultable.filter((id) => id !== leader && !this.company.includes(id) && !this.struck.has(id) && sim.isUp(id));
    const witnesses = this.rng.shuffled(candidates).slice(0, Math.max(0, majority - 1 - this.company.length));
    const unreached = this.faultable.filter((id) => id !== leader && !witnesses.includes(id));
    const id = `comeback-back#${this.cycle}`;
    if (sim.partitions.active) sim.heal(sim.activePartition);
    // One way where admitted: the others' answers and late copies still reach the leader.
    if (this.settings.oneWay) sim.partition([[leader], unreached], true, id);
    else sim.partition([[leader, ...witnesses], unreached], false, id);
    const untilMs = Math.min(roundMs(nowMs + logUniform(this.rng, this.timescale.timeoutMs, 8 * this.timescale.longTimeoutMs)), this.settings.windowEndMs);
    sim.at(untilMs, () => {
      this.heal(id);
      this.endCycle('done');
    }, 'comeback heal');
    if (this.settings.replays) this.replay(leader, nowMs);
    this.steps.push(`${leader} back at ${roundMs(nowMs)} ms, reaching ${witnesses.join('+') || 'nobody'}`);
  }

  /** Late copies of the last few answers each minority member gave, spread over a few round trips. */
  private replay(leader: string, nowMs: number): void {
    const sim = this.sim!;
    const last = 1 + this.rng.int(4);
    const spreadMs = logUniform(this.rng, this.timescale.roundTripMs / 2, 4 * this.timescale.roundTripMs);
    for (const member of this.company) {
      for (const answer of (this.kept.get(member) ?? []).slice(-last)) {
        const atMs = Math.min(roundMs(nowMs + this.rng.float() * spreadMs), this.settings.windowEndMs);
        const fault = this.copyIds.next(answer.from, leader, answer.msg);
        sim.at(atMs, (running) => running.redeliver(answer.from, leader, answer.msgId, answer.msg, answer.sentInStep, fault), 'comeback late copy');
      }
    }
  }

  private endCycle(why: string): void {
    const sim = this.sim!;
    if (this.phase === 'idle') return;
    if (this.phase !== 'back') this.heal(`comeback-cut#${this.cycle}`);
    this.phase = 'idle';
    this.old = undefined;
    this.successor = undefined;
    this.deadlineMs = Infinity;
    this.nextCycleMs = sim.nowMs + logUniform(this.rng, this.timescale.timeoutMs, 8 * this.timescale.longTimeoutMs);
    this.steps.push(`cycle ${this.cycle} ${why} at ${roundMs(sim.nowMs)} ms`);
  }

  /** Every fault ends with the window. */
  private finish(): void {
    const sim = this.sim!;
    this.ended = true;
    if (sim.partitions.active && sim.activePartition.startsWith('comeback-')) sim.heal(sim.activePartition);
  }
}

/**
 * The strategy: a node kept apart comes back to lead. Half the seeds (where crashes are admitted) stage
 * a follower's comeback (sim/search/laggard.ts: lagged until a state transfer, then leading), the
 * others a leader's (above). Either replaces the nemesis (like aimed shots and chains); message faults stay.
 */
export const comeback: SearchStrategy = {
  name: 'comeback',
  description: 'a node kept apart comes back to lead: a leader cut off with a minority (its minority\'s old answers arrive late while its new sends reach too few), or a follower lagged until a state transfer (client requests it got before arrive late)',
  prepare: (input) => {
    if (input.rng.chance(0.5)) {
      const follower = laggard.prepare(input);
      if (follower.attach) return follower;
    }
    const { profile, runMs, timescale: learn, rng, tolerated, delayBoundMs } = input;
    const ts = learn();
    const aim = aimedSettings(profile, runMs, tolerated);
    const kinds: DepositionKind[] = [];
    if (aim.crashes) kinds.push('crash');
    if (aim.pauses) kinds.push('pause');
    if (aim.partitions) kinds.push('isolate');
    const replays = lateCopiesAdmitted(profile, tolerated, delayBoundMs);
    // The cuts are partitions: without them there is no comeback to stage.
    const runner = new Comeback({ kinds: aim.partitions ? kinds : [], replays, oneWay: tolerated.has('one-way-partition'), maxDownNodes: aim.maxDownNodes, windowStartMs: aim.windowStartMs, windowEndMs: aim.windowEndMs }, ts, rng);
    const next: FaultProfile = { ...profile, name: `${profile.name}@comeback` };
    if (runner.active) Object.assign(next, { partitionWeight: 0, crashRecoveryWeight: 0, crashStopWeight: 0 });
    return {
      profile: next,
      summary: runner.active ? `up to ${runner.cyclesPlanned} comebacks (strikes: ${kinds.join(', ')}) from ${runner.startMs} ms${replays ? ', late answers to returning leaders' : ''}` : 'plain profile (no partition admitted)',
      nodes: (nodes) => runner.observe(nodes),
      plan: (plan, faultable) => runner.plan(plan, faultable),
      attach: (sim) => runner.attach(sim),
    };
  },
};
