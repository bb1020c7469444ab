import type { NodeSpec } from '../actor.js';
import type { FaultPlan } from '../faults/plan.js';
import type { FaultProfile } from '../faults/profile.js';
import type { RandomStream } from '../random.js';
import type { Simulation } from '../simulation.js';
import { logUniform, roundMs } from './draw.js';
import { observeEach } from './observe.js';
import type { Timescale } from './timescale.js';

/**
 * Aimed faults: a few shots per run, each at the moment it matters rather than at a random time.
 * - crash right after a node sent (its messages are in flight, its reply may be out) or synced (the
 *   last write before the crash is exactly the one a protocol must order correctly);
 * - partition the busiest sender (the leader, usually) from a majority;
 * - pause a node right after it sent (it resumes later, acting on what it believed: a deposed leader);
 * - clog one node's links (FoundationDB's swizzle-clogging), one way or both;
 * - pause the busiest sender past its timeouts (a leader that wakes up still believing it leads);
 * - omission on the busiest sender: it loses part of what it sends and receives for a while.
 * Durations are drawn across the protocol's timescale. Shots replace the nemesis in these seeds, so
 * the down-node bound is enforced in one place; only fault kinds the profile enables are aimed.
 */
export type ShotKind = 'crash-after-send' | 'crash-after-sync' | 'pause-after-send' | 'pause-busiest' | 'omission-busiest' | 'isolate-busiest' | 'clog';

/** Shots fired at a time (not on a node's send or sync); the busiest-node ones choose their node then. */
const TIMED: ReadonlySet<ShotKind> = new Set(['isolate-busiest', 'clog', 'pause-busiest', 'omission-busiest']);
const AT_BUSIEST: ReadonlySet<ShotKind> = new Set(['isolate-busiest', 'pause-busiest', 'omission-busiest']);

export interface Shot {
  id: string;
  kind: ShotKind;
  /** The node aimed at (for isolate-busiest: chosen when the shot fires). */
  node: string;
  atMs: number;
  durationMs: number;
  oneWay: boolean;
}

export interface AimedSettings {
  crashes: boolean;
  pauses: boolean;
  partitions: boolean;
  omission: boolean;
  omissionProbability: number;
  oneWayProbability: number;
  maxDownNodes: number;
  windowStartMs: number;
  windowEndMs: number;
}

/** Kinds the profile enables, or the assumptions admit (a stall is a slow process: async protocols admit it). */
export function aimedSettings(profile: FaultProfile, runMs: number, tolerated: ReadonlySet<string>): AimedSettings {
  return {
    crashes: profile.crashRecoveryWeight > 0 || tolerated.has('crash-recovery'),
    pauses: profile.pauseWeight > 0 || tolerated.has('pause'),
    partitions: profile.partitionWeight > 0 || tolerated.has('partition'),
    omission: profile.omissionWeight > 0 || tolerated.has('omission'),
    omissionProbability: profile.omissionProbability > 0 ? profile.omissionProbability : 0.5,
    oneWayProbability: profile.oneWayPartitionProbability,
    maxDownNodes: profile.maxDownNodes,
    windowStartMs: profile.faultsStartMs,
    windowEndMs: Math.max(0, runMs - profile.quietPeriodMs),
  };
}

/** What the aimer keeps per observed node. */
interface AimedNode {
  sends: number;
  armed: Shot[] | undefined;
}

export class Aimer {
  readonly shots: Shot[] = [];
  private sim: Simulation | undefined;
  private faultable: string[] = [];
  /** Per faultable node: its sends since the last busiest-node shot, and its crash shots waiting for their trigger. */
  private readonly targets = new Map<string, AimedNode>();

  constructor(
    private readonly settings: AimedSettings,
    private readonly timescale: Timescale,
    private readonly rng: RandomStream,
  ) {}

  get active(): boolean {
    return this.settings.crashes || this.settings.pauses || this.settings.partitions || this.settings.omission;
  }

  /** Draws the shots once the faultable nodes are known; the plan's quiet period starts after them. */
  aim(plan: FaultPlan, faultable: readonly string[]): void {
    this.faultable = [...faultable];
    const { windowStartMs, windowEndMs } = this.settings;
    if (!this.active || faultable.length === 0 || windowEndMs <= windowStartMs) return;
    const kinds: ShotKind[] = [];
    if (this.settings.crashes) kinds.push('crash-after-send', 'crash-after-sync');
    if (this.settings.pauses) kinds.push('pause-after-send', 'pause-busiest');
    if (this.settings.omission) kinds.push('omission-busiest');
    if (this.settings.partitions && faultable.length > 1) kinds.push('isolate-busiest', 'clog');
    if (kinds.length === 0) return;
    // Concentrate on few nodes (swarm at the granularity of nodes): one or two targets per run.
    const focus = this.rng.shuffled(this.faultable).slice(0, 1 + this.rng.int(2));
    const count = 2 + this.rng.int(7);
    const { roundTripMs, timeoutMs, longTimeoutMs } = this.timescale;
    for (let i = 0; i < count; i++) {
      const kind = this.rng.pick(kinds);
      const atMs = roundMs(this.rng.uniform(windowStartMs, windowEndMs));
      // A busiest-node pause outlasts the protocol's timeouts (others act on its silence); the rest span the whole timescale.
      const shortestMs = kind === 'pause-busiest' ? timeoutMs : roundTripMs / 2;
      const durationMs = roundMs(Math.min(logUniform(this.rng, shortestMs, 8 * longTimeoutMs), windowEndMs - atMs));
      const oneWay = kind === 'clog' && this.rng.chance(this.settings.oneWayProbability);
      this.shots.push({ id: `aim-${kind}#${i + 1}`, kind, node: this.rng.pick(focus), atMs, durationMs, oneWay });
    }
    this.shots.sort((a, b) => a.atMs - b.atMs);
    for (const shot of this.shots) {
      if (TIMED.has(shot.kind)) continue;
      const target = this.target(shot.node);
      (target.armed ??= []).push(shot);
    }
    // Liveness is judged after the last fault: the window's end bounds every shot.
    plan.endMs = Math.max(plan.endMs, windowEndMs);
  }

