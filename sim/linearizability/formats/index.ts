import type { OpInput, Operation } from '../types.js';
import { parseEdn, parsePorcupineKv } from './edn.js';
import { HistoryFormatError } from './errors.js';
import { parseJepsenLog } from './jepsen-log.js';
import { parseJsonl } from './jsonl.js';

export { HistoryFormatError } from './errors.js';
export { parseEdn, parsePorcupineKv } from './edn.js';
export { parseJepsenLog } from './jepsen-log.js';
export { parseJsonl } from './jsonl.js';

export const HISTORY_FORMATS = ['edn', 'jepsen-log', 'porcupine-kv', 'jsonl'] as const;
export type HistoryFormat = (typeof HISTORY_FORMATS)[number];

const PARSERS: Record<HistoryFormat, (text: string, file: string) => Operation<OpInput, unknown>[]> = {
  edn: parseEdn,
  'jepsen-log': parseJepsenLog,
  'porcupine-kv': parsePorcupineKv,
  jsonl: parseJsonl,
};

/** Guesses the format from the content (first meaningful line), then the file extension. */
export function detectFormat(text: string, file: string): HistoryFormat {
  const first = text
    .split('\n', 200)
    .map((line) => line.trim())
    .find((line) => line !== '' && !line.startsWith(';'));
  if (first !== undefined) {
    if (first.includes('jepsen.util')) return 'jepsen-log';
    if (first.startsWith('{"') || first.startsWith('{ "')) return 'jsonl';
    if (first.startsWith('{:') && first.endsWith('}') && /:key\s/.test(first)) return 'porcupine-kv';
    if (/^[[({]/.test(first)) return 'edn';
  }
  if (file.endsWith('.jsonl') || file.endsWith('.json')) return 'jsonl';
  if (file.endsWith('.edn')) return 'edn';
  if (file.endsWith('.log')) return 'jepsen-log';
  throw new HistoryFormatError(file, 0, `cannot tell the history format; pass --format ${HISTORY_FORMATS.join('|')}`);
}

/** Parses a history file's text into operations. */
export function parseHistory(text: string, file: string, format: HistoryFormat = detectFormat(text, file)): Operation<OpInput, unknown>[] {
  return PARSERS[format](text, file);
}
