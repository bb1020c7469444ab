/**
 * Checks a log against the rules ShiViz enforces when it opens one, so an export can be verified
 * without a browser: the parser regex has host, clock and event groups; each clock is a JSON object
 * that contains the event's own host; each host's own counter runs 1, 2, 3, … with no gaps; every
 * host named in a clock logs events itself, at least as many as the clock claims; and the
 * happens-before graph ShiViz builds from the clocks has no cycle.
 */

export interface ShiVizLogFormat {
  /** The parser regex; named groups host, clock and event. */
  regex: string;
  /** Regex separating executions; empty for one execution. */
  delimiter: string;
}

export const SHIVIZ_DEFAULT_FORMAT: ShiVizLogFormat = { regex: '(?<host>\\S*) (?<clock>{.*})\\n(?<event>.*)', delimiter: '' };

export interface ShiVizCheck {
  ok: boolean;
  executions: number;
  events: number;
  hosts: number;
  /** Each broken rule, naming the line it was found on (at most 20). */
  problems: string[];
}

interface ParsedEvent {
  host: string;
  clock: Record<string, number>;
  line: number;
}

const MAX_PROBLEMS = 20;

/**
 * Checks a log. A log that starts with its own parser regex (ShiViz's upload file: regex line,
 * delimiter line, blank line, log) is read with that regex; otherwise `format` is used.
 */
export function checkShiVizLog(text: string, format: ShiVizLogFormat = SHIVIZ_DEFAULT_FORMAT): ShiVizCheck {
  let body = text;
  let bodyLine = 0;
  let { regex, delimiter } = format;
  const firstBreak = text.indexOf('\n');
  const firstLine = firstBreak < 0 ? text : text.slice(0, firstBreak);
  if (firstLine.includes('(?<host>')) {
    const secondBreak = text.indexOf('\n', firstBreak + 1);
    regex = firstLine;
    delimiter = secondBreak < 0 ? text.slice(firstBreak + 1) : text.slice(firstBreak + 1, secondBreak);
    body = secondBreak < 0 ? '' : text.slice(secondBreak + 1);
    bodyLine = 2;
  }
  const problems: string[] = [];
  const report = (problem: string): void => {
    if (problems.length < MAX_PROBLEMS) problems.push(problem);
  };
  const result = (executions: number, events: number, hosts: number): ShiVizCheck => ({ ok: problems.length === 0, executions, events, hosts, problems });

  let parser: RegExp;
  try {
    parser = new RegExp(regex, 'gm');
  } catch (error) {
    report(`the parser regex does not compile: ${(error as Error).message}`);
    return result(0, 0, 0);
  }
  if (!['host', 'clock', 'event'].every((name) => regex.includes(`(?<${name}>`))) {
    report('the parser regex needs the named groups host, clock and event');
    return result(0, 0, 0);
  }

  let executions = 0;
  let eventCount = 0;
  let hostCount = 0;
  for (const execution of splitExecutions(body, delimiter, bodyLine)) {
    executions++;
    const parsed = parseExecution(execution.text, execution.firstLine, parser, report);
    eventCount += parsed.length;
    if (parsed.length === 0) report(`execution ${executions}: the parser regex captures no events`);
    hostCount += checkExecution(parsed, report);
  }
  if (executions === 0) report('the log has no events');
  return result(executions, eventCount, hostCount);
}

function splitExecutions(body: string, delimiter: string, bodyLine: number): { text: string; firstLine: number }[] {
  if (delimiter === '') return body.trim() === '' ? [] : [{ text: body, firstLine: bodyLine + 1 }];
  const parts: { text: string; firstLine: number }[] = [];
  const splitter = new RegExp(delimiter, 'gm');
  let last = 0;
  const push = (end: number): void => {
    const text = body.slice(last, end);
    if (text.trim() !== '') parts.push({ text, firstLine: bodyLine + 1 + countNewlines(body.slice(0, last)) });
  };
  let match: RegExpExecArray | null;
  while ((match = splitter.exec(body)) !== null) {
    if (match[0].length === 0) {
      splitter.lastIndex++;
      continue;
    }
    push(match.index);
    last = match.index + match[0].length;
  }
  push(body.length);
  return parts;
}

function countNewlines(text: string): number {
  let count = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) count++;
  return count;
}

