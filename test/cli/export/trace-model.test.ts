import { describe, expect, it } from 'vitest';
import { buildTraceModel, positionOfIndex } from '../../../cli/export/trace-model.js';
import { handEvents } from './hand-trace.js';
import { countType, handTrace, recordTrace, unfinishedSends } from './traces.js';

describe('trace model: a hand-written trace with one of every message fate', () => {
  const model = buildTraceModel(handTrace(handEvents(), { digest: '0', ok: false, violation: { kind: 'safety', checker: 'x', message: 'boom', eventIndex: 20, timeUs: 800 } }));

  it('has one lane per node, in configuration order', () => {
    expect(model.lanes).toEqual(['a', 'b']);
  });

  it('draws one arrow per fate, each kind told apart, sorted by send', () => {
    expect(model.arrows.map((a) => [a.send, a.end, a.kind])).toEqual([
      [2, 3, 'delivered'],
      [5, 6, 'dropped'],
      [9, 11, 'dropped'],
      [9, 13, 'duplicate'],
      [14, 16, 'byzantine'],
      [17, 19, 'corrupted'],
      [20, -1, 'in-flight'],
    ]);
    expect(model.arrows[4]).toMatchObject({ from: 1, to: 0, t0: 600, t1: 650 });
    expect(model.arrows[6]).toMatchObject({ t0: 800, t1: model.endT });
  });

  it('draws the partition and the down-time as bands', () => {
    expect(model.bands).toEqual([
      { kind: 'partition', lane: -1, t0: 200, t1: 300, start: 4, end: 7, label: 'partition#1: a | b' },
      { kind: 'down', lane: 1, t0: 400, t1: 500, start: 8, end: 12, label: 'crashed crash#2' },
    ]);
  });

  it('puts node events on lanes and leaves network and nemesis annotations off them', () => {
    expect(model.markPos).toEqual([0, 1, 2, 3, 5, 8, 9, 12, 13, 14, 15, 16, 17, 19, 20, 21]);
    expect(model.markLane).toEqual([0, 1, 0, 1, 0, 1, 0, 1, 1, 1, 1, 0, 0, 1, 0, 0]);
  });

  it('finds the violation event, not the debug log that shares its index', () => {
    expect(model.violation).toMatchObject({ pos: 20, t: 800, checker: 'x', message: 'boom' });
    expect(positionOfIndex(handEvents(), 13)).toBe(13);
  });
});

describe('trace model: broadcast-gossip seed 11 with Byzantine alteration, crashes and partitions', () => {
  const trace = recordTrace('broadcast-gossip', { seed: 11, timeMs: 4000, faults: 'byzantine=1,byzantineAlterProbability=0.2,nemesis=500,partition=1,crash=1,quiet=1000', beyond: ['byzantine'] });
  const model = buildTraceModel(trace);

  it('has an arrow for every delivery, every drop and every message still in flight', () => {
    expect(model.arrows.length).toBe(countType(trace, 'net.deliver') + countType(trace, 'net.drop') + unfinishedSends(trace));
    expect(model.arrows.filter((a) => a.kind === 'dropped').length).toBe(countType(trace, 'net.drop'));
  });

  it('marks every fate of a message the adversary touched as Byzantine', () => {
    const touched = new Set(trace.events.flatMap((e) => (e.type.startsWith('byz.') && 'msg' in e ? [e.msg] : [])));
    expect(touched.size).toBeGreaterThan(0);
    const fatesOfTouched = trace.events.filter((e) => e.type === 'net.deliver' && touched.has(e.msg)).length;
    expect(model.arrows.filter((a) => a.kind === 'byzantine').length).toBe(fatesOfTouched);
  });

  it('keeps every arrow between the lanes of its sender and receiver, forward in time', () => {
    for (const arrow of model.arrows) {
      const sent = trace.events[arrow.send]!;
      expect(sent.type).toBe('net.send');
      if (sent.type !== 'net.send') continue;
      expect(model.lanes[arrow.from]).toBe(sent.from);
      expect(model.lanes[arrow.to]).toBe(sent.to);
      expect(arrow.t1).toBeGreaterThanOrEqual(arrow.t0);
    }
  });

  it('has a band for every crash and every partition', () => {
    expect(model.bands.filter((b) => b.kind === 'down').length).toBe(countType(trace, 'node.crash'));
    expect(model.bands.filter((b) => b.kind === 'partition').length).toBe(countType(trace, 'fault.partition'));
    expect(model.bands.length).toBeGreaterThan(0);
  });
});
