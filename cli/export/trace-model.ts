import type { TraceEvent, TraceFile } from '../../sim/index.js';

/**
 * What every export draws, derived once from a trace: one lane per node, one arrow per message
 * fate (delivery, duplicate delivery, drop, still in flight), down-time and partition bands, and
 * the violation. Positions (`pos`) index `trace.events`; `i` is the engine's event index.
 */

export const ARROW_KINDS = ['delivered', 'reordered', 'delayed', 'duplicate', 'corrupted', 'byzantine', 'dropped', 'omitted', 'in-flight'] as const;
export type ArrowKind = (typeof ARROW_KINDS)[number];

export interface Arrow {
  /** Position of the net.send event. */
  send: number;
  /** Position of the net.deliver or net.drop event; -1 while still in flight at the end. */
  end: number;
  from: number;
  to: number;
  t0: number;
  t1: number;
  kind: ArrowKind;
}

export interface Band {
  kind: 'down' | 'partition' | 'paused' | 'omission';
  /** The node's lane for 'down', 'paused' and 'omission'; -1 for a partition (it spans every lane). */
  lane: number;
  t0: number;
  /** End of the band; the end of the run when it never closed. */
  t1: number;
  start: number;
  end: number;
  label: string;
}

export interface ViolationMark {
  pos: number;
  t: number;
  eventIndex: number;
  kind: string;
  checker: string;
  message: string;
}

export interface TraceModel {
  lanes: string[];
  /** Events drawn as a dot on a lane: positions and their lanes, in trace (time) order. */
  markPos: number[];
  markLane: number[];
  /** Sorted by send time. */
  arrows: Arrow[];
  bands: Band[];
  violation: ViolationMark | undefined;
  endT: number;
  /** For each message id, the position of its net.send. */
  sendOf: Map<number, number>;
}

/** The node on whose lane an event happens, or undefined for network and nemesis annotations. */
export function laneNodeOf(event: TraceEvent): string | undefined {
  switch (event.type) {
    case 'net.send':
      return event.from;
    case 'net.deliver':
      return event.to;
    case 'net.drop':
    case 'net.duplicate':
    case 'net.reorder':
    case 'net.corrupt':
    case 'net.delay':
    case 'fault.partition':
    case 'fault.heal':
      return undefined;
    default:
      return event.node;
  }
}

/** Node ids in the order the run's configuration lists them, then any others as they appear. */
export function lanesOf(trace: TraceFile): string[] {
  const lanes: string[] = [];
  const seen = new Set<string>();
  const add = (id: string | undefined): void => {
    if (id === undefined || seen.has(id)) return;
    seen.add(id);
    lanes.push(id);
  };
  const config = trace.header.config as { nodes?: { id?: unknown }[] } | undefined;
  for (const node of config?.nodes ?? []) if (typeof node.id === 'string') add(node.id);
  for (const event of trace.events) {
    add(laneNodeOf(event));
    if (event.type === 'net.send' || event.type === 'net.deliver' || event.type === 'net.drop') {
      add(event.from);
      add(event.to);
    }
  }
  return lanes;
}

/**
 * End of the run: the configured virtual time for a run that went the distance; the last event for
 * one that stopped at a violation or was cut short (no footer).
 */
export function endTimeOf(trace: TraceFile): number {
  const lastUs = trace.events[trace.events.length - 1]?.t ?? 0;
  const violation = trace.footer?.violation as { timeUs?: unknown } | undefined;
  if (!trace.footer) return lastUs;
  if (violation) return Math.max(lastUs, typeof violation.timeUs === 'number' ? violation.timeUs : 0);
  const config = trace.header.config as { timeMs?: unknown } | undefined;
  return Math.max(typeof config?.timeMs === 'number' ? config.timeMs * 1000 : 0, lastUs);
}

/** The position of the event the engine numbered `eventIndex` (skipping debug logs, which reuse indices). */
export function positionOfIndex(events: readonly TraceEvent[], eventIndex: number): number {
  let lo = 0;
  let hi = events.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((events[mid] as TraceEvent).i <= eventIndex) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  while (found > 0 && (events[found] as TraceEvent).type === 'node.log' && (events[found - 1] as TraceEvent).i === eventIndex) found--;
  return found;
}

function violationOf(trace: TraceFile): ViolationMark | undefined {
  const v = trace.footer?.violation as { eventIndex?: unknown; timeUs?: unknown; kind?: unknown; checker?: unknown; message?: unknown } | undefined;
  if (!v || typeof v.eventIndex !== 'number') return undefined;
  const pos = positionOfIndex(trace.events, v.eventIndex);
  return {
    pos,
    t: typeof v.timeUs === 'number' ? v.timeUs : (trace.events[pos]?.t ?? 0),
    eventIndex: v.eventIndex,
    kind: String(v.kind ?? 'safety'),
    checker: String(v.checker ?? ''),
    message: String(v.message ?? ''),
  };
}

interface SendInfo {
  pos: number;
  byzantine: boolean;
  reordered: boolean;
  delayed: boolean;
  fates: number;
}

function deliveryKind(info: SendInfo, duplicate: boolean, corrupted: boolean): ArrowKind {
  if (info.byzantine) return 'byzantine';
  if (corrupted) return 'corrupted';
  if (duplicate) return 'duplicate';
  if (info.delayed) return 'delayed';
  return info.reordered ? 'reordered' : 'delivered';
}

