import type { NodeSpec } from '../actor.js';
import type { FaultPlan } from '../faults/plan.js';
import type { RandomStream } from '../random.js';
import type { Simulation } from '../simulation.js';
import { belowDownBound } from './aimed.js';
import { logUniform, roundMs } from './draw.js';
import { messageType } from './coverage.js';
import { LateCopyIds } from './late-copies.js';
import { LeaderWatch } from './leaders.js';
import { observeNodes } from './observe.js';
import type { Timescale } from './timescale.js';

/**
 * Chained depositions: deep bugs of leader- and view-based protocols need several leaderships in
 * quick succession (a leader deposed while it holds uncommitted work, its successor deposed before it
 * has done much, the first one back in charge) plus a message of an earlier leadership arriving late.
 * Independent random faults rarely line up so; here each fault is aimed at a transition the run shows.
 * - The leader is read from traffic alone: the faultable node that sent clearly the most lately
 *   (a protocol's messages stay opaque).
 * - A step deposes the current leader (isolates it, alone or with a few others; crashes it; or pauses
 *   it); when a new leader appears, the deposed node is released (healed, restarted) soon after, and the
 *   new leader is deposed in turn, each delay drawn across the protocol's timescale.
 * - When a node leads again after an earlier leadership of its own, the network delivers late
 *   duplicates of the last messages its links carried during that earlier leadership (its answers,
 *   its own requests), as stale messages of an old term or view do.
 * One node is faulty at a time (a release comes before the next deposition), every fault ends with
 * the fault window, and only kinds the profile enables or the assumptions admit are used.
 */
export type DepositionKind = 'isolate' | 'crash' | 'pause';

export interface ChainSettings {
  kinds: readonly DepositionKind[];
  /**
   * `takeover` (the `takeover` strategy): hold each deposition until a successor takes over (a
   * protocol's failover time need not be any timer it sets: it is learnt from the first takeover),
   * release the deposed node at once, depose the successor as soon as the released node follows it
   * (so the first leader may lead again), and depose a returning leader alone a few round trips after
   * its late copies, all window long. `classic`: the timing drawn from the learnt timers only.
   */
  mode?: 'classic' | 'takeover';
  /** Late duplicates of earlier leaderships' messages (needs duplicates, reordering, unbounded delay). */
  replays: boolean;
  maxDownNodes: number;
  windowStartMs: number;
  windowEndMs: number;
}

/** One message sent, kept whole (id and sending step) so that it can be delivered late as itself. */
interface SentMessage {
  from: string;
  to: string;
  msg: unknown;
  msgId: number;
  sentInStep: number;
  /** The leadership it was delivered in (its number in `leaderships`). */
  leadership: number;
}

interface Leadership {
  node: string;
  number: number;
}

/** Takeover mode: at most this many depositions a seed (each takes at least one takeover). */
const TAKEOVER_STEPS_MAX = 40;
/** Per link, the last few messages kept for replays. */
const KEPT_PER_LINK = 8;

export class Chain {
  /** What happened, in order (for tests and debugging: the run's summary is said before the run). */
  readonly steps: string[] = [];
  private sim: Simulation | undefined;
  private faultable: string[] = [];
  /**
   * The leader read from traffic, and the types only a leader sends, learnt from one steady window:
   * a deposition follows the first such send of a successor.
   */
  private watch = new LeaderWatch([], 1);
  /** Per sender, per receiver: nested maps, not a `from>to` key (a string built on every send). */
  private readonly kept = new Map<string, Map<string, SentMessage[]>>();
  private readonly leaderships: Leadership[] = [];
  private leader: string | undefined;
  private deposed: { node: string; kind: DepositionKind; id: string; sinceMs: number } | undefined;
  private lastDeposed: string | undefined;
  private stepsLeft: number;
  readonly stepsPlanned: number;
  private step = 0;
  readonly startMs: number;
  private readonly pollMs: number;
  private readonly copyIds = new LateCopyIds('chain-late');
  private ended = false;
  /** After a release, the chain waits this long for the next transition before deposing the leader anew. */
  private idleUntilMs = 0;
  private readonly takeoverMode: boolean;
  /** Takeover mode: the seed's tempo (release and rejoin strikes within it), drawn across the round trip. */
  private readonly tempoMs: number = 0;
  /** Takeover mode: the longest observed time from a deposition to a successor's first leader-only send. */
  private takeoverMs = 0;
  /** Takeover mode: the node released last, until it follows the leader (then the leader is struck). */
  private returning: string | undefined;

