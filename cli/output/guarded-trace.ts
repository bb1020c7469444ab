import { JsonlTraceWriter, type TraceEvent } from '../../sim/index.js';
import { ioReason } from './paths.js';

/**
 * A trace file whose write failing mid-run (a full disk) does not end the run: the sink is called from
 * inside node handlers, where a throw would be reported as the protocol's crash. The first error is
 * kept, later events are dropped, and the command says the trace is incomplete once the run is over.
 */
export class GuardedTraceWriter {
  private readonly writer: JsonlTraceWriter | undefined;
  private failure: unknown;

  constructor(readonly path: string) {
    try {
      this.writer = new JsonlTraceWriter(path);
    } catch (error) {
      this.failure = error;
    }
  }

  /** One line for stderr when the trace could not be written whole, else undefined. */
  get problem(): string | undefined {
    return this.failure === undefined ? undefined : `could not write the trace ${this.path}: ${ioReason(this.failure)}; the file is incomplete (the run's result above stands)`;
  }

  writeHeader(header: Record<string, unknown>): void {
    this.guard((writer) => writer.writeHeader(header));
  }

  write(event: TraceEvent): void {
    this.guard((writer) => writer.write(event));
  }

  writeFooter(footer: Record<string, unknown>): void {
    this.guard((writer) => writer.writeFooter(footer));
  }

  close(): void {
    this.guard((writer) => writer.close());
  }

  private guard(action: (writer: JsonlTraceWriter) => void): void {
    if (this.failure !== undefined || !this.writer) return;
    try {
      action(this.writer);
    } catch (error) {
      this.failure = error;
    }
  }
}
