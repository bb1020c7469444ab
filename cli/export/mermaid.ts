import type { TraceEvent, TraceFile } from '../../sim/index.js';
import { clip, compactJson, formatTimeMs, messageFates, messageLabel } from './describe.js';
import { lanesOf, positionOfIndex } from './trace-model.js';

/**
 * A Mermaid sequence diagram of a short trace (a shrunk repro): one participant per node, an arrow
 * per delivered message at the moment it arrives (dotted for duplicates), a crossed dotted arrow
 * per dropped or omitted one, and notes for crashes, restarts, partitions, pauses, clock jumps,
 * omission episodes, storage faults, client operations and the
 * violation. Timers, outputs and debug logs are left out: they are local and would drown the
 * messages. Mermaid viewers struggle past a few hundred steps, so longer traces are cut to the
 * `maxSteps` steps that lead up to the violation (or the start of the run when there is none).
 */

export const MERMAID_DEFAULT_MAX_STEPS = 400;

export interface MermaidResult {
  text: string;
  steps: number;
  /** Steps left out to stay under the limit. */
  omitted: number;
}

/** Mermaid reads `;` and `#` specially in message text, and `<`/`>` could start markup. */
function escapeText(text: string): string {
  return clip(text, 120).replace(/[#;<>]/g, (ch) => `#${ch.charCodeAt(0)};`);
}

function participantIds(lanes: readonly string[]): Map<string, string> {
  const ids = new Map<string, string>();
  lanes.forEach((lane, index) => ids.set(lane, /^[A-Za-z][A-Za-z0-9_]*$/.test(lane) ? lane : `p${index + 1}`));
  return ids;
}

export function renderMermaid(trace: TraceFile, maxSteps = MERMAID_DEFAULT_MAX_STEPS): MermaidResult {
  const events = trace.events;
  const lanes = lanesOf(trace);
  const ids = participantIds(lanes);
  const id = (node: string): string => ids.get(node) ?? node;
  const everyone = lanes.length > 1 ? `${id(lanes[0] as string)},${id(lanes[lanes.length - 1] as string)}` : id(lanes[0] ?? 'nobody');
  const fates = messageFates(events);
  const payloads = new Map<number, unknown>();
  const violation = trace.footer?.violation as { eventIndex?: unknown; kind?: unknown; checker?: unknown; message?: unknown } | undefined;
  const violationPos = typeof violation?.eventIndex === 'number' ? positionOfIndex(events, violation.eventIndex) : -1;

  const steps: string[] = [];
  let violationStep = -1;
  for (let pos = 0; pos < events.length; pos++) {
    const event = events[pos] as TraceEvent;
    const step = stepOf(event, payloads, fates, id, everyone);
    if (step !== undefined) steps.push(step);
    if (pos === violationPos) {
      steps.push(`  Note over ${everyone}: VIOLATION ${escapeText(`${String(violation?.kind ?? '')} ${String(violation?.checker ?? '')}: ${String(violation?.message ?? '')}`)}`);
      violationStep = steps.length;
    }
  }

  const header = ['sequenceDiagram'];
  for (const lane of lanes) header.push(id(lane) === lane ? `  participant ${lane}` : `  participant ${id(lane)} as ${escapeText(lane)}`);
  let shown = steps;
  let omitted = 0;
  if (steps.length > maxSteps) {
    const end = violationStep > 0 ? violationStep : maxSteps;
    const start = Math.max(0, end - maxSteps);
    shown = steps.slice(start, start + maxSteps);
    omitted = steps.length - shown.length;
    if (start > 0) shown.unshift(`  Note over ${everyone}: … ${start} earlier steps left out`);
    const after = steps.length - start - maxSteps;
    if (after > 0) shown.push(`  Note over ${everyone}: … ${after} later steps left out`);
  }
  return { text: [...header, ...shown].join('\n') + '\n', steps: steps.length, omitted };
}

function stepOf(
  event: TraceEvent,
  payloads: Map<number, unknown>,
  fates: ReadonlyMap<number, string[]>,
  id: (node: string) => string,
  everyone: string,
): string | undefined {
  const at = formatTimeMs(event.t);
  switch (event.type) {
    case 'net.send':
      payloads.set(event.msg, event.payload);
      return undefined;
    case 'net.deliver': {
      const payload = payloads.get(event.msg);
      const notes = (fates.get(event.msg) ?? []).filter((note) => !note.startsWith('dropped'));
      const flags = [event.duplicate ? 'duplicate' : '', event.corrupted ? 'corrupted' : '', ...notes.filter((note) => note.startsWith('byzantine') || note.startsWith('long delay'))].filter(Boolean);
      const arrow = event.duplicate ? '-->>' : '->>';
      return `  ${id(event.from)}${arrow}${id(event.to)}: ${escapeText(`${at} ${messageLabel(payload)} ${describePayload(payload)}${flags.length ? ` [${flags.join(', ')}]` : ''}`)}`;
    }
    case 'net.drop':
      return `  ${id(event.from)}--x${id(event.to)}: ${escapeText(`${at} ${messageLabel(payloads.get(event.msg))} DROPPED (${event.reason}${event.fault ? ` ${event.fault}` : ''})`)}`;
    case 'node.crash':
      return `  Note over ${id(event.node)}: ${escapeText(`${at} CRASH (${event.mode})${event.fault ? ` ${event.fault}` : ''}`)}`;
    case 'node.restart':
      return `  Note over ${id(event.node)}: ${escapeText(`${at} restart`)}`;
    case 'fault.partition':
      return `  Note over ${everyone}: ${escapeText(`${at} PARTITION ${event.groups.map((g) => g.join(',')).join(event.oneWay ? ' -/-> ' : ' | ')} (${event.fault})`)}`;
    case 'fault.heal':
      return `  Note over ${everyone}: ${escapeText(`${at} heal (${event.fault})`)}`;
    case 'node.pause':
      return `  Note over ${id(event.node)}: ${escapeText(`${at} PAUSED until ${formatTimeMs(event.untilUs)} (${event.fault})`)}`;
    case 'node.resume':
      return `  Note over ${id(event.node)}: ${escapeText(`${at} resumes, ${event.waiting} waiting (${event.fault})`)}`;
    case 'clock.jump':
      return `  Note over ${id(event.node)}: ${escapeText(`${at} CLOCK JUMP ${event.jumpUs >= 0 ? '+' : '-'}${formatTimeMs(Math.abs(event.jumpUs))} (${event.fault})`)}`;
    case 'fault.omission':
      return `  Note over ${id(event.node)}: ${escapeText(`${at} OMISSION p=${event.probability} (${event.fault})`)}`;
    case 'fault.omission-end':
      return `  Note over ${id(event.node)}: ${escapeText(`${at} omission ends (${event.fault})`)}`;
    case 'storage.lost-sync':
    case 'storage.corrupt-read':
    case 'storage.torn-write':
      return `  Note over ${id(event.node)}: ${escapeText(`${at} ${event.type.slice(8).toUpperCase()} (${event.fault})`)}`;
    case 'history.invoke':
    case 'history.ok':
    case 'history.fail':
    case 'history.info':
      return `  Note right of ${id(event.node)}: ${escapeText(`${at} ${event.type.slice(8)} ${event.f}${event.key !== undefined ? ` ${event.key}` : ''} ${compactJson(event.value)}`)}`;
    default:
      return undefined;
  }
}

/** The payload without its type tag, short. */
function describePayload(payload: unknown): string {
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) return clip(compactJson(payload), 60);
  const { type: _type, ...rest } = payload as Record<string, unknown>;
  return clip(compactJson(rest), 60);
}