  constructor(
    private readonly settings: ChainSettings,
    private readonly timescale: Timescale,
    private readonly rng: RandomStream,
  ) {
    const { windowStartMs, windowEndMs } = settings;
    this.takeoverMode = settings.mode === 'takeover';
    // Takeover mode goes on deposing all window long: each round of leaderships is another chance.
    this.stepsLeft = this.stepsPlanned = this.takeoverMode ? TAKEOVER_STEPS_MAX : 2 + rng.int(5);
    // The chain starts in the first half of the window, so that its steps fit before the window ends.
    this.startMs = roundMs(rng.uniform(windowStartMs, windowStartMs + Math.max(0, windowEndMs - windowStartMs) / 2));
    this.pollMs = Math.max(0.5, 2 * timescale.roundTripMs, timescale.timeoutMs / 2);
    if (this.takeoverMode) this.tempoMs = logUniform(rng, timescale.roundTripMs / 4, 2 * timescale.roundTripMs);
  }

  get active(): boolean {
    return this.settings.kinds.length > 0;
  }

  /** Faultable nodes observed: traffic counted (to find the leader), sends kept (for late copies). */
  observe(nodes: readonly NodeSpec[]): NodeSpec[] {
    if (!this.active) return [...nodes];
    const faultable = new Set(nodes.filter((node) => node.faultable ?? true).map((node) => node.id));
    this.watch = new LeaderWatch([...faultable], 1);
    return observeNodes(
      nodes,
      {
        afterSend: (node, to, msg) => {
          // Sends to the other nodes (clients, a configuration service) are not seen arrive: counted as sent.
          const toFaultable = faultable.has(to);
          const type = this.watch.sent(node, to, msg, toFaultable);
          if (!toFaultable) return;
          if (this.settings.replays) this.keep(node, to, msg);
          this.sentType(node, type);
        },
        beforeMessage: (node, from, msg) => {
          // The released node hears the leader's leader-only type: it follows that leader now.
          if (node === this.returning && node !== this.leader && from === this.leader && this.watch.leads(messageType(msg))) this.rejoined();
          this.watch.delivered(node, from, faultable.has(from));
        },
      },
      (node) => node.faultable ?? true,
    );
  }

  plan(plan: FaultPlan, faultable: readonly string[]): void {
    this.faultable = [...faultable];
    if (!this.active || faultable.length < 2 || this.settings.windowEndMs <= this.settings.windowStartMs) {
      this.ended = true;
      return;
    }
    plan.endMs = Math.max(plan.endMs, this.settings.windowEndMs);
  }

  attach(sim: Simulation): void {
    this.sim = sim;
    if (this.ended) return;
    sim.at(this.settings.windowStartMs, () => this.poll(), 'chain poll');
  }

  /** A message between two faultable nodes, one of them the leader: kept (delivered or lost) for a late copy. */
  private keep(from: string, to: string, msg: unknown): void {
    const leadership = this.leaderships.at(-1);
    const sim = this.sim;
    if (!sim || !leadership || (leadership.node !== from && leadership.node !== to)) return;
    let byReceiver = this.kept.get(from);
    if (!byReceiver) this.kept.set(from, (byReceiver = new Map()));
    let list = byReceiver.get(to);
    if (!list) byReceiver.set(to, (list = []));
    const { msgId, sentInStep } = sim.lastSent();
    list.push({ from, to, msg, msgId, sentInStep, leadership: leadership.number });
    if (list.length > KEPT_PER_LINK) list.shift();
  }

  private poll(): void {
    const sim = this.sim!;
    const nowMs = sim.nowMs;
    if (nowMs >= this.settings.windowEndMs) return this.finish();
    // Leader-only types are learnt in a steady leadership only (the same leader two polls running):
    // an election's messages go out in the poll a new leader appears.
    const clear = this.watch.poll();
    if (clear !== undefined && clear !== this.leader && clear !== this.deposed?.node) this.newLeader(clear, nowMs);
    else if (!this.deposed && nowMs >= this.startMs && this.leader !== undefined && (this.step === 0 || nowMs >= this.idleUntilMs)) {
      // The first deposition; or the chain stalled (no one took over, or a strike found its target gone).
      this.depose(this.leader);
    }
    if (!this.ended) sim.at(nowMs + this.pollMs, () => this.poll(), 'chain poll');
  }

