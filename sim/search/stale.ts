import type { NodeSpec } from '../actor.js';
import type { RandomStream } from '../random.js';
import type { Simulation } from '../simulation.js';
import { messageType } from './coverage.js';
import { LateCopyIds } from './late-copies.js';
import { observeEach } from './observe.js';

/**
 * Stale answers (a generic "deliver a stale message after a term or view change"): a node that starts
 * an exchange again (sends a message type it had not sent for at least a timeout: a new election, a
 * leader's first round after it lost and regained leadership, a new view's first request) is handed,
 * during the first rounds of that new episode, copies of the answers it got in its previous episode
 * of that type, as the network's late duplicates of them. A protocol must tell them from answers to
 * the new exchange (by term, view, epoch or round); a missing check is exactly the bug this finds. Message types are opaque here: the
 * strategy knows no protocol. A stale copy is a duplicate delivered late, so it is used only where the
 * assumptions admit duplicates, reordering and unbounded delay.
 */
export interface StaleSettings {
  /** Replays happen inside the fault window only. */
  windowStartMs: number;
  windowEndMs: number;
  /** A node's sends of one type at least this far apart start a new exchange, in ms. */
  gapMs: number;
  /** Answers to an exchange are messages from its peers within this time of it, in ms. */
  answerWindowMs: number;
  /** Chance that an eligible new exchange gets the previous one's answers. */
  probability: number;
  /** Each stale answer lands up to this long after the new exchange starts (some after its own answers), in ms. */
  spreadMs: number;
  /** At most this many replays per run. */
  shots: number;
}

/** A message a node received: kept whole (id and sending step) so that it can be delivered again as itself. */
interface Answer {
  from: string;
  msg: unknown;
  msgId: number;
  sentInStep: number;
}

/**
 * An episode: a node's exchanges of one message type, each less than gapMs after the one before (an
 * election's pre-vote and vote rounds, a leadership's heartbeats). Answers kept are the latest ones.
 */
interface Episode {
  lastExchangeUs: number;
  exchanges: number;
  answers: Answer[];
  /** The previous episode's answers, handed to the node again during this one (when chosen). */
  stale: Answer[] | undefined;
}

/** One observed node's exchanges. */
interface NodeExchanges {
  /** Per message type: the episode in progress. */
  episodes: Map<string, Episode>;
  /** Per peer: the episode that peer's messages answer, and when its latest exchange started. */
  answering: Map<string, { episode: Episode; sinceUs: number }>;
}

const MAX_ANSWERS = 64;
/** Stale answers go with the first few exchanges of an episode (an election's rounds), not every heartbeat. */
const REPLAYED_EXCHANGES = 3;

export class StaleReplayer {
  private sim: Simulation | undefined;
  /** Episodes handed stale answers so far. */
  shots = 0;
  private readonly copyIds = new LateCopyIds('stale');

  constructor(
    private readonly settings: StaleSettings,
    private readonly rng: RandomStream,
  ) {}

  observe(nodes: readonly NodeSpec[]): NodeSpec[] {
    return observeEach(nodes, (node) => {
      if (!(node.faultable ?? true)) return undefined;
      const exchanges: NodeExchanges = { episodes: new Map(), answering: new Map() };
      return {
        afterSend: (id, to, msg, ctx) => this.sent(exchanges, id, to, msg, ctx.nowUs),
        beforeMessage: (_id, from, msg, ctx) => this.heard(exchanges, from, msg, ctx.nowUs),
      };
    });
  }

  attach(sim: Simulation): void {
    this.sim = sim;
  }

  private sent(exchanges: NodeExchanges, node: string, to: string, msg: unknown, nowUs: number): void {
    const type = messageType(msg);
    const byType = exchanges.episodes;
    let episode = byType.get(type);
    if (!episode || nowUs - episode.lastExchangeUs >= this.settings.gapMs * 1000) {
      // A new episode: the node has moved on (a new term, view or leadership) since the last one.
      const previous = episode;
      episode = { lastExchangeUs: nowUs, exchanges: 1, answers: [], stale: previous && previous.answers.length > 0 && this.choose(nowUs) ? previous.answers : undefined };
      byType.set(type, episode);
      if (episode.stale) this.replay(node, episode.stale, nowUs);
    } else if (episode.lastExchangeUs !== nowUs) {
      // The episode's next exchange (a later handler step): its own answers may meet stale ones.
      episode.lastExchangeUs = nowUs;
      episode.exchanges++;
      if (episode.stale && episode.exchanges <= REPLAYED_EXCHANGES) this.replay(node, episode.stale, nowUs);
    }
    const peers = exchanges.answering;
    // Updated in place: no new record per send.
    const record = peers.get(to);
    if (record) {
      record.episode = episode;
      record.sinceUs = nowUs;
    } else peers.set(to, { episode, sinceUs: nowUs });
  }

  private heard(exchanges: NodeExchanges, from: string, msg: unknown, nowUs: number): void {
    const answering = exchanges.answering.get(from);
    if (!answering || nowUs - answering.sinceUs > this.settings.answerWindowMs * 1000) return;
    const answers = answering.episode.answers;
    const delivery = this.sim?.currentDelivery();
    if (!delivery) return;
    answers.push({ from, msg, msgId: delivery.msgId, sentInStep: delivery.sentInStep });
    if (answers.length > MAX_ANSWERS) answers.shift();
  }

  /** Whether a new episode gets the previous one's answers: inside the fault window, by chance, within the shots. */
  private choose(nowUs: number): boolean {
    const { windowStartMs, windowEndMs, probability, shots } = this.settings;
    const nowMs = nowUs / 1000;
    if (!this.sim || this.shots >= shots || nowMs < windowStartMs || nowMs >= windowEndMs) return false;
    if (!this.rng.chance(probability)) return false;
    this.shots++;
    return true;
  }

  /** Puts copies of the stale answers on the wire, after the handler that sent, spread over spreadMs. */
  private replay(node: string, answers: readonly Answer[], nowUs: number): void {
    const sim = this.sim!;
    const nowMs = nowUs / 1000;
    const endMs = this.settings.windowEndMs;
    if (nowMs >= endMs) return;
    for (const answer of answers) {
      const atMs = Math.min(nowMs + this.rng.float() * this.settings.spreadMs, endMs);
      const fault = this.copyIds.next(answer.from, node, answer.msg);
      sim.at(atMs, (running) => running.redeliver(answer.from, node, answer.msgId, answer.msg, answer.sentInStep, fault), 'stale answer');
    }
  }
}