  /** Faultable nodes observed for the triggers (sends are counted to find the busiest). */
  observe(nodes: readonly NodeSpec[]): NodeSpec[] {
    // Called before the shots are drawn (the plan needs the node list): observe every faultable node.
    if (!this.active) return [...nodes];
    return observeEach(nodes, (node) => {
      if (!(node.faultable ?? true)) return undefined;
      const target = this.target(node.id);
      return {
        afterSend: () => {
          target.sends++;
          this.trigger(node.id, target, 'send');
        },
        afterSync: () => this.trigger(node.id, target, 'sync'),
      };
    });
  }

  private target(node: string): AimedNode {
    let target = this.targets.get(node);
    if (!target) this.targets.set(node, (target = { sends: 0, armed: undefined }));
    return target;
  }

  attach(sim: Simulation): void {
    this.sim = sim;
    for (const shot of this.shots) {
      if (shot.kind === 'isolate-busiest' || shot.kind === 'clog') sim.at(shot.atMs, () => this.partition(shot), shot.id);
      else if (shot.kind === 'pause-busiest' || shot.kind === 'omission-busiest') sim.at(shot.atMs, () => this.stall(shot), shot.id);
    }
  }

  private allowed(id: string): boolean {
    return this.sim!.faultAllowed(id);
  }

  private trigger(node: string, target: AimedNode, event: 'send' | 'sync'): void {
    const list = target.armed;
    const sim = this.sim;
    if (!list || !sim) return;
    const nowMs = sim.nowMs;
    const shot = list[0];
    if (!shot || shot.atMs > nowMs) return;
    if ((event === 'sync') !== (shot.kind === 'crash-after-sync')) {
      // A shot whose trigger never comes within a long timeout expires, so the next can fire.
      if (nowMs > shot.atMs + 4 * this.timescale.longTimeoutMs) list.shift();
      return;
    }
    list.shift();
    if (!this.allowed(shot.id)) return;
    if (shot.kind === 'pause-after-send') {
      const untilMs = Math.min(nowMs + shot.durationMs, this.settings.windowEndMs);
      if (untilMs > nowMs) sim.at(nowMs, () => sim.pause(node, untilMs - nowMs, shot.id), shot.id);
      return;
    }
    if (!this.mayGoDown()) return;
    const restartMs = Math.min(nowMs + shot.durationMs, this.settings.windowEndMs);
    if (restartMs <= nowMs) return;
    // After the handler returns: the sends and the sync it made are done, nothing after them is.
    sim.at(nowMs, () => {
      if (!sim.isUp(node)) return;
      sim.crash(node, 'recover', shot.id);
      sim.at(restartMs, () => sim.restart(node, shot.id), shot.id);
    }, shot.id);
  }

  private mayGoDown(): boolean {
    return belowDownBound(this.sim!, this.faultable, this.settings.maxDownNodes);
  }

  private partition(shot: Shot): void {
    const sim = this.sim!;
    // One partition at a time: a heal heals every cut.
    if (!this.allowed(shot.id) || sim.partitions.active) return;
    const node = this.targetOf(shot);
    const others = this.faultable.filter((id) => id !== node);
    sim.partition([[node], others], shot.oneWay, shot.id);
    const healMs = Math.min(sim.nowMs + shot.durationMs, this.settings.windowEndMs);
    sim.at(healMs, () => sim.heal(shot.id), shot.id);
  }

  /** The shot's node; for a busiest-node shot, the node that sent most since the last such shot. */
  private targetOf(shot: Shot): string {
    if (!AT_BUSIEST.has(shot.kind)) return shot.node;
    let node = shot.node;
    let most = -1;
    // faultable is in the scenario's node order, so ties go to the same node in every process.
    for (const id of this.faultable) {
      const sent = this.targets.get(id)?.sends ?? 0;
      if (sent > most) [most, node] = [sent, id];
    }
    for (const target of this.targets.values()) target.sends = 0;
    return node;
  }

  /** Pause or omission on the busiest node, ended by the window's end at the latest. */
  private stall(shot: Shot): void {
    const sim = this.sim!;
    if (!this.allowed(shot.id)) return;
    const node = this.targetOf(shot);
    const untilMs = Math.min(sim.nowMs + shot.durationMs, this.settings.windowEndMs);
    if (untilMs <= sim.nowMs || !sim.isUp(node)) return;
    if (shot.kind === 'pause-busiest') {
      if (!sim.isPaused(node)) sim.pause(node, untilMs - sim.nowMs, shot.id);
      return;
    }
    sim.startOmission(node, this.settings.omissionProbability, shot.id);
    sim.at(untilMs, () => sim.endOmission(node, shot.id), shot.id);
  }
}

/**
 * Whether one more of these nodes may go down: fewer are down than the bound (a negative bound is
 * the scenario's "a minority": fewer than half).
 */
export function belowDownBound(sim: Simulation, faultable: readonly string[], maxDownNodes: number): boolean {
  const maxDown = maxDownNodes >= 0 ? maxDownNodes : Math.floor((faultable.length - 1) / 2);
  let down = 0;
  for (const id of faultable) if (!sim.isUp(id)) down++;
  return down < maxDown;
}
