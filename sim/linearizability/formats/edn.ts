import type { OpInput, Operation } from '../types.js';
import { HistoryFormatError } from './errors.js';
import { EdnSymbol, Keyword, readEdnMaps, readEdnValue, isMap, type EdnMap, type EdnValue } from './edn-reader.js';
import { pairEvents, type EventType, type RawEvent } from './pairing.js';

const TYPES = new Set<string>(['invoke', 'ok', 'fail', 'info']);

/**
 * Knossos EDN histories (`{:process 7, :type :invoke, :f :cas, :value [2 3]}`). Knossos' own
 * conventions: `:fail` did not happen; a completed read of nil constrains nothing; a completed cas
 * succeeded. Entries of the `:nemesis` process are fault annotations and are skipped. Position in
 * the file is the time.
 */
export function parseEdn(text: string, file: string): Operation<OpInput, unknown>[] {
  const events: RawEvent[] = [];
  for (const { map, line } of readEdnMaps(text, file)) {
    const event = eventFromMap(map, file, line, events.length);
    if (event) events.push(event);
  }
  return pairEvents(events, file, (invoke, completion) => {
    if (completion.type === 'fail') return 'drop';
    if (invoke.f === 'read' || invoke.f === 'get') return { output: completion.value === null ? undefined : completion.value };
    if (invoke.f === 'cas') return { output: true };
    return { output: completion.value };
  });
}

/**
 * Porcupine's key-value logs: one EDN map per line with `:key`; every key starts as "". A get that
 * returned nil read an absent key, which is "" (not "unknown", unlike knossos reads).
 */
export function parsePorcupineKv(text: string, file: string): Operation<OpInput, unknown>[] {
  const events: RawEvent[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const source = lines[i] as string;
    if (source.trim() === '' || source.trimStart().startsWith(';')) continue;
    const value = readEdnValue(source, file, i + 1);
    if (!isMap(value)) throw new HistoryFormatError(file, i + 1, 'expected one operation map {...} per line');
    const event = eventFromMap(value, file, i + 1, events.length);
    if (event && event.type === 'invoke' && (event.f === 'put' || event.f === 'append') && value.value === undefined) {
      // Without :value the write would silently be of nil; Porcupine's logs always carry one.
      throw new HistoryFormatError(file, i + 1, `:${event.f} has no :value`);
    }
    if (event && event.type === 'invoke' && value.key === undefined) throw new HistoryFormatError(file, i + 1, 'a key-value operation needs a :key');
    if (event) events.push(event);
  }
  return pairEvents(events, file, (invoke, completion) => {
    if (completion.type === 'fail') return 'drop';
    if (invoke.f === 'get') return { output: completion.value ?? '' };
    return { output: null };
  });
}

function eventFromMap(map: EdnMap, file: string, line: number, index: number): RawEvent | undefined {
  const process = map.process;
  if (process instanceof Keyword && process.name === 'nemesis') return undefined;
  if (process === undefined || process === null) throw new HistoryFormatError(file, line, 'operation has no :process');
  const type = map.type;
  if (!(type instanceof Keyword) || !TYPES.has(type.name)) {
    throw new HistoryFormatError(file, line, `:type must be :invoke, :ok, :fail or :info, got ${showEdn(type)}`);
  }
  const f = map.f;
  if (!(f instanceof Keyword) && typeof f !== 'string') throw new HistoryFormatError(file, line, `:f must be a keyword such as :read, got ${showEdn(f)}`);
  const key = map.key;
  return {
    process: plainName(process),
    type: type.name as EventType,
    f: f instanceof Keyword ? f.name : f,
    ...(key === undefined ? {} : { key: plainName(key) }),
    value: plain(map.value ?? null),
    line,
    timeUs: index,
  };
}

/** Keywords become their names, so `[:read :x nil]` reads as ['read', 'x', null]. */
function plain(value: EdnValue): unknown {
  if (value instanceof Keyword) return value.name;
  if (value instanceof EdnSymbol) return value.name;
  if (Array.isArray(value)) return value.map(plain);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = plain(v);
    return out;
  }
  return value;
}

function plainName(value: EdnValue): string {
  const p = plain(value);
  return typeof p === 'string' ? p : JSON.stringify(p);
}

function showEdn(value: EdnValue | undefined): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'nil';
  if (value instanceof Keyword) return String(value);
  return JSON.stringify(plain(value));
}
