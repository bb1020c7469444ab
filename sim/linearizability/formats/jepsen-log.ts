import type { OpInput, Operation } from '../types.js';
import { HistoryFormatError } from './errors.js';
import { Keyword, readEdnValue, type EdnValue } from './edn-reader.js';
import { pairEvents, type EventType, type RawEvent } from './pairing.js';

const ENTRY = /jepsen\.util\s+-\s+(\S+)\s+:(invoke|ok|fail|info)\s+:([\w-]+)\s*(.*)$/;

/**
 * Jepsen's text logs as Porcupine reads them (`INFO  jepsen.util - 3	:invoke	:cas	[1 4]`), for a
 * register or compare-and-set register. Other log lines are skipped; a jepsen.util line that does
 * not parse is an error. Porcupine's etcd conventions: a read of nil saw no value (nil); a failed
 * cas ran and found the comparison false; a failed read (`:timed-out`) returned nothing we can
 * use; `:info` leaves the operation indeterminate. Line number is the time.
 */
export function parseJepsenLog(text: string, file: string): Operation<OpInput, unknown>[] {
  const events: RawEvent[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const source = lines[i] as string;
    if (!source.includes('jepsen.util')) continue;
    const match = ENTRY.exec(source);
    if (!match) throw new HistoryFormatError(file, i + 1, 'a jepsen.util line must read "<process> :<type> :<f> <value>"');
    const [, process, type, f, rest] = match as unknown as [string, string, EventType, string, string];
    // Every Jepsen line carries a value (nil when there is none); a missing one is a cut or edited line.
    if (rest.trim() === '') throw new HistoryFormatError(file, i + 1, `the :${type} :${f} of process ${process} has no value (Jepsen writes nil when there is none)`);
    const value = readEdnValue(rest, file, i + 1);
    events.push({ process, type, f, value: plainValue(value), line: i + 1, timeUs: i });
  }
  // Other log lines are skipped, so a file in another format would otherwise pass as an empty history.
  if (events.length === 0 && text.trim() !== '') throw new HistoryFormatError(file, 0, 'no "jepsen.util - <process> :<type> ..." lines found: is this a Jepsen log?');
  return pairEvents(events, file, (invoke, completion) => {
    if (invoke.f === 'read') return completion.type === 'ok' ? { output: completion.value } : { output: undefined };
    if (invoke.f === 'cas') return { output: completion.type === 'ok' };
    return completion.type === 'ok' ? { output: null } : 'drop';
  });
}

function plainValue(value: EdnValue): unknown {
  if (value instanceof Keyword) return value.name;
  if (Array.isArray(value)) return value.map(plainValue);
  return value;
}
