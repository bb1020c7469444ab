import type { TraceEvent } from '../../sim/index.js';

/**
 * Vector clocks from the engine's ground truth: a node's events are ordered as the trace lists
 * them, and a delivery happens after its send (a duplicate delivery merges the same send's clock).
 * Nothing is inferred from virtual time, so concurrency is exactly what the run allowed.
 */

/** The node an event happens at, for causality; network and nemesis annotations have none. */
export function causalHostOf(event: TraceEvent): string | undefined {
  switch (event.type) {
    case 'net.send':
      return event.from;
    case 'net.deliver':
      return event.to;
    case 'node.init':
    case 'timer.fire':
    case 'node.crash':
    case 'node.restart':
    case 'node.output':
    case 'node.log':
    case 'history.invoke':
    case 'history.ok':
    case 'history.fail':
    case 'history.info':
    case 'node.pause':
    case 'node.resume':
    case 'clock.set':
    case 'clock.jump':
    case 'fault.omission':
    case 'fault.omission-end':
    case 'storage.lost-sync':
    case 'storage.corrupt-read':
    case 'storage.torn-write':
      return event.node;
    default:
      return undefined;
  }
}

export interface ClockedEvent {
  pos: number;
  /** Index of the host in `hosts`. */
  host: number;
  /** One entry per host, in `hosts` order; 0 for a host this event has not heard of. */
  clock: Int32Array;
}

export interface VectorClockRun {
  hosts: string[];
  events: ClockedEvent[];
}

export function vectorClocks(events: readonly TraceEvent[], hostOrder: readonly string[] = []): VectorClockRun {
  const hosts = [...hostOrder];
  const hostIndex = new Map(hosts.map((id, index) => [id, index]));
  const current: Int32Array[] = [];
  const indexOf = (id: string): number => {
    let index = hostIndex.get(id);
    if (index === undefined) {
      index = hosts.length;
      hosts.push(id);
      hostIndex.set(id, index);
    }
    return index;
  };
  // Hosts may appear late; clocks are widened lazily to the final host count.
  const clockOf = (host: number): Int32Array => {
    while (current.length <= host) current.push(new Int32Array(0));
    return current[host] as Int32Array;
  };
  const widen = (clock: Int32Array, size: number): Int32Array => {
    if (clock.length >= size) return clock;
    const wider = new Int32Array(size);
    wider.set(clock);
    return wider;
  };

  const sendClocks = new Map<number, Int32Array>();
  const out: ClockedEvent[] = [];
  for (let pos = 0; pos < events.length; pos++) {
    const event = events[pos] as TraceEvent;
    const hostId = causalHostOf(event);
    if (hostId === undefined) continue;
    const host = indexOf(hostId);
    let clock = widen(clockOf(host), hosts.length);
    if (event.type === 'net.deliver') {
      const sent = sendClocks.get(event.msg);
      if (sent) {
        clock = widen(clock, sent.length);
        for (let h = 0; h < sent.length; h++) if ((sent[h] as number) > (clock[h] as number)) clock[h] = sent[h] as number;
      }
    }
    clock[host] = (clock[host] as number) + 1;
    current[host] = clock;
    const snapshot = clock.slice();
    if (event.type === 'net.send') sendClocks.set(event.msg, snapshot);
    out.push({ pos, host, clock: snapshot });
  }
  return { hosts, events: out };
}
