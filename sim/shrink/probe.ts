import { prepareRun, summarize, type RunOptions, type Scenario } from '../scenario.js';
import type { Violation } from '../simulation.js';
import type { TraceEvent, TraceSink } from '../trace.js';

/** A fault that fired in a run, with what the cut stages group it by. */
export interface FiredFault {
  id: string;
  /** The id's leading word: `drop`, `partition`, `crash`, ... */
  kind: string;
  /** Per-message faults hit one message; nemesis episodes (partitions, crashes, pauses) are timed. */
  scope: 'message' | 'nemesis';
  /** Nodes it touches: a message's sender and receiver, a crashed node, a partition's smaller side. */
  nodes: string[];
  /** `from>to` for a per-message fault. */
  link?: string;
  /** When it first fired (virtual µs). */
  atUs: number;
}

export function kindOf(id: string): string {
  return /^[a-z][a-z-]*/.exec(id)?.[0] ?? id;
}

/**
 * Collects the faults that fired in a run, in firing order. Any event that names a fault counts,
 * so fault kinds added to the engine later are cut without a change here; an episode's later
 * events (a heal, a restart, the drops a partition causes) share its start's id and count once.
 */
export class FiredFaults implements TraceSink {
  readonly fired: FiredFault[] = [];
  /** Byzantine actions fire too, but a mask does not suppress them. */
  byzantine = 0;
  private readonly seen = new Set<string>();

  write(event: TraceEvent): void {
    if (event.type.startsWith('byz.')) {
      this.byzantine++;
      return;
    }
    const fault = (event as { fault?: unknown }).fault;
    if (typeof fault !== 'string' || this.seen.has(fault)) return;
    this.seen.add(fault);
    this.fired.push(describeFault(fault, event));
  }

  /** Faults a mask can suppress: per-message faults and nemesis episodes. */
  get maskable(): string[] {
    return this.fired.map((fault) => fault.id);
  }

  get total(): number {
    return this.fired.length + this.byzantine;
  }
}

function describeFault(id: string, event: TraceEvent): FiredFault {
  const fields = event as { from?: unknown; to?: unknown; node?: unknown; groups?: unknown };
  const base = { id, kind: kindOf(id), atUs: event.t };
  if (typeof fields.from === 'string' && typeof fields.to === 'string') {
    return { ...base, scope: event.type.startsWith('net.') ? 'message' : 'nemesis', nodes: [fields.from, fields.to], link: `${fields.from}>${fields.to}` };
  }
  if (typeof fields.node === 'string') return { ...base, scope: 'nemesis', nodes: [fields.node] };
  if (Array.isArray(fields.groups)) {
    const groups = (fields.groups as unknown[][]).map((group) => group.map(String));
    const smallest = groups.reduce((a, b) => (b.length < a.length ? b : a), groups[0] ?? []);
    return { ...base, scope: 'nemesis', nodes: smallest };
  }
  return { ...base, scope: 'nemesis', nodes: [] };
}

/** One candidate run's outcome, small and structured-clone-able (it crosses from a worker process). */
export interface Probe {
  failing: boolean;
  violation?: Violation;
  digest: string;
  faults: FiredFault[];
  byzantine: number;
  timeMs: number;
  events: number;
}

/** Runs one candidate to the end, noting the faults that fired. */
export function probeRun(scenario: Scenario, options: RunOptions): Probe {
  const fired = new FiredFaults();
  const prepared = prepareRun(scenario, { ...options, trace: fired, record: false });
  prepared.sim.run();
  const result = summarize(prepared);
  return {
    failing: !result.ok,
    ...(result.ok ? {} : { violation: result.violation }),
    digest: result.digest,
    faults: fired.fired,
    byzantine: fired.byzantine,
    timeMs: result.config.timeMs,
    events: result.stats.events,
  };
}
