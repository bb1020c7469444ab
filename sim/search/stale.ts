import type { NodeSpec } from '../actor.js';
import type { RandomStream } from '../random.js';
import type { Simulation } from '../simulation.js';
import { observeNodes } from './observe.js';

/**
 * Stale answers (a generic "deliver a stale message after a term or view change"): a node that starts
 * an exchange again (sends a message type it had not sent for at least a timeout: a new election, a
 * leader's first round after it lost and regained leadership, a new view's first request) is handed
 * copies of the answers it got to its previous exchange of that type, as if they had been duplicated
 * and held in the network. A protocol must tell them from answers to the new exchange (by term, view,
 * epoch or round); a missing check is exactly the bug this finds. Message types are opaque here: the
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

interface Exchange {
  startUs: number;
  answers: { from: string; msg: unknown }[];
}

const MAX_ANSWERS = 64;

function messageType(msg: unknown): string {
  if (typeof msg === 'object' && msg !== null) {
    const tagged = msg as { type?: unknown; kind?: unknown };
    if (typeof tagged.type === 'string') return tagged.type;
    if (typeof tagged.kind === 'string') return tagged.kind;
  }
  return typeof msg;
}

export class StaleReplayer {
  private sim: Simulation | undefined;
  /** Per node and message type: the latest exchange it started (its answers so far). */
  private readonly exchanges = new Map<string, Map<string, Exchange>>();
  /** Per node and peer: the latest exchange that peer's messages answer. */
  private readonly answering = new Map<string, Map<string, Exchange>>();
  readonly fired: string[] = [];

  constructor(
    private readonly settings: StaleSettings,
    private readonly rng: RandomStream,
  ) {}

  observe(nodes: readonly NodeSpec[]): NodeSpec[] {
    return observeNodes(
      nodes,
      {
        afterSend: (node, to, msg, ctx) => this.sent(node, to, msg, ctx.nowUs),
        beforeMessage: (node, from, msg, ctx) => this.heard(node, from, msg, ctx.nowUs),
      },
      (node) => node.faultable ?? true,
    );
  }

  attach(sim: Simulation): void {
    this.sim = sim;
  }

  private sent(node: string, to: string, msg: unknown, nowUs: number): void {
    const type = messageType(msg);
    let byType = this.exchanges.get(node);
    if (!byType) this.exchanges.set(node, (byType = new Map()));
    let exchange = byType.get(type);
    if (!exchange || exchange.startUs !== nowUs) {
      const previous = exchange;
      exchange = { startUs: nowUs, answers: [] };
      byType.set(type, exchange);
      if (previous && nowUs - previous.startUs >= this.settings.gapMs * 1000) this.maybeReplay(node, previous, nowUs);
    }
    let peers = this.answering.get(node);
    if (!peers) this.answering.set(node, (peers = new Map()));
    peers.set(to, exchange);
  }

  private heard(node: string, from: string, msg: unknown, nowUs: number): void {
    const exchange = this.answering.get(node)?.get(from);
    if (!exchange || exchange.answers.length >= MAX_ANSWERS) return;
    if (nowUs - exchange.startUs > this.settings.answerWindowMs * 1000) return;
    exchange.answers.push({ from, msg });
  }

  /** Hands the node the previous exchange's answers again, after the handler that started the new one. */
  private maybeReplay(node: string, previous: Exchange, nowUs: number): void {
    const sim = this.sim;
    const { windowStartMs, windowEndMs, probability, shots } = this.settings;
    if (!sim || previous.answers.length === 0 || this.fired.length >= shots) return;
    const nowMs = nowUs / 1000;
    if (nowMs < windowStartMs || nowMs >= windowEndMs) return;
    if (!this.rng.chance(probability)) return;
    this.fired.push(`${node} at ${nowMs} ms (${previous.answers.length} answers from ${Math.round(nowMs - previous.startUs / 1000)} ms before)`);
    for (const answer of previous.answers) {
      // After the handler that started the new exchange; spread, so some land among its own answers.
      const atMs = Math.min(nowMs + this.rng.float() * this.settings.spreadMs, windowEndMs);
      sim.at(atMs, (running) => running.inject(answer.from, node, answer.msg), 'stale answer');
    }
  }
}