export function buildTraceModel(trace: TraceFile): TraceModel {
  const lanes = lanesOf(trace);
  const laneIndex = new Map(lanes.map((id, index) => [id, index]));
  const lane = (id: string): number => laneIndex.get(id) as number;
  const endT = endTimeOf(trace);
  const markPos: number[] = [];
  const markLane: number[] = [];
  const arrows: Arrow[] = [];
  const bands: Band[] = [];
  const sends = new Map<number, SendInfo>();
  const sendOf = new Map<number, number>();
  const openCrash = new Map<string, Band>();
  let openPartition: Band | undefined;
  /** Open pause and omission bands, by kind and node. */
  const openLane = new Map<string, Band>();
  const openLaneBand = (node: string, band: Band): void => {
    bands.push(band);
    openLane.set(`${band.kind} ${node}`, band);
  };
  const closeLaneBand = (node: string, kind: Band['kind'], t: number, pos: number): void => {
    const band = openLane.get(`${kind} ${node}`);
    if (!band) return;
    closeBand(band, t, pos);
    openLane.delete(`${kind} ${node}`);
  };

  const events = trace.events;
  for (let pos = 0; pos < events.length; pos++) {
    const event = events[pos] as TraceEvent;
    const node = laneNodeOf(event);
    if (node !== undefined) {
      markPos.push(pos);
      markLane.push(lane(node));
    }
    switch (event.type) {
      case 'net.send':
        sends.set(event.msg, { pos, byzantine: false, reordered: false, delayed: false, fates: 0 });
        sendOf.set(event.msg, pos);
        break;
      case 'net.reorder': {
        const info = sends.get(event.msg);
        if (info) info.reordered = true;
        break;
      }
      case 'net.delay': {
        const info = sends.get(event.msg);
        if (info) info.delayed = true;
        break;
      }
      case 'byz.alter':
      case 'byz.equivocate':
      case 'byz.replay':
      case 'byz.custom': {
        const info = sends.get(event.msg);
        if (info) info.byzantine = true;
        break;
      }
      case 'net.deliver':
      case 'net.drop': {
        const info = sends.get(event.msg);
        if (!info) break;
        info.fates++;
        const kind = event.type === 'net.drop' ? (event.reason.endsWith('-omission') ? 'omitted' : 'dropped') : deliveryKind(info, event.duplicate, event.corrupted);
        const sent = events[info.pos] as TraceEvent;
        arrows.push({ send: info.pos, end: pos, from: lane(event.from), to: lane(event.to), t0: sent.t, t1: event.t, kind });
        break;
      }
      case 'node.pause':
        openLaneBand(event.node, { kind: 'paused', lane: lane(event.node), t0: event.t, t1: endT, start: pos, end: -1, label: `paused ${event.fault}` });
        break;
      case 'node.resume':
        closeLaneBand(event.node, 'paused', event.t, pos);
        break;
      case 'fault.omission':
        openLaneBand(event.node, { kind: 'omission', lane: lane(event.node), t0: event.t, t1: endT, start: pos, end: -1, label: `omission ${event.fault} p=${event.probability}` });
        break;
      case 'fault.omission-end':
        closeLaneBand(event.node, 'omission', event.t, pos);
        break;
      case 'node.crash': {
        // A crash ends a pause: what waited is lost with the node.
        closeLaneBand(event.node, 'paused', event.t, pos);
        const band: Band = { kind: 'down', lane: lane(event.node), t0: event.t, t1: endT, start: pos, end: -1, label: `${event.mode === 'stop' ? 'crash-stop' : 'crashed'}${event.fault ? ` ${event.fault}` : ''}` };
        bands.push(band);
        openCrash.set(event.node, band);
        break;
      }
      case 'node.restart': {
        const band = openCrash.get(event.node);
        if (band) {
          band.t1 = event.t;
          band.end = pos;
          openCrash.delete(event.node);
        }
        break;
      }
      case 'fault.partition': {
        if (openPartition) closeBand(openPartition, event.t, pos);
        const groups = event.groups.map((group) => group.join(',')).join(event.oneWay ? ' -/-> ' : ' | ');
        openPartition = { kind: 'partition', lane: -1, t0: event.t, t1: endT, start: pos, end: -1, label: `${event.fault}: ${groups}` };
        bands.push(openPartition);
        break;
      }
      case 'fault.heal':
        if (openPartition) closeBand(openPartition, event.t, pos);
        openPartition = undefined;
        break;
      default:
        break;
    }
  }
  for (const info of sends.values()) {
    if (info.fates > 0) continue;
    const sent = events[info.pos] as TraceEvent & { type: 'net.send' };
    arrows.push({ send: info.pos, end: -1, from: lane(sent.from), to: lane(sent.to), t0: sent.t, t1: endT, kind: 'in-flight' });
  }
  arrows.sort((a, b) => a.send - b.send || a.end - b.end);
  return { lanes, markPos, markLane, arrows, bands, violation: violationOf(trace), endT, sendOf };
}

function closeBand(band: Band, t: number, pos: number): void {
  band.t1 = t;
  band.end = pos;
}