  /** A send between faultable nodes: a leader-only type from a node that is not the leader shows a successor. */
  private sentType(node: string, type: string): void {
    const sim = this.sim;
    // The node deposed last may still act as leader for a while after its release: not a new one.
    if (this.step > 0 && node !== this.lastDeposed && node !== this.leader && this.watch.leads(type) && sim) this.newLeader(node, sim.nowMs);
  }

  private newLeader(node: string, nowMs: number): void {
    const earlier = this.leaderships.filter((l) => l.node === node).at(-1);
    this.leader = node;
    this.leaderships.push({ node, number: this.leaderships.length + 1 });
    if (this.step === 0) return;
    if (earlier) this.replay(node, earlier.number, nowMs);
    const { roundTripMs, timeoutMs, longTimeoutMs } = this.timescale;
    const sim = this.sim!;
    let releaseMs = nowMs;
    const deposed = this.deposed;
    if (deposed && this.takeoverMode) this.takeoverMs = Math.max(this.takeoverMs, nowMs - deposed.sinceMs);
    if (this.takeoverMode && earlier) return this.swapLater(node, nowMs);
    if (deposed) {
      releaseMs = roundMs(nowMs + (this.takeoverMode ? this.rng.float() * this.tempoMs : logUniform(this.rng, roundTripMs / 4, 2 * timeoutMs)));
      sim.at(Math.min(releaseMs, this.settings.windowEndMs), () => this.release(deposed.id), 'chain release');
    }
    const strikeMs = roundMs(Math.max(releaseMs, nowMs + logUniform(this.rng, roundTripMs / 2, 4 * longTimeoutMs)));
    if (this.stepsLeft > 0) {
      sim.at(Math.min(strikeMs, this.settings.windowEndMs), () => {
        if (!this.deposed && this.leader === node) this.depose(node);
      }, 'chain strike');
    }
  }

  /**
   * Takeover mode: a returning leader leads a while (its late copies land, it takes new work), and the node
   * deposed before it stays out meanwhile (its return would start a new view or term that hands
   * everyone the leader's state afresh). Then both change places at once: that node is released and
   * the returning leader deposed alone, so its followers take over with what the late copies left them.
   */
  private swapLater(node: string, nowMs: number): void {
    const { roundTripMs } = this.timescale;
    const swapMs = roundMs(nowMs + 4 * roundTripMs + logUniform(this.rng, roundTripMs, Math.max(8 * roundTripMs, this.takeoverMs)));
    const held = this.deposed?.id;
    this.sim!.at(Math.min(swapMs, this.settings.windowEndMs), () => {
      if (held !== undefined) this.release(held);
      if (!this.deposed && this.leader === node) this.depose(node, true);
    }, 'chain swap');
  }

