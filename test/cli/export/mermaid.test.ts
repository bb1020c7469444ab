import { describe, expect, it } from 'vitest';
import { renderMermaid } from '../../../cli/export/mermaid.js';
import { doomedCounter } from '../../fixtures/export/doomed-counter.js';
import { handEvents } from './hand-trace.js';
import { countType, handTrace, recordTrace } from './traces.js';

const messageLines = (text: string): string[] => text.split('\n').filter((line) => /^ {2}\S+(->>|-->>|--x)\S+: /.test(line));

describe('Mermaid export', () => {
  // `#35;` is Mermaid's escape for `#` (fault ids contain it).
  it('draws the hand-written trace: participants, arrows at arrival, crossed arrows for drops, notes for faults', () => {
    const { text, omitted } = renderMermaid(handTrace(handEvents()));
    expect(omitted).toBe(0);
    expect(text).toBe(
      [
        'sequenceDiagram',
        '  participant a',
        '  participant b',
        '  a->>b: 0.15 ms x.ping {"n":1}',
        '  Note over a,b: 0.2 ms PARTITION a | b (partition#35;1)',
        '  a--xb: 0.21 ms x.ping DROPPED (partition partition#35;1)',
        '  Note over a,b: 0.3 ms heal (partition#35;1)',
        '  Note over b: 0.4 ms CRASH (recover) crash#35;2',
        '  a--xb: 0.45 ms x.ping DROPPED (node-down)',
        '  Note over b: 0.5 ms restart',
        '  a-->>b: 0.52 ms x.ping {"n":3} [duplicate]',
        '  b->>a: 0.65 ms x.ping {"n":99} [byzantine alter n (byz:b#35;1)]',
        '  a->>b: 0.76 ms x.ping {"n":5} [corrupted]',
        '',
      ].join('\n'),
    );
  });

  it('has one arrow per delivery and per drop of a short run (broadcast-gossip seed 4, 150 ms)', () => {
    const trace = recordTrace('broadcast-gossip', { seed: 4, timeMs: 150, faults: 'drop=0.2,dup=0.2' });
    const { text, omitted } = renderMermaid(trace, 10_000);
    expect(omitted).toBe(0);
    expect(text.split('\n').filter((line) => line.startsWith('  participant ')).length).toBe(5);
    const lines = messageLines(text);
    expect(lines.filter((line) => line.includes('--x')).length).toBe(countType(trace, 'net.drop'));
    expect(lines.length).toBe(countType(trace, 'net.deliver') + countType(trace, 'net.drop'));
  });

  it('escapes the characters Mermaid reads specially in message text', () => {
    const events = handEvents().slice(0, 4);
    (events[2] as { payload: unknown }).payload = { type: 'x.ping', note: 'a;b #c <d>' };
    const { text } = renderMermaid(handTrace(events));
    expect(text).toContain('a#59;b #35;c #60;d#62;');
    const messageText = text.split('\n')[3]!.split(': ').slice(1).join(': ');
    expect(messageText.replace(/#\d+;/g, '')).not.toMatch(/[;#<>]/);
  });

  it('names participants that are not plain identifiers by alias', () => {
    const trace = handTrace(handEvents().slice(0, 4));
    trace.header.config = { nodes: [{ id: 'a' }, { id: 'b' }] };
    const renamed = { ...trace, events: trace.events.map((e) => JSON.parse(JSON.stringify(e).replace(/"b"/g, '"node b"'))) };
    renamed.header = { ...trace.header, config: { nodes: [{ id: 'a' }, { id: 'node b' }] } };
    const { text } = renderMermaid(renamed);
    expect(text).toContain('  participant p2 as node b');
    expect(text).toContain('  a->>p2: ');
  });

  it('cuts a long trace to the steps leading up to the violation, and says so', () => {
    const trace = recordTrace(doomedCounter, { seed: 1 });
    expect(trace.footer?.ok).toBe(false);
    const full = renderMermaid(trace, 100_000);
    const cut = renderMermaid(trace, 8);
    expect(cut.omitted).toBe(full.steps - 8);
    const lines = cut.text.trimEnd().split('\n');
    expect(lines[3]).toMatch(/Note over a,b: … \d+ earlier steps left out/);
    expect(lines[lines.length - 1]).toMatch(/VIOLATION safety counter-below-12: node \w saw the counter reach 12/);
    expect(lines.length).toBe(1 + 2 + 1 + 8);
  });
});
