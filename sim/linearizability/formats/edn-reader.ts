import { HistoryFormatError } from './errors.js';

/** An EDN keyword (`:read`), kept apart from strings so `:nil`-like text is never confused. */
export class Keyword {
  constructor(readonly name: string) {}
  toString(): string {
    return `:${this.name}`;
  }
}

/** A symbol or tagged literal we do not interpret (`foo`, `#inst "..."`). */
export class EdnSymbol {
  constructor(readonly name: string) {}
}

export type EdnValue = null | boolean | number | string | Keyword | EdnSymbol | EdnValue[] | EdnMap;

/** A map with keyword keys by name (`:process` -> `process`); other keys by their printed form. */
export type EdnMap = { [key: string]: EdnValue };

export interface EdnMapAt {
  map: EdnMap;
  line: number;
}

const keywordCache = new Map<string, Keyword>();

/**
 * Reads the top-level maps of an EDN history: a stream of maps, or one vector/list of maps.
 * `;` comments and commas are whitespace. Errors name the file and the line.
 */
export function readEdnMaps(text: string, file: string): EdnMapAt[] {
  const reader = new EdnReader(text, file);
  const maps: EdnMapAt[] = [];
  const take = (value: EdnValue, line: number) => {
    if (!isMap(value)) return reader.fail(`expected an operation map {...}, got ${describe(value)}`, line);
    maps.push({ map: value, line });
  };
  for (;;) {
    reader.skipSpace();
    if (reader.atEnd()) break;
    const line = reader.line;
    const c = text.charCodeAt(reader.pos);
    if (c === 0x5b /* [ */ || c === 0x28 /* ( */) {
      const close = c === 0x5b ? 0x5d : 0x29;
      reader.pos++;
      for (;;) {
        reader.skipSpace();
        if (reader.atEnd()) reader.fail(`unclosed ${c === 0x5b ? '[' : '('} opened on line ${line}`);
        if (text.charCodeAt(reader.pos) === close) {
          reader.pos++;
          break;
        }
        const itemLine = reader.line;
        take(reader.readValue(), itemLine);
      }
      continue;
    }
    take(reader.readValue(), line);
  }
  return maps;
}

/** Reads exactly one EDN value from a line of text (porcupine's one-map-per-line files). */
export function readEdnValue(text: string, file: string, line: number): EdnValue {
  const reader = new EdnReader(text, file, line);
  reader.skipSpace();
  if (reader.atEnd()) reader.fail('expected a value, found nothing');
  const value = reader.readValue();
  reader.skipSpace();
  if (!reader.atEnd()) reader.fail(`unexpected text after the value: "${text.slice(reader.pos, reader.pos + 20)}"`);
  return value;
}

export function isMap(value: EdnValue): value is EdnMap {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Keyword) && !(value instanceof EdnSymbol);
}

function describe(value: EdnValue): string {
  if (value === null) return 'nil';
  if (Array.isArray(value)) return 'a vector';
  if (value instanceof Keyword) return `the keyword ${value}`;
  if (value instanceof EdnSymbol) return `the symbol ${value.name}`;
  return JSON.stringify(value);
}

const DELIMITERS = new Set(['(', ')', '[', ']', '{', '}', '"', ';', ',']);

/**
 * How deep maps, vectors, lists and sets may nest. Histories nest three or four levels; the bound
 * keeps a hostile file (200,000 "[") from overflowing the stack in this recursive reader.
 */
export const MAX_EDN_DEPTH = 1000;

class EdnReader {
  pos = 0;
  private depth = 0;
  constructor(
    private readonly text: string,
    private readonly file: string,
    public line = 1,
  ) {}

  atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  fail(problem: string, line = this.line): never {
    throw new HistoryFormatError(this.file, line, problem);
  }

  skipSpace(): void {
    const text = this.text;
    while (this.pos < text.length) {
      const c = text.charCodeAt(this.pos);
      if (c === 0x0a) {
        this.line++;
        this.pos++;
      } else if (c === 0x20 || c === 0x2c || c === 0x09 || c === 0x0d) {
        this.pos++;
      } else if (c === 0x3b /* ; */) {
        while (this.pos < text.length && text.charCodeAt(this.pos) !== 0x0a) this.pos++;
      } else if (c === 0x23 /* # */ && text.charCodeAt(this.pos + 1) === 0x5f /* _ */) {
        // #_ discards the next value wherever it stands, like a comment.
        this.pos += 2;
        this.readValue();
      } else {
        return;
      }
    }
  }

