import { describe, expect, it } from 'vitest';
import { detectFormat, HistoryFormatError, parseEdn, parseHistory, parseJepsenLog, parseJsonl, parsePorcupineKv } from '../../../sim/index.js';

function errorOf(fn: () => unknown): HistoryFormatError {
  try {
    fn();
  } catch (error) {
    if (error instanceof HistoryFormatError) return error;
    throw error;
  }
  throw new Error('expected a HistoryFormatError');
}

describe('edn (knossos)', () => {
  it('reads a vector of maps, skipping comments and the nemesis; an id is the line of the invocation', () => {
    const ops = parseEdn(
      `; a comment
[{:process 0, :type :invoke, :f :write, :value 3}
 {:process :nemesis, :type :info, :f :start, :value nil}
 {:process 0, :type :ok, :f :write, :value 3}
 {:process 1, :type :invoke, :f :cas, :value [3 4]}
 {:process 2, :type :invoke, :f :read, :value nil}
 {:process 2, :type :ok, :f :read, :value nil}
 {:process 1, :type :info, :f :cas, :value [3 4]}
 {:process 3, :type :invoke, :f :write, :value 9}
 {:process 3, :type :fail, :f :write, :value 9}]`,
      'h.edn',
    );
    expect(ops).toEqual([
      { id: 2, process: '0', input: { f: 'write', value: 3 }, output: 3, callUs: 0, returnUs: 1 },
      { id: 5, process: '1', input: { f: 'cas', value: [3, 4] }, output: undefined, callUs: 2, returnUs: Infinity },
      // knossos: a read of nil constrains nothing
      { id: 6, process: '2', input: { f: 'read', value: null }, output: undefined, callUs: 3, returnUs: 4 },
    ]);
  });

  it('reads a stream of maps (no enclosing vector), as some files are', () => {
    const ops = parseEdn('{:process 0, :type :invoke, :f :read, :value nil}\n{:process 0, :type :ok, :f :read, :value 2}\n', 'h.edn');
    expect(ops).toHaveLength(1);
    expect(ops[0]?.output).toBe(2);
  });

  it('names the file and line of a malformed entry', () => {
    const text = '[{:process 0, :type :invoke, :f :read, :value nil}\n {:process 0, :type :okay, :f :read, :value 1}]';
    expect(errorOf(() => parseEdn(text, 'bad.edn')).message).toBe('bad.edn:2: :type must be :invoke, :ok, :fail or :info, got :okay');
    expect(errorOf(() => parseEdn('[{:process 0, :type :invoke\n', 'cut.edn')).message).toMatch(/^cut\.edn:2: /);
    expect(errorOf(() => parseEdn('[{:process 0, :type :ok, :f :read, :value 1}]', 'orphan.edn')).message).toBe(
      'orphan.edn:1: :ok for process 0, which has no open invocation',
    );
  });
});

describe('porcupine-kv', () => {
  it('reads one map per line; a get of nil read ""', () => {
    const ops = parsePorcupineKv(
      '{:process 0, :type :invoke, :f :get, :key "k", :value nil}\n{:process 0, :type :ok, :f :get, :key "k", :value nil}\n' +
        '{:process 1, :type :invoke, :f :append, :key "k", :value "x"}\n{:process 1, :type :ok, :f :append, :key "k", :value "x"}\n',
      'kv.txt',
    );
    expect(ops.map((op) => [op.input, op.output])).toEqual([
      [{ f: 'get', key: 'k', value: null }, ''],
      [{ f: 'append', key: 'k', value: 'x' }, null],
    ]);
  });

  it('names the line of a malformed entry', () => {
    const text = '{:process 0, :type :invoke, :f :get, :key "k", :value nil}\n{:process 0, :type :ok, :f :get, :key "k" :value "a}\n';
    expect(errorOf(() => parsePorcupineKv(text, 'kv.txt')).message).toMatch(/^kv\.txt:2: unterminated string/);
  });
});

