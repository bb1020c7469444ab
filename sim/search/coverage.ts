import type { NodeObserver, NodeSpec } from '../actor.js';
import { isProbing } from './learn.js';
import { withObserver } from './observe.js';

/**
 * A cheap per-seed signature of what a run reached, for feedback (in the spirit of coverage-guided
 * fuzzing): for each node role, the edges between consecutive events a node handled (the type of a
 * message, or the name of a timer), hashed into EDGE_SLOTS slots. A seed that hits a slot no earlier
 * seed hit reached a new sequence of protocol steps. An observer (NodeSpec.observer) watches, so the
 * run (and its digest) is unchanged.
 */
export const EDGE_SLOTS = 1 << 14;

const typeHashes = new Map<string, number>();

/** FNV-1a of a string: the same in every process (a slot must mean the same in every worker). */
function hashText(text: string): number {
  let hash = typeHashes.get(text);
  if (hash !== undefined) return hash;
  hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  hash >>>= 0;
  if (typeHashes.size < 10_000) typeHashes.set(text, hash);
  return hash;
}

/**
 * Hashes of the few names a protocol uses (message types, timer names), found by identity: names
 * come from the protocol's code, so a name is usually the very string seen before and a short scan
 * of pointer comparisons replaces a Map lookup on every change of step kind (visible in CPU profiles).
 */
class NameHashes {
  private readonly names: string[] = [];
  private readonly hashes: number[] = [];

  constructor(private readonly hashOf: (name: string) => number) {}

  get(name: string): number {
    const names = this.names;
    for (let i = 0; i < names.length; i++) if (names[i] === name) return this.hashes[i] as number;
    const hash = this.hashOf(name);
    if (names.length < 64) {
      names.push(name);
      this.hashes.push(hash);
    }
    return hash;
  }
}

const messageTypeHashes = new NameHashes(hashText);
const timerHashes = new NameHashes((name) => hashText('timer:' + name) ^ 0x5bd1e995);

/** A message's type as protocols usually spell it: its `type` or `kind` field, else its JS type. */
export function messageType(msg: unknown): string {
  if (typeof msg === 'object' && msg !== null) {
    const tagged = msg as { type?: unknown; kind?: unknown };
    if (typeof tagged.type === 'string') return tagged.type;
    if (typeof tagged.kind === 'string') return tagged.kind;
    return 'object';
  }
  return typeof msg;
}

/** The step a node handled last, per observed node (each node has its own wrapper, made per run). */
interface NodeTrail {
  previous: number;
  /** The last message type and timer name seen, with their hashes: consecutive steps often repeat one, so this skips the map. */
  lastType: string | undefined;
  lastTypeHash: number;
  lastTimer: string | undefined;
  lastTimerHash: number;
}

export class CoverageCollector {
  private readonly hits = new Uint8Array(EDGE_SLOTS);
  private edges: number[] = [];

  /** Starts a new seed. */
  reset(): void {
    // Only the slots this seed hit are set: clearing them is cheaper than a fresh array per seed.
    const hits = this.hits;
    for (const slot of this.edges) hits[slot] = 0;
    this.edges = [];
  }

  /** The slots this seed hit, in the order first hit. */
  take(): number[] {
    const edges = this.edges;
    this.reset();
    return edges;
  }

  private note(trail: NodeTrail, roleHash: number, step: number): void {
    const previous = trail.previous;
    trail.previous = step;
    const slot = (Math.imul(roleHash ^ Math.imul(previous, 0x9e3779b1), 0x85ebca6b) ^ step) >>> 0 & (EDGE_SLOTS - 1);
    if (this.hits[slot] === 0) {
      this.hits[slot] = 1;
      this.edges.push(slot);
    }
  }

  /**
   * Each node observed for this run: call once per run (setup), as each observer keeps its node's
   * trail. A timescale probe's nodes are left as they are: only the seed's own run counts, and a check
   * at setup costs nothing per event.
   */
  observe(nodes: readonly NodeSpec[]): NodeSpec[] {
    if (isProbing()) return [...nodes];
    return nodes.map((node) => withObserver(node, this.observer(hashText(node.role ?? 'server'))));
  }

  private observer(roleHash: number): NodeObserver {
    const trail: NodeTrail = { previous: 0, lastType: undefined, lastTypeHash: 0, lastTimer: undefined, lastTimerHash: 0 };
    return {
      beforeMessage: (_node, _from, msg) => {
        const type = messageType(msg);
        if (type !== trail.lastType) {
          trail.lastType = type;
          trail.lastTypeHash = messageTypeHashes.get(type);
        }
        this.note(trail, roleHash, trail.lastTypeHash);
      },
      beforeTimer: (_node, timer) => {
        if (timer.name !== trail.lastTimer) {
          trail.lastTimer = timer.name;
          trail.lastTimerHash = timerHashes.get(timer.name);
        }
        this.note(trail, roleHash, trail.lastTimerHash);
      },
    };
  }
}