  readValue(): EdnValue {
    this.skipSpace();
    if (this.atEnd()) this.fail('unexpected end of file');
    const text = this.text;
    const ch = text[this.pos] as string;
    switch (ch) {
      case '{':
        return this.readMap();
      case '[':
        this.pos++;
        return this.readSequence(']');
      case '(':
        this.pos++;
        return this.readSequence(')');
      case '"':
        return this.readString();
      case ':':
        return this.readKeyword();
      case '#':
        return this.readDispatch();
      case ')':
      case ']':
      case '}':
        return this.fail(`unexpected "${ch}"`);
      default:
        return this.readAtom();
    }
  }

  private enter(): void {
    if (++this.depth > MAX_EDN_DEPTH) this.fail(`values nested more than ${MAX_EDN_DEPTH} deep (a history needs a few levels)`);
  }

  private readSequence(close: string): EdnValue[] {
    const openLine = this.line;
    const items: EdnValue[] = [];
    this.enter();
    for (;;) {
      this.skipSpace();
      if (this.atEnd()) this.fail(`unclosed sequence opened on line ${openLine}`);
      if (this.text[this.pos] === close) {
        this.pos++;
        this.depth--;
        return items;
      }
      items.push(this.readValue());
    }
  }

  private readMap(): EdnMap {
    const openLine = this.line;
    this.pos++;
    const map: EdnMap = {};
    this.enter();
    for (;;) {
      this.skipSpace();
      if (this.atEnd()) this.fail(`unclosed map opened on line ${openLine}`);
      if (this.text[this.pos] === '}') {
        this.pos++;
        this.depth--;
        return map;
      }
      const key = this.readValue();
      this.skipSpace();
      if (this.atEnd() || this.text[this.pos] === '}') this.fail(`map key ${describe(key)} has no value`);
      const value = this.readValue();
      map[key instanceof Keyword ? key.name : typeof key === 'string' ? key : describe(key)] = value;
    }
  }

  private readString(): string {
    const startLine = this.line;
    const text = this.text;
    let i = ++this.pos;
    let out = '';
    for (;;) {
      if (i >= text.length) this.fail(`unterminated string starting on line ${startLine}`);
      const c = text.charCodeAt(i);
      if (c === 0x22) break;
      if (c === 0x0a) this.line++;
      if (c === 0x5c /* \ */) {
        out += text.slice(this.pos, i);
        const escaped = text[i + 1];
        const map: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\' };
        if (escaped === 'u') {
          out += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
          i += 6;
        } else {
          if (escaped === undefined || map[escaped] === undefined) this.fail(`bad escape "\\${escaped ?? ''}" in a string`);
          out += map[escaped];
          i += 2;
        }
        this.pos = i;
        continue;
      }
      i++;
    }
    out += text.slice(this.pos, i);
    this.pos = i + 1;
    return out;
  }

  private readToken(): string {
    const text = this.text;
    const start = this.pos;
    while (this.pos < text.length) {
      const ch = text[this.pos] as string;
      if (ch === ' ' || ch === '\n' || ch === '\t' || ch === '\r' || DELIMITERS.has(ch)) break;
      this.pos++;
    }
    return text.slice(start, this.pos);
  }

  private readKeyword(): Keyword {
    this.pos++;
    const name = this.readToken();
    if (name === '') this.fail('a keyword needs a name after ":"');
    let keyword = keywordCache.get(name);
    if (!keyword) keywordCache.set(name, (keyword = new Keyword(name)));
    return keyword;
  }

  private readDispatch(): EdnValue {
    const next = this.text[this.pos + 1];
    if (next === '{') {
      this.pos += 2;
      return this.readSequence('}');
    }
    this.pos++;
    const tag = this.readToken();
    if (tag === '') this.fail('"#" must start a set #{...}, a discard #_ or a tagged value');
    this.readValue();
    return new EdnSymbol(`#${tag}`);
  }

  private readAtom(): EdnValue {
    const token = this.readToken();
    if (token === '') this.fail(`unexpected "${this.text[this.pos]}"`);
    if (token === 'nil') return null;
    if (token === 'true') return true;
    if (token === 'false') return false;
    const first = token.charCodeAt(0);
    const numeric = (first >= 0x30 && first <= 0x39) || ((first === 0x2d || first === 0x2b) && token.length > 1 && /\d/.test(token[1] as string));
    if (numeric) {
      const n = Number(token.replace(/[NM]$/, ''));
      if (Number.isNaN(n)) this.fail(`"${token}" is not a number`);
      return n;
    }
    if (first === 0x5c /* \ */) return token.slice(1);
    return new EdnSymbol(token);
  }
}
