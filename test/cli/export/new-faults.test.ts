import { describe, expect, it } from 'vitest';
import { renderHtml } from '../../../cli/export/html/render-html.js';
import { renderMermaid } from '../../../cli/export/mermaid.js';
import { renderShiViz } from '../../../cli/export/shiviz.js';
import { buildTraceModel } from '../../../cli/export/trace-model.js';
import { recordTrace } from './traces.js';

const FAULTS = 'none,nemesis=300,pause=1,omission=1,clockJump=1,skew=200,drift=100,longDelay=0.01,quiet=2000,maxDownNodes=2';

describe('exports show the new fault kinds', () => {
  const trace = recordTrace('raft-kv', { seed: 3, timeMs: 8000, faults: FAULTS });

  it('the trace carries pauses, clock settings and jumps, omission episodes and long delays', () => {
    const types = new Set(trace.events.map((event) => event.type));
    for (const type of ['node.pause', 'node.resume', 'clock.set', 'clock.jump', 'fault.omission', 'fault.omission-end', 'net.delay'] as const) expect(types).toContain(type);
    const config = trace.header.config as { clocks?: { node: string; offsetMs: number; driftPpm: number }[] };
    expect(config.clocks?.length).toBeGreaterThan(0);
  });

  it('the viewer model draws pause and omission bands, long-delayed and omitted arrows', () => {
    const model = buildTraceModel(trace);
    const bandKinds = new Set(model.bands.map((band) => band.kind));
    expect(bandKinds).toContain('paused');
    expect(bandKinds).toContain('omission');
    for (const band of model.bands.filter((b) => b.kind === 'paused')) {
      expect(band.lane).toBeGreaterThanOrEqual(0);
      expect(band.t1).toBeGreaterThan(band.t0);
    }
    const arrowKinds = new Set(model.arrows.map((arrow) => arrow.kind));
    expect(arrowKinds).toContain('delayed');
    expect(arrowKinds).toContain('omitted');
    const html = renderHtml(trace);
    expect(html).toContain('node paused');
    expect(html).toContain('long delay (seconds)');
  });

  it('Mermaid notes and ShiViz host events name them', () => {
    const mermaid = renderMermaid(trace, 100_000).text;
    expect(mermaid).toMatch(/PAUSED until .* \(pause#35;\d+\)/);
    expect(mermaid).toMatch(/CLOCK JUMP [+-]/);
    expect(mermaid).toMatch(/DROPPED \((send|receive)-omission omission#35;\d+\)/);
    const shiviz = renderShiViz(trace);
    expect(shiviz).toMatch(/PAUSE pause#\d+ until/);
    expect(shiviz).toMatch(/resume pause#\d+/);
    expect(shiviz).toMatch(/long delay \+/);
  });
});