function parseExecution(text: string, firstLine: number, parser: RegExp, report: (problem: string) => void): ParsedEvent[] {
  const events: ParsedEvent[] = [];
  parser.lastIndex = 0;
  let match: RegExpExecArray | null;
  let counted = 0;
  let line = firstLine;
  while ((match = parser.exec(text)) !== null) {
    if (match[0].length === 0) {
      parser.lastIndex++;
      continue;
    }
    line += countNewlines(text.slice(counted, match.index));
    counted = match.index;
    const host = match.groups?.host ?? '';
    const clockText = match.groups?.clock ?? '';
    let clock: unknown;
    try {
      clock = JSON.parse(clockText);
    } catch {
      report(`line ${line}: the clock is not JSON: ${clockText.slice(0, 80)}`);
      continue;
    }
    if (clock === null || typeof clock !== 'object' || Array.isArray(clock)) {
      report(`line ${line}: the clock is not a JSON object`);
      continue;
    }
    const entries = Object.entries(clock as Record<string, unknown>);
    if (!entries.every(([, value]) => Number.isInteger(value) && (value as number) >= 0)) {
      report(`line ${line}: clock values must be non-negative integers`);
      continue;
    }
    // ShiViz ignores zero entries.
    const nonZero: Record<string, number> = {};
    for (const [key, value] of entries) if ((value as number) > 0) nonZero[key] = value as number;
    if (!Object.prototype.hasOwnProperty.call(clock, host)) {
      report(`line ${line}: host "${host}" is missing from its own clock`);
      continue;
    }
    events.push({ host, clock: nonZero, line });
  }
  return events;
}

/** Applies the per-execution rules; returns the number of hosts. */
function checkExecution(events: ParsedEvent[], report: (problem: string) => void): number {
  const byHost = new Map<string, ParsedEvent[]>();
  for (const event of events) {
    const list = byHost.get(event.host);
    if (list) list.push(event);
    else byHost.set(event.host, [event]);
  }
  let consistent = true;
  for (const [host, list] of byHost) {
    list.sort((a, b) => (a.clock[host] ?? 0) - (b.clock[host] ?? 0));
    list.forEach((event, index) => {
      const own = event.clock[host] ?? 0;
      if (own !== index + 1) {
        consistent = false;
        report(`line ${event.line}: host "${host}"'s own counter should be ${index + 1} here but is ${own} (counters run 1, 2, 3, … without gaps)`);
      }
    });
  }
  for (const event of events) {
    for (const [other, value] of Object.entries(event.clock)) {
      const list = byHost.get(other);
      if (!list) {
        consistent = false;
        report(`line ${event.line}: the clock names host "${other}", which logs no events`);
      } else if (value > list.length) {
        consistent = false;
        report(`line ${event.line}: the clock claims ${other}:${value}, but "${other}" logs only ${list.length} events`);
      }
    }
  }
  if (consistent && hasCycle(byHost)) report('the clocks imply a cycle: some event happens before itself');
  return byHost.size;
}

/**
 * ShiViz's graph: each event follows its host's previous event, and an event whose clock raises
 * another host's entry (relative to its own previous event) follows that host's event at the new
 * value. A topological sort that cannot finish means a cycle.
 */
function hasCycle(byHost: Map<string, ParsedEvent[]>): boolean {
  // Event k of host h (own time k + 1) is node base[h] + k.
  const base = new Map<string, number>();
  let total = 0;
  for (const [host, list] of byHost) {
    base.set(host, total);
    total += list.length;
  }
  const from: number[] = [];
  const to: number[] = [];
  for (const [host, list] of byHost) {
    const first = base.get(host) as number;
    const known = new Map<string, number>();
    list.forEach((event, index) => {
      if (index > 0) {
        from.push(first + index - 1);
        to.push(first + index);
      }
      for (const other in event.clock) {
        const value = event.clock[other] as number;
        if (other === host || (known.get(other) ?? 0) >= value) continue;
        known.set(other, value);
        from.push((base.get(other) as number) + value - 1);
        to.push(first + index);
      }
    });
  }
  // Kahn's algorithm over the edge list in compressed (CSR) form.
  const indegree = new Int32Array(total);
  const start = new Int32Array(total + 1);
  for (let e = 0; e < from.length; e++) {
    indegree[to[e] as number]!++;
    start[(from[e] as number) + 1]!++;
  }
  for (let n = 0; n < total; n++) start[n + 1]! += start[n] as number;
  const fill = start.slice(0, total);
  const children = new Int32Array(from.length);
  for (let e = 0; e < from.length; e++) children[fill[from[e] as number]!++] = to[e] as number;
  const ready: number[] = [];
  for (let n = 0; n < total; n++) if (indegree[n] === 0) ready.push(n);
  let visited = 0;
  while (ready.length > 0) {
    const n = ready.pop() as number;
    visited++;
    for (let c = start[n] as number; c < (start[n + 1] as number); c++) {
      const child = children[c] as number;
      if (--indegree[child]! === 0) ready.push(child);
    }
  }
  return visited < total;
}
