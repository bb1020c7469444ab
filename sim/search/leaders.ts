import { messageType } from './coverage.js';

/** A leader exchanges at least this many times more (messages × counterparts) than any other node lately. */
const CLEAR_FACTOR = 2;
/**
 * By default a type is leader-only once a steady leader sent it, and no other node did, in this many
 * windows running: heartbeats go out every window, an election's requests only around the one it was won in.
 */
const STEADY_WINDOWS = 3;

/**
 * The leader of a run, read from its traffic alone (messages stay opaque): a leader exchanges messages
 * with many nodes and often (replication, heartbeats, their answers, clients), a follower mostly with
 * the leader. Polled once per window; counts are halved each poll, so the last few windows weigh most.
 * Also learns the message types only a steady leader sends to its peers, so a node that starts to
 * lead shows at its first such send, not a window later.
 */
export class LeaderWatch {
  /**
   * Per node, messages exchanged with each other node in the current window (see counted()). Boxed
   * counts: a message bumps a field instead of a Map.set (one per delivery, visible in CPU profiles).
   */
  private readonly traffic = new Map<string, Map<string, { count: number }>>();
  private readonly typesSent = new Map<string, Set<string>>();
  private readonly leaderTypes = new Set<string>();
  private readonly followerTypes = new Set<string>();
  /** Per type, how many steady windows running the leader alone sent it. */
  private readonly streaks = new Map<string, number>();
  private previousClear: string | undefined;

  /**
   * Faultable nodes in the scenario's order: ties resolve alike in every process. `steadyWindows`:
   * how many steady windows running a type must be the leader's alone to count as leader-only.
   */
  constructor(
    private readonly faultable: readonly string[],
    private readonly steadyWindows = STEADY_WINDOWS,
  ) {}

  /**
   * A send by a faultable node. Sends to other nodes (clients) count as exchanged: their arrival is not
   * seen. Between faultable nodes only what arrives counts: a cut-off leader that still sends is no leader.
   */
  sent(node: string, to: string, msg: unknown, toFaultable: boolean): string {
    const type = messageType(msg);
    if (!toFaultable) {
      this.count(node, to);
      return type;
    }
    let types = this.typesSent.get(node);
    if (!types) this.typesSent.set(node, (types = new Set()));
    types.add(type);
    return type;
  }

  /** A message delivered to a faultable node. */
  delivered(node: string, from: string, fromFaultable: boolean): void {
    this.count(node, from);
    if (fromFaultable) this.count(from, node);
  }

  /** Whether some leader-only type is known (a steady leadership was seen). */
  get learnt(): boolean {
    return this.leaderTypes.size > 0;
  }

  /** Whether a message type is one only a leader has been seen to send. */
  leads(type: string): boolean {
    return this.leaderTypes.has(type);
  }

  /** Ends a window: the clear leader of it (or undefined), learning leader-only types from steady leaderships. */
  poll(): string | undefined {
    const clear = this.clearLeader();
    if (clear !== undefined && clear === this.previousClear) this.learn(clear);
    else this.streaks.clear();
    this.previousClear = clear;
    this.typesSent.clear();
    for (const peers of this.traffic.values()) for (const box of peers.values()) box.count /= 2;
    return clear;
  }

  private count(node: string, other: string): void {
    let peers = this.traffic.get(node);
    if (!peers) this.traffic.set(node, (peers = new Map()));
    const box = peers.get(other);
    if (box) box.count++;
    else peers.set(other, { count: 1 });
  }

  /**
   * The window's clear leader: the faultable node with the highest score (messages exchanged ×
   * distinct counterparts), CLEAR_FACTOR times the runner-up's or more.
   */
  private clearLeader(): string | undefined {
    let best: string | undefined;
    let most = 0;
    let second = 0;
    for (const id of this.faultable) {
      const peers = this.traffic.get(id);
      if (!peers) continue;
      let exchanged = 0;
      for (const box of peers.values()) exchanged += box.count;
      const score = exchanged * peers.size;
      if (score > most) [second, most, best] = [most, score, id];
      else if (score > second) second = score;
    }
    return best !== undefined && most >= 4 && most >= CLEAR_FACTOR * second ? best : undefined;
  }

  /** What the steady leader sent its peers and no other node did, window after window. */
  private learn(leader: string): void {
    const mine = this.typesSent.get(leader);
    if (!mine) return;
    for (const [id, types] of this.typesSent) {
      if (id === leader) continue;
      for (const type of types) {
        this.followerTypes.add(type);
        this.leaderTypes.delete(type);
      }
    }
    for (const type of this.streaks.keys()) if (!mine.has(type)) this.streaks.delete(type);
    for (const type of mine) {
      if (this.followerTypes.has(type)) continue;
      const streak = (this.streaks.get(type) ?? 0) + 1;
      this.streaks.set(type, streak);
      if (streak >= this.steadyWindows) this.leaderTypes.add(type);
    }
  }
}
