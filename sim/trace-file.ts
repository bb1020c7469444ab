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

/** Reads a whole trace file (for replay and export), naming the line of anything malformed. */
export function readTraceFile(path: string): TraceFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new TraceFileError(`cannot read trace ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  const lines = text.split('\n');
  let header: Record<string, unknown> | undefined;
  let footer: Record<string, unknown> | undefined;
  const events: TraceEvent[] = [];
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    let parsed: Record<string, unknown>;
    try {
      parsed = JSON.parse(line) as Record<string, unknown>;
    } catch {
      throw new TraceFileError(`${path}:${index + 1}: not a JSON line`);
    }
    if (parsed.type === 'trace.header') header = parsed;
    else if (parsed.type === 'trace.footer') footer = parsed;
    else events.push(parsed as unknown as TraceEvent);
  });
  if (!header) throw new TraceFileError(`${path}: no trace.header line (is this a faultline trace?)`);
  return { header, events, footer };
}
