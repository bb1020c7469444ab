import type { TraceEvent, TraceSink } from '../trace.js';

/** An event's acting node: the node whose step it is (a send is its sender's, a delivery its receiver's). */
function actorOf(event: TraceEvent): string | undefined {
  switch (event.type) {
    case 'net.send':
      return event.from;
    case 'net.deliver':
      return event.to;
    default: {
      const node = (event as { node?: unknown }).node;
      return typeof node === 'string' ? node : undefined;
    }
  }
}

/** Where a fault acts: the nodes whose later steps it can change, and the event index it acts at. */
export interface FaultTouch {
  nodes: readonly string[];
  index: number;
}

/** Where a fault event acts: a message fault changes its receiver's future, an episode its node(s). */
export function touchOf(event: TraceEvent): FaultTouch {
  const fields = event as { to?: unknown; node?: unknown; groups?: unknown };
  if (event.type.startsWith('net.') && typeof fields.to === 'string') return { nodes: [fields.to], index: event.i };
  if (typeof fields.node === 'string') return { nodes: [fields.node], index: event.i };
  if (Array.isArray(fields.groups)) return { nodes: (fields.groups as unknown[][]).flat().map(String), index: event.i };
  // A fault with no node (none today) is never judged outside the cone.
  return { nodes: ['*'], index: event.i };
}

/**
 * Records happens-before compactly while a run streams by: each event's acting node, and for each
 * delivery the index of its send. Two integers an event, so long runs fit.
 */
export class CausalLog implements TraceSink {
  private actors = new Int32Array(1024);
  private sends = new Int32Array(1024);
  private length = 0;
  private readonly nodeIds = new Map<string, number>();
  /** A message's send event, by (from, msg), until its last delivery is seen. */
  private readonly sendOf = new Map<string, number>();

  write(event: TraceEvent): void {
    if (event.i >= this.actors.length) this.grow(event.i + 1);
    const actor = actorOf(event);
    this.actors[event.i] = actor === undefined ? -1 : this.nodeId(actor);
    this.sends[event.i] = -1;
    if (event.type === 'net.send') this.sendOf.set(`${event.from}>${event.msg}`, event.i);
    else if (event.type === 'net.deliver') this.sends[event.i] = this.sendOf.get(`${event.from}>${event.msg}`) ?? -1;
    this.length = Math.max(this.length, event.i + 1);
  }

  /**
   * The causal past of one event: for each node, the last of its steps that happens before (or is)
   * that event, found in one backward sweep (a node's steps are ordered; a delivery follows its send).
   * A node with no step in the past is absent.
   */
  frontierOf(rootIndex: number): Map<string, number> {
    const root = Math.min(rootIndex, this.length - 1);
    const frontier = new Int32Array(this.nodeIds.size).fill(-1);
    const rootActor = root >= 0 ? (this.actors[root] as number) : -1;
    // A violation on a step with no node (a partition, a heal) depends on everything before it.
    if (rootActor < 0) frontier.fill(root);
    else frontier[rootActor] = root;
    for (let i = root; i >= 0; i--) {
      const actor = this.actors[i] as number;
      if (actor < 0 || i > (frontier[actor] as number)) continue;
      const send = this.sends[i] as number;
      if (send >= 0) {
        const sender = this.actors[send] as number;
        if (send > (frontier[sender] as number)) frontier[sender] = send;
      }
    }
    const byNode = new Map<string, number>();
    for (const [node, id] of this.nodeIds) if ((frontier[id] as number) >= 0) byNode.set(node, frontier[id] as number);
    return byNode;
  }

  private nodeId(node: string): number {
    let id = this.nodeIds.get(node);
    if (id === undefined) {
      id = this.nodeIds.size;
      this.nodeIds.set(node, id);
    }
    return id;
  }

  private grow(size: number): void {
    let capacity = this.actors.length;
    while (capacity < size) capacity *= 2;
    const actors = new Int32Array(capacity);
    actors.set(this.actors);
    const sends = new Int32Array(capacity);
    sends.set(this.sends);
    this.actors = actors;
    this.sends = sends;
  }
}

/** A fault can have changed the causal past only if a node it touches has a step there at or after it acts. */
export function inCone(touch: FaultTouch, frontier: ReadonlyMap<string, number>): boolean {
  return touch.nodes.some((node) => node === '*' || (frontier.get(node) ?? -1) >= touch.index);
}
