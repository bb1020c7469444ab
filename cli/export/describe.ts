import type { TraceEvent } from '../../sim/index.js';

/** One-line texts for trace events, shared by the ShiViz and Mermaid exports. */

/** A payload's type tag, or a short rendering of it when it has none. */
export function messageLabel(payload: unknown): string {
  if (payload !== null && typeof payload === 'object' && typeof (payload as { type?: unknown }).type === 'string') {
    return (payload as { type: string }).type;
  }
  return clip(compactJson(payload), 40);
}

export function compactJson(value: unknown): string {
  if (value === undefined) return 'undefined';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

export function clip(text: string, max: number): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length <= max ? oneLine : `${oneLine.slice(0, max - 1)}…`;
}

export function formatTimeMs(timeUs: number): string {
  return `${Number((timeUs / 1000).toFixed(3))} ms`;
}

/**
 * What happened to each message on the way, keyed by message id: drops, reordering, duplication,
 * corruption and Byzantine alteration, as short notes to attach to the send.
 */
export function messageFates(events: readonly TraceEvent[]): Map<number, string[]> {
  const fates = new Map<number, string[]>();
  const note = (msg: number, text: string): void => {
    const list = fates.get(msg);
    if (list) list.push(text);
    else fates.set(msg, [text]);
  };
  for (const event of events) {
    switch (event.type) {
      case 'net.drop':
        note(event.msg, `dropped (${event.reason}${event.fault ? ` ${event.fault}` : ''})`);
        break;
      case 'net.reorder':
        note(event.msg, `delayed +${formatTimeMs(event.extraDelayUs)} (${event.fault})`);
        break;
      case 'net.delay':
        note(event.msg, `long delay +${formatTimeMs(event.extraDelayUs)} (${event.fault})`);
        break;
      case 'net.duplicate':
        note(event.msg, `duplicated (${event.fault})`);
        break;
      case 'net.corrupt':
        note(event.msg, `corrupted at ${event.path} (${event.fault})`);
        break;
      case 'byz.alter':
      case 'byz.equivocate':
        note(event.msg, `byzantine ${event.type.slice(4)}${event.path ? ` ${event.path}` : ''} (${event.fault})`);
        break;
      case 'byz.replay':
        note(event.msg, `byzantine replay (${event.fault})`);
        break;
      case 'byz.custom':
        note(event.msg, `byzantine: ${event.note} (${event.fault})`);
        break;
      default:
        break;
    }
  }
  return fates;
}

/** The text of a node's own event (as ShiViz shows it under the host). */
export function describeHostEvent(event: TraceEvent, fates: ReadonlyMap<number, string[]>, payloadOf: (msg: number) => unknown): string {
  switch (event.type) {
    case 'node.init':
      return 'init';
    case 'net.send': {
      const notes = fates.get(event.msg);
      return `send ${messageLabel(event.payload)} to ${event.to} (msg ${event.msg})${notes ? ` [${notes.join('; ')}]` : ''} ${clip(compactJson(event.payload), 160)}`;
    }
    case 'net.deliver': {
      const flags = [event.duplicate ? 'duplicate' : '', event.corrupted ? 'corrupted' : ''].filter(Boolean);
      return `receive ${messageLabel(payloadOf(event.msg))} from ${event.from} (msg ${event.msg})${flags.length ? ` [${flags.join(', ')}]` : ''}`;
    }
    case 'timer.fire':
      return `timer ${event.name} (#${event.timer})`;
    case 'node.crash':
      return `CRASH ${event.mode === 'stop' ? 'stop' : 'recover'}${event.fault ? ` ${event.fault}` : ''}${event.lostWrites ? `, lost ${event.lostWrites} unsynced writes` : ''}`;
    case 'node.restart':
      return `restart${event.fault ? ` ${event.fault}` : ''}`;
    case 'node.output':
      return `output ${event.name} ${clip(compactJson(event.value), 120)}`;
    case 'node.log':
      return `log ${clip(event.text, 160)}`;
    case 'node.pause':
      return `PAUSE ${event.fault} until ${formatTimeMs(event.untilUs)}`;
    case 'node.resume':
      return `resume ${event.fault} (${event.waiting} waiting events)`;
    case 'clock.set':
      return `clock ${event.fault}: offset ${formatTimeMs(event.offsetUs)}, drift ${event.driftPpm} ppm`;
    case 'clock.jump':
      return `CLOCK JUMP ${event.fault} ${event.jumpUs >= 0 ? '+' : '-'}${formatTimeMs(Math.abs(event.jumpUs))} (clock reads ${formatTimeMs(event.clockUs)})`;
    case 'fault.omission':
      return `OMISSION ${event.fault} p=${event.probability}`;
    case 'fault.omission-end':
      return `omission ends ${event.fault}`;
    case 'storage.lost-sync':
      return `STORAGE lost sync ${event.fault} (${event.writes} writes)`;
    case 'storage.corrupt-read':
      return `STORAGE corrupted read of ${event.key} at ${event.path} ${event.fault}`;
    case 'storage.torn-write':
      return `STORAGE torn write ${event.fault}: kept ${event.kept}, lost ${event.lost}`;
    case 'history.invoke':
    case 'history.ok':
    case 'history.fail':
    case 'history.info':
      return `${event.type.slice(8)} op ${event.op} ${event.f}${event.key !== undefined ? ` ${event.key}` : ''} ${clip(compactJson(event.value), 80)}`;
    default:
      return event.type;
  }
}