describe('jepsen-log', () => {
  const line = (process: number, rest: string) => `INFO  jepsen.util - ${process}\t${rest}`;

  it("reads Porcupine's etcd conventions", () => {
    const ops = parseJepsenLog(
      [
        'INFO  jepsen.core - some other log line',
        line(0, ':invoke\t:read\tnil'),
        line(0, ':ok\t:read\tnil'),
        line(1, ':invoke\t:cas\t[1 4]'),
        line(1, ':fail\t:cas\t[1 4]'),
        line(2, ':invoke\t:write\t3'),
        line(2, ':info\t:write\t:timed-out'),
        line(3, ':invoke\t:read\tnil'),
        line(3, ':fail\t:read\t:timed-out'),
      ].join('\n'),
      'etcd.log',
    );
    expect(ops.map((op) => [op.input, op.output, op.returnUs])).toEqual([
      [{ f: 'read', value: null }, null, 2], // saw no value: the register was nil
      [{ f: 'cas', value: [1, 4] }, false, 4], // the comparison failed
      [{ f: 'write', value: 3 }, undefined, Infinity],
      [{ f: 'read', value: null }, undefined, 8],
    ]);
  });

  it('names the line of a malformed jepsen.util entry', () => {
    const text = [line(0, ':invoke\t:read\tnil'), 'INFO  jepsen.util - 0\tgarbage'].join('\n');
    expect(errorOf(() => parseJepsenLog(text, 'etcd.log')).message).toMatch(/^etcd\.log:2: /);
  });

  it('refuses a file with no jepsen.util lines at all', () => {
    expect(errorOf(() => parseJepsenLog('hello\nworld\n', 'x.log')).message).toMatch(/^x\.log: no "jepsen\.util/);
  });
});

describe('jsonl', () => {
  it('reads engine history events', () => {
    const ops = parseJsonl(
      '{"op":1,"type":"invoke","process":"c1","f":"put","key":"x","value":"a","timeUs":10}\n' + '{"op":1,"type":"ok","process":"c1","f":"put","key":"x","timeUs":20}\n',
      'h.jsonl',
    );
    expect(ops).toEqual([{ id: 1, process: 'c1', input: { f: 'put', key: 'x', value: 'a' }, output: null, callUs: 10, returnUs: 20 }]);
  });

  it('reads the history events of a faultline trace file and skips the rest', () => {
    const ops = parseJsonl(
      [
        '{"type":"trace.header","version":"0.1.0"}',
        '{"i":0,"t":0,"type":"node.init","node":"c1"}',
        '{"i":1,"t":5,"type":"history.invoke","node":"c1","op":1,"f":"read"}',
        '{"i":2,"t":9,"type":"history.ok","node":"c1","op":1,"f":"read","value":4}',
        '{"type":"trace.footer"}',
      ].join('\n'),
      'run.jsonl',
    );
    expect(ops).toEqual([{ id: 1, process: 'c1', input: { f: 'read', value: undefined }, output: 4, callUs: 5, returnUs: 9 }]);
  });

  it('names the line of a malformed event', () => {
    const text = '{"op":1,"type":"invoke","f":"read","timeUs":1}\n{"op":1,"type":"ok","f":"read"}\n';
    expect(errorOf(() => parseJsonl(text, 'h.jsonl')).message).toBe('h.jsonl:2: "timeUs" must be a number, got undefined');
    expect(errorOf(() => parseJsonl('{"op":1,\n', 'h.jsonl')).message).toMatch(/^h\.jsonl:1: not JSON/);
  });
});

describe('format detection', () => {
  it('tells the formats apart by content, then by extension', () => {
    expect(detectFormat('INFO  jepsen.util - 0\t:invoke\t:read\tnil\n', 'a.txt')).toBe('jepsen-log');
    expect(detectFormat('{"op":1,"type":"invoke","f":"read","timeUs":1}\n', 'a.txt')).toBe('jsonl');
    expect(detectFormat('{:process 0, :type :invoke, :f :get, :key "1", :value nil}\n', 'a.txt')).toBe('porcupine-kv');
    expect(detectFormat('; comment\n[{:process 0, :type :invoke, :f :read, :value nil}]\n', 'a.txt')).toBe('edn');
    expect(detectFormat('', 'a.edn')).toBe('edn');
    expect(errorOf(() => detectFormat('hello', 'a.txt')).message).toMatch(/^a\.txt: cannot tell the history format/);
  });

  it('parses with the detected format', () => {
    expect(parseHistory('{:process 0, :type :invoke, :f :get, :key "1", :value nil}\n{:process 0, :type :ok, :f :get, :key "1", :value nil}\n', 'kv.txt')[0]?.output).toBe('');
  });
});
