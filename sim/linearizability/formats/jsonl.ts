import type { HistoryEvent, HistoryType } from '../../history.js';
import { operationsFromHistory } from '../history.js';
import type { OpInput, Operation } from '../types.js';
import { HistoryFormatError } from './errors.js';

const TYPES = new Set<string>(['invoke', 'ok', 'fail', 'info']);

/**
 * One engine HistoryEvent per line (`{"op":3,"type":"invoke","process":"c1","f":"put","key":"x",
 * "value":"a","timeUs":1200}`), or a faultline trace file (`run --trace`), whose `history.*`
 * events are taken and all other events skipped.
 */
export function parseJsonl(text: string, file: string): Operation<OpInput, unknown>[] {
  const history: HistoryEvent[] = [];
  const lines = text.split('\n');
  let isTrace = false;
  for (let i = 0; i < lines.length; i++) {
    const source = lines[i] as string;
    if (source.trim() === '') continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(source);
    } catch (error) {
      throw new HistoryFormatError(file, i + 1, `not JSON: ${(error as Error).message}`);
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new HistoryFormatError(file, i + 1, 'expected one JSON object per line');
    const record = parsed as Record<string, unknown>;
    if (record.type === 'trace.header') isTrace = true;
    if (isTrace) {
      if (typeof record.type === 'string' && record.type.startsWith('history.')) history.push(fromTraceEvent(record, file, i + 1));
      continue;
    }
    history.push(fromHistoryEvent(record, file, i + 1));
  }
  try {
    return operationsFromHistory(history);
  } catch (error) {
    throw new HistoryFormatError(file, 0, (error as Error).message);
  }
}

function fromHistoryEvent(record: Record<string, unknown>, file: string, line: number): HistoryEvent {
  const { op, type, f, key, timeUs } = record;
  if (typeof op !== 'number') throw new HistoryFormatError(file, line, `"op" must be a number, got ${JSON.stringify(op)}`);
  if (typeof type !== 'string' || !TYPES.has(type)) throw new HistoryFormatError(file, line, `"type" must be invoke, ok, fail or info, got ${JSON.stringify(type)}`);
  if (typeof f !== 'string') throw new HistoryFormatError(file, line, `"f" must be a string, got ${JSON.stringify(f)}`);
  if (typeof timeUs !== 'number') throw new HistoryFormatError(file, line, `"timeUs" must be a number, got ${JSON.stringify(timeUs)}`);
  if (key !== undefined && typeof key !== 'string') throw new HistoryFormatError(file, line, `"key" must be a string, got ${JSON.stringify(key)}`);
  const process = typeof record.process === 'string' ? record.process : String(record.node ?? op);
  return { op, type: type as HistoryType, process, node: String(record.node ?? process), f, ...(key === undefined ? {} : { key }), value: record.value, timeUs, eventIndex: line };
}

function fromTraceEvent(record: Record<string, unknown>, file: string, line: number): HistoryEvent {
  const type = (record.type as string).slice('history.'.length);
  const { op, f, key, t, node } = record;
  if (!TYPES.has(type) || typeof op !== 'number' || typeof f !== 'string' || typeof t !== 'number') {
    throw new HistoryFormatError(file, line, `a ${String(record.type)} trace event needs numeric "op" and "t" and a string "f"`);
  }
  return { op, type: type as HistoryType, process: String(node), node: String(node), f, ...(typeof key === 'string' ? { key } : {}), value: record.value, timeUs: t, eventIndex: line };
}