  private depose(node: string, alone = false): void {
    const sim = this.sim!;
    const nowMs = sim.nowMs;
    if (nowMs >= this.settings.windowEndMs || this.stepsLeft <= 0) return;
    this.stepsLeft--;
    this.step++;
    let kind = this.rng.pick(this.settings.kinds);
    // Takeover mode: the first deposition isolates where admitted (the leader keeps its uncommitted work and
    // its state, to return with them: a restart may lose both); later ones crash where admitted (an
    // isolated leader may keep its office alone).
    if (this.takeoverMode && this.step === 1 && this.settings.kinds.includes('isolate')) kind = 'isolate';
    else if (this.takeoverMode && this.step > 1 && this.settings.kinds.includes('crash')) kind = 'crash';
    const id = `chain-${kind}#${this.step}`;
    if (!sim.faultAllowed(id) || !sim.isUp(node)) return;
    if (kind === 'crash') {
      if (!this.mayGoDown()) return;
      sim.crash(node, 'recover', id);
    } else if (kind === 'pause') {
      if (sim.isPaused(node)) return;
      const { timeoutMs, longTimeoutMs } = this.timescale;
      const untilMs = Math.min(nowMs + logUniform(this.rng, timeoutMs, 8 * longTimeoutMs), this.settings.windowEndMs);
      sim.pause(node, roundMs(untilMs - nowMs), id);
    } else {
      if (sim.partitions.active) return;
      // Cut off alone or with a few others (never a majority of the rest: someone must be able to take over).
      const others = this.faultable.filter((other) => other !== node);
      const drawn = this.rng.shuffled(others).slice(0, this.rng.int(Math.floor((this.faultable.length - 1) / 2) + 1));
      const company = alone ? [] : drawn;
      const side = [node, ...company];
      sim.partition([side, others.filter((other) => !company.includes(other))], false, id);
    }
    this.deposed = { node, kind, id, sinceMs: nowMs };
    this.lastDeposed = node;
    // Released when a new leader appears, or after a while of its own (a successor may only show once
    // the deposed node is back: a leader cut off with the others' majority, a view that needs it).
    const { timeoutMs, longTimeoutMs } = this.timescale;
    const ownMs = logUniform(this.rng, timeoutMs, 8 * longTimeoutMs);
    // Takeover mode holds until a successor shows: three observed takeovers, or 16 long timeouts before the first.
    const holdMs = this.takeoverMode ? (this.takeoverMs > 0 ? 3 * this.takeoverMs : 16 * longTimeoutMs) : ownMs;
    const releaseMs = Math.min(roundMs(nowMs + holdMs), this.settings.windowEndMs);
    sim.at(releaseMs, () => this.release(id), 'chain release');
    this.steps.push(`${kind} ${node} at ${roundMs(nowMs)} ms`);
  }

  /** Ends the deposition in force (only the one named, when named). */
  private release(id?: string): void {
    const deposed = this.deposed;
    if (!deposed || (id !== undefined && deposed.id !== id)) return;
    this.deposed = undefined;
    const sim = this.sim!;
    this.idleUntilMs = sim.nowMs + 4 * this.timescale.longTimeoutMs;
    if (this.takeoverMode) this.returning = deposed.node;
    if (deposed.kind === 'crash' && !sim.isUp(deposed.node)) sim.restart(deposed.node, deposed.id);
    else if (deposed.kind === 'isolate') sim.heal(deposed.id);
  }

  /** Takeover mode: the released node follows the leader; depose that leader within the seed's tempo. */
  private rejoined(): void {
    this.returning = undefined;
    const sim = this.sim!;
    const node = this.leader!;
    const strikeMs = Math.min(roundMs(sim.nowMs + this.rng.float() * this.tempoMs), this.settings.windowEndMs);
    sim.at(strikeMs, () => {
      if (!this.deposed && this.leader === node) this.depose(node);
    }, 'chain rejoin strike');
    this.steps.push(`released node follows ${node} at ${roundMs(sim.nowMs)} ms`);
  }

  private finish(): void {
    this.ended = true;
    this.release();
  }

  private mayGoDown(): boolean {
    return belowDownBound(this.sim!, this.faultable, this.settings.maxDownNodes);
  }

  /** Late duplicates of what the links of `node` carried in its earlier leadership, spread over a few round trips. */
  private replay(node: string, leadership: number, nowMs: number): void {
    if (!this.settings.replays) return;
    const sim = this.sim!;
    const last = 1 + this.rng.int(4);
    const spreadMs = logUniform(this.rng, this.timescale.roundTripMs / 2, 4 * this.timescale.roundTripMs);
    for (const id of this.faultable) {
      if (id === node) continue;
      for (const [from, to] of [[id, node], [node, id]] as const) {
        const old = (this.kept.get(from)?.get(to) ?? []).filter((d) => d.leadership === leadership).slice(-last);
        for (const d of old) {
          const atMs = Math.min(roundMs(nowMs + this.rng.float() * spreadMs), this.settings.windowEndMs);
          const fault = this.copyIds.next(d.from, d.to, d.msg);
          sim.at(atMs, (running) => running.redeliver(d.from, d.to, d.msgId, d.msg, d.sentInStep, fault), 'chain late copy');
        }
      }
    }
    this.steps.push(`late copies to and from ${node} at ${roundMs(nowMs)} ms`);
  }
}
