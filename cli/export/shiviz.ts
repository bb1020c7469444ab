import type { TraceEvent, TraceFile } from '../../sim/index.js';
import { clip, describeHostEvent, formatTimeMs, messageFates } from './describe.js';
import { lanesOf, positionOfIndex } from './trace-model.js';
import { causalHostOf, vectorClocks } from './vector-clocks.js';

/** ShiViz's parser regex for `host {clock}` then the event text, as its upload format expects. */
export const SHIVIZ_REGEX = '(?<host>\\S*) (?<clock>{.*})\\n(?<event>.*)';

/** Host names are matched by `\S*`: whitespace would split them. */
function hostName(id: string): string {
  return id.replace(/\s/g, '_') || '_';
}

/**
 * A ShiViz upload file: the parser regex, an empty execution delimiter, a blank line, then two
 * lines per node event (`host {"host":n, …}` and the event text). Clocks come from the engine's
 * happens-before; every local event ticks its own host's counter, so counters have no gaps.
 * Network-only annotations (drops, duplication, corruption, Byzantine alteration) become notes on
 * the send they concern; partitions have no host and are not logged.
 */
export function renderShiViz(trace: TraceFile): string {
  const events = trace.events;
  const run = vectorClocks(events, lanesOf(trace));
  const names = run.hosts.map(hostName);
  const quoted = names.map((name) => JSON.stringify(name));
  const fates = messageFates(events);
  const payloads = new Map<number, unknown>();
  for (const event of events) if (event.type === 'net.send') payloads.set(event.msg, event.payload);
  const violationPos = violationHostEvent(trace);

  const lines = [SHIVIZ_REGEX, '', ''];
  for (const clocked of run.events) {
    const event = events[clocked.pos] as TraceEvent;
    const own = clocked.host;
    // The own host first, then every host this event has heard of, in lane order.
    const entries = [`${quoted[own]}:${clocked.clock[own]}`];
    for (let host = 0; host < clocked.clock.length; host++) {
      const value = clocked.clock[host] as number;
      if (host !== own && value > 0) entries.push(`${quoted[host]}:${value}`);
    }
    lines.push(`${names[own]} {${entries.join(', ')}}`);
    let text = `[${formatTimeMs(event.t)} #${event.i}] ${describeHostEvent(event, fates, (msg) => payloads.get(msg))}`;
    if (clocked.pos === violationPos) text += ` *** VIOLATION ${violationText(trace)} ***`;
    lines.push(clip(text, 600));
  }
  return lines.join('\n') + '\n';
}

function violationText(trace: TraceFile): string {
  const v = trace.footer?.violation as { kind?: unknown; checker?: unknown; message?: unknown } | undefined;
  return `${String(v?.kind ?? '')} ${String(v?.checker ?? '')}: ${String(v?.message ?? '')}`;
}

/** The violation's event, or the last node event before it when it has no host (a drop, say). */
function violationHostEvent(trace: TraceFile): number {
  const v = trace.footer?.violation as { eventIndex?: unknown } | undefined;
  if (typeof v?.eventIndex !== 'number') return -1;
  for (let pos = positionOfIndex(trace.events, v.eventIndex); pos >= 0; pos--) {
    if (causalHostOf(trace.events[pos] as TraceEvent) !== undefined) return pos;
  }
  return -1;
}
