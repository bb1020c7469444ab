import chalk from 'chalk';
import { mapSetReplacer, type TraceEvent, type TraceSink } from '../../sim/index.js';

/**
 * Keeps the events a timeline shows: those within `radius` of a known centre (--until), or else the
 * last ones of the run (a violation stops the run, so it is among them).
 */
export class TimelineWindow implements TraceSink {
  private readonly events: TraceEvent[] = [];

  constructor(
    private readonly radius: number,
    private readonly centre: number | undefined,
  ) {}

  write(event: TraceEvent): void {
    if (this.centre !== undefined) {
      if (Math.abs(event.i - this.centre) <= this.radius) this.events.push(event);
      return;
    }
    this.events.push(event);
    if (this.events.length > 4 * this.radius) this.events.splice(0, this.events.length - 2 * this.radius - 1);
  }

  around(centre: number): TraceEvent[] {
    return this.events.filter((event) => Math.abs(event.i - centre) <= this.radius);
  }

  find(index: number): TraceEvent | undefined {
    return this.events.find((event) => event.i === index && event.type !== 'node.log');
  }
}

/** Forwards every event to several sinks. */
export class TeeSink implements TraceSink {
  constructor(private readonly sinks: TraceSink[]) {}
  write(event: TraceEvent): void {
    for (const sink of this.sinks) sink.write(event);
  }
}

function brief(value: unknown, width = 60): string {
  const text = JSON.stringify(value, mapSetReplacer) ?? 'undefined';
  return text.length > width ? `${text.slice(0, width - 1)}…` : text;
}

/** The node an event concerns (its receiver, for network events). */
export function eventNode(event: TraceEvent): string | undefined {
  if ('to' in event && event.type.startsWith('net.')) return event.to;
  if ('node' in event) return event.node;
  return undefined;
}

function describe(event: TraceEvent): { who: string; what: string; colour: (text: string) => string } {
  switch (event.type) {
    case 'net.send':
      return { who: `${event.from} → ${event.to}`, what: `#${event.msg} ${brief(event.payload)}`, colour: chalk.cyan };
    case 'net.deliver':
      return { who: `${event.from} → ${event.to}`, what: `#${event.msg}${event.duplicate ? ' (duplicate)' : ''}${event.corrupted ? ' (corrupted)' : ''}`, colour: chalk.green };
    case 'net.drop':
      return { who: `${event.from} ✗ ${event.to}`, what: `#${event.msg} ${event.reason}${event.fault ? ` ${event.fault}` : ''}`, colour: chalk.red };
    case 'net.duplicate':
    case 'net.reorder':
    case 'net.delay':
      return { who: `${event.from} → ${event.to}`, what: `#${event.msg} ${event.fault} +${event.extraDelayUs / 1000} ms`, colour: chalk.yellow };
    case 'net.corrupt':
      return { who: `${event.from} → ${event.to}`, what: `#${event.msg} ${event.fault} ${event.path}`, colour: chalk.yellow };
    case 'timer.fire':
      return { who: event.node, what: event.name, colour: chalk.white };
    case 'node.init':
      return { who: event.node, what: '', colour: chalk.white };
    case 'node.crash':
      return { who: event.node, what: `${event.mode}${event.fault ? ` ${event.fault}` : ''}${event.lostWrites ? `, ${event.lostWrites} unsynced writes lost` : ''}`, colour: chalk.magenta };
    case 'node.restart':
      return { who: event.node, what: event.fault ?? '', colour: chalk.magenta };
    case 'fault.partition':
      return { who: '', what: `${event.fault} ${event.groups.map((g) => g.join(',')).join(event.oneWay ? ' -/-> ' : ' | ')}`, colour: chalk.magenta };
    case 'fault.heal':
      return { who: '', what: event.fault, colour: chalk.magenta };
    case 'byz.equivocate':
    case 'byz.alter':
      return { who: `${event.node} → ${event.to}`, what: `#${event.msg} ${event.fault} ${event.path}`, colour: chalk.red };
    case 'byz.replay':
      return { who: `${event.node} → ${event.to}`, what: `#${event.msg} ${event.fault}`, colour: chalk.red };
    case 'byz.custom':
      return { who: `${event.node} → ${event.to}`, what: `#${event.msg} ${event.fault} ${event.note}`, colour: chalk.red };
    case 'node.output':
      return { who: event.node, what: `${event.name} ${brief(event.value)}`, colour: chalk.white };
    case 'node.log':
      return { who: event.node, what: event.text, colour: chalk.dim };
    case 'clock.set':
      return { who: event.node, what: `${event.fault} offset ${event.offsetUs / 1000} ms, drift ${event.driftPpm} ppm`, colour: chalk.magenta };
    case 'clock.jump':
      return { who: event.node, what: `${event.fault} ${event.jumpUs >= 0 ? '+' : ''}${event.jumpUs / 1000} ms (clock ${event.clockUs / 1000} ms)`, colour: chalk.magenta };
    case 'node.pause':
      return { who: event.node, what: `${event.fault} until ${event.untilUs / 1000} ms`, colour: chalk.magenta };
    case 'node.resume':
      return { who: event.node, what: `${event.fault}, ${event.waiting} waiting events`, colour: chalk.magenta };
    case 'fault.omission':
      return { who: event.node, what: `${event.fault} p=${event.probability}`, colour: chalk.magenta };
    case 'fault.omission-end':
      return { who: event.node, what: event.fault, colour: chalk.magenta };
    case 'storage.lost-sync':
      return { who: event.node, what: `${event.fault} ${event.writes} writes`, colour: chalk.yellow };
    case 'storage.corrupt-read':
      return { who: event.node, what: `${event.fault} ${event.key} ${event.path}`, colour: chalk.yellow };
    case 'storage.torn-write':
      return { who: event.node, what: `${event.fault} kept ${event.kept}, lost ${event.lost}`, colour: chalk.yellow };
    default:
      return { who: event.node, what: `op ${event.op} ${event.f}${event.key !== undefined ? ` ${event.key}` : ''} ${brief(event.value, 40)}`, colour: chalk.blue };
  }
}

/** A compact coloured timeline, one event per line, the centre event marked. */
export function formatTimeline(events: readonly TraceEvent[], centre: number): string {
  const indexWidth = String(events.at(-1)?.i ?? 0).length + 1;
  return events
    .map((event) => {
      const { who, what, colour } = describe(event);
      const mark = event.i === centre && event.type !== 'node.log' ? chalk.bold.red('▶') : ' ';
      const time = `${(event.t / 1000).toFixed(3)}ms`.padStart(12);
      return `${mark} ${chalk.dim(`#${event.i}`.padEnd(indexWidth))} ${chalk.dim(time)}  ${who.padEnd(10)} ${colour(event.type.padEnd(15))} ${what}`;
    })
    .join('\n');
}
