import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import type { TraceEvent, TraceSink } from './trace.js';

/**
 * Streams a trace to a JSONL file: a header line (version, scenario, seed, options, derived
 * configuration), one line per event, and a footer line (digest, result). Lines are buffered and
 * written synchronously in chunks, so a long run never holds its trace in memory.
 */
export class JsonlTraceWriter implements TraceSink {
  private readonly fd: number;
  private lines: string[] = [];
  private closed = false;

  constructor(readonly path: string) {
    this.fd = openSync(path, 'w');
  }

  writeHeader(header: Record<string, unknown>): void {
    this.push(JSON.stringify({ type: 'trace.header', ...header }));
  }

  write(event: TraceEvent): void {
    this.push(JSON.stringify(event, mapSetReplacer));
  }

  writeFooter(footer: Record<string, unknown>): void {
    this.push(JSON.stringify({ type: 'trace.footer', ...footer }));
  }

  close(): void {
    if (this.closed) return;
    this.flush();
    closeSync(this.fd);
    this.closed = true;
  }

  private push(line: string): void {
    this.lines.push(line);
    if (this.lines.length >= 512) this.flush();
  }

  private flush(): void {
    if (this.lines.length === 0) return;
    writeSync(this.fd, this.lines.join('\n') + '\n');
    this.lines = [];
  }
}

/** Maps and Sets in payloads or states are written as tagged arrays instead of being lost as {}. */
export function mapSetReplacer(_key: string, value: unknown): unknown {
  if (value instanceof Map) return { $map: [...value.entries()] };
  if (value instanceof Set) return { $set: [...value.values()] };
  return value;
}

export class TraceFileError extends Error {
  override readonly name = 'TraceFileError';
}

export interface TraceFile {
  header: Record<string, unknown>;
  events: TraceEvent[];
  footer: Record<string, unknown> | undefined;
}

/**
 * Reads a whole trace file (for replay and export), naming the line of anything malformed: every
 * line a JSON object, one header (first, with a version), at most one footer (last). A last line
 * cut off mid-write (no newline after it, as a killed writer leaves it) is dropped: the trace then
 * has no footer and reads as incomplete rather than as corrupt.
 */
export function readTraceFile(path: string): TraceFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : (code ?? String(error));
    throw new TraceFileError(`cannot read trace ${path}: ${why}${code && code !== why ? ` (${code})` : ''}`);
  }
  const lines = text.split('\n');
  let lastLine = lines.length - 1;
  while (lastLine > 0 && (lines[lastLine] as string).trim() === '') lastLine--;
  let header: Record<string, unknown> | undefined;
  let headerLine = 0;
  let footer: Record<string, unknown> | undefined;
  let footerLine = 0;
  const events: TraceEvent[] = [];
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] as string;
    if (line.trim() === '') continue;
    const at = `${path}:${index + 1}`;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      if (index === lastLine && header) break; // cut off mid-write: the trace is incomplete
      throw new TraceFileError(`${at}: not a JSON line`);
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new TraceFileError(`${at}: expected a JSON object (a trace event), got ${parsed === null ? 'null' : Array.isArray(parsed) ? 'an array' : typeof parsed}`);
    }
    const record = parsed as Record<string, unknown>;
    if (footer) throw new TraceFileError(`${at}: a line after the trace.footer (line ${footerLine}); a trace ends with its footer`);
    if (record.type === 'trace.header') {
      if (header) throw new TraceFileError(`${at}: a second trace.header (the first is line ${headerLine}); is this two traces joined together?`);
      if (events.length > 0) throw new TraceFileError(`${at}: the trace.header comes after events; it must be the first line`);
      header = record;
      headerLine = index + 1;
    } else if (!header) {
      throw new TraceFileError(`${at}: no trace.header line before this one (is this a faultline trace?)`);
    } else if (record.type === 'trace.footer') {
      footer = record;
      footerLine = index + 1;
    } else if (typeof record.type !== 'string') {
      throw new TraceFileError(`${at}: an event without a "type"`);
    } else {
      events.push(record as unknown as TraceEvent);
    }
  }
  if (!header) throw new TraceFileError(`${path}: empty, no trace.header line (is this a faultline trace?)`);
  if (typeof header.version !== 'string' || header.version === '') {
    throw new TraceFileError(`${path}:${headerLine}: the trace.header has no "version" (which faultline wrote it?); a faultline trace header carries one`);
  }
  return { header, events, footer };
}
