import { prepareRun, summarize, type RunOptions, type Scenario } from '../scenario.js';
import type { TraceEvent } from '../trace.js';
import { mapSetReplacer } from '../trace-file.js';

/** One line of a minimal run's story: a fault that fired, or a step in the causal past of the violation. */
export interface TimelineEntry {
  /** The event's index in the run. */
  event: number;
  timeMs: number;
  /** The fault id, when this entry is a fault firing. */
  fault?: string;
  text: string;
}

/** The longest story printed: the faults (up to this many), then the latest causal steps that fit. */
export const MAX_TIMELINE_ENTRIES = 24;
/** Causal steps shown beside the faults: the last messages before the violation. */
const MAX_CAUSAL_STEPS = 8;

function brief(value: unknown, width = 70): string {
  const text = JSON.stringify(value, mapSetReplacer) ?? 'undefined';
  return text.length > width ? `${text.slice(0, width - 1)}…` : text;
}

/** The node whose step an event belongs to (the receiver of a delivery). */
function stepNode(event: TraceEvent): string | undefined {
  switch (event.type) {
    case 'net.send':
      return event.from;
    case 'net.deliver':
      return event.to;
    default:
      return 'node' in event ? event.node : undefined;
  }
}

/**
 * The minimal run told briefly: the faults that fire, and the messages that matter, i.e. the
 * causal past of the violation (happens-before over send/deliver edges and each node's own order)
 * restricted to the nodes the kept faults touch and the node where the violation shows.
 */
export function explainRun(scenario: Scenario, options: RunOptions): TimelineEntry[] {
  const events: TraceEvent[] = [];
  const prepared = prepareRun(scenario, { ...options, record: false, trace: { write: (event) => events.push(event) } });
  prepared.sim.run();
  const result = summarize(prepared);
  const violationAt = result.ok ? events.length - 1 : Math.min(result.violation.eventIndex, events.length - 1);
  const sendOf = new Map<number, TraceEvent & { type: 'net.send' }>();
  for (const event of events) if (event.type === 'net.send') sendOf.set(event.msg, event);

  const faultEvents = events.filter((event) => typeof (event as { fault?: unknown }).fault === 'string' && event.i <= violationAt);
  const focus = new Set<string>();
  for (const event of faultEvents) for (const node of nodesOf(event)) focus.add(node);
  const violationEvent = events[violationAt];
  const violationNode = violationEvent ? stepNode(violationEvent) : undefined;
  if (violationNode) focus.add(violationNode);

  // Backwards from the violation: a node's earlier events are in the past once the node is reached,
  // and a delivery in the past brings its send (and the sender's past) in.
  // A checker that judged the whole run (at its end) has every node in its past.
  const reached = new Set<string>(violationNode ? [violationNode] : prepared.sim.nodeIds);
  // Without faults between two nodes to follow, the messages that matter are the last ones in the past.
  const between = (from: string, to: string): boolean => focus.size < 2 || (focus.has(from) && focus.has(to));
  const wanted = new Set<number>();
  const past: TraceEvent[] = [];
  for (let i = violationAt; i >= 0; i--) {
    const event = events[i] as TraceEvent;
    if (event.type === 'net.send' && wanted.has(event.msg)) reached.add(event.from);
    const node = stepNode(event);
    if (node === undefined || !reached.has(node)) continue;
    if (event.type === 'net.deliver') wanted.add(event.msg);
    if ((event.type === 'net.send' || event.type === 'net.deliver') && between(event.from, event.to)) past.push(event);
  }
  const faultIndexes = new Set(faultEvents.map((event) => event.i));
  const shownFaults = faultEvents.slice(0, MAX_TIMELINE_ENTRIES - MAX_CAUSAL_STEPS);
  const room = Math.min(MAX_CAUSAL_STEPS, MAX_TIMELINE_ENTRIES - shownFaults.length);
  const steps = past.filter((event) => !faultIndexes.has(event.i) && event.type === 'net.send').slice(0, room);
  const shown = [...shownFaults, ...steps].sort((a, b) => a.i - b.i);
  const entries = shown.map((event) => entryOf(event, sendOf));
  if (!result.ok) entries.push({ event: result.violation.eventIndex, timeMs: result.violation.timeUs / 1000, text: `✘ ${result.violation.kind} ${result.violation.checker}: ${result.violation.message}` });
  return entries;
}

function nodesOf(event: TraceEvent): string[] {
  const fields = event as { from?: unknown; to?: unknown; node?: unknown; groups?: unknown };
  const nodes: string[] = [];
  for (const value of [fields.from, fields.to, fields.node]) if (typeof value === 'string') nodes.push(value);
  if (Array.isArray(fields.groups)) for (const group of fields.groups as unknown[][]) for (const node of group) nodes.push(String(node));
  return nodes;
}

function entryOf(event: TraceEvent, sendOf: Map<number, TraceEvent & { type: 'net.send' }>): TimelineEntry {
  const fault = (event as { fault?: unknown }).fault;
  const base = { event: event.i, timeMs: event.t / 1000, ...(typeof fault === 'string' ? { fault } : {}) };
  const payload = (msg: number): string => brief(sendOf.get(msg)?.payload);
  switch (event.type) {
    case 'net.send':
      return { ...base, text: `${event.from} → ${event.to} #${event.msg} ${payload(event.msg)}` };
    case 'net.drop':
      return { ...base, text: `drop ${event.from} → ${event.to} #${event.msg} ${payload(event.msg)}` };
    case 'net.duplicate':
    case 'net.reorder':
      return { ...base, text: `${event.type.slice(4)} ${event.from} → ${event.to} #${event.msg} ${payload(event.msg)}` };
    case 'net.corrupt':
      return { ...base, text: `corrupt ${event.path} of ${event.from} → ${event.to} #${event.msg} ${payload(event.msg)}` };
    case 'node.crash':
      return { ...base, text: `${event.mode === 'stop' ? 'crash-stop' : 'crash'} ${event.node}${event.lostWrites > 0 ? ` (${event.lostWrites} unsynced writes lost)` : ''}` };
    case 'node.restart':
      return { ...base, text: `restart ${event.node}` };
    case 'fault.partition':
      return { ...base, text: `partition ${event.groups.map((group) => group.join(',')).join(event.oneWay ? ' -/-> ' : ' | ')}` };
    case 'fault.heal':
      return { ...base, text: 'heal' };
    default:
      return { ...base, text: `${event.type} ${brief(event, 90)}` };
  }
}
