import { describe, expect, it } from 'vitest';
import { renderHtml, viewerData } from '../../../cli/export/html/render-html.js';
import { VIEWER_SCRIPT } from '../../../cli/export/html/viewer-script.js';
import { handEvents } from './hand-trace.js';
import { handTrace } from './traces.js';

describe('HTML export', () => {
  it("inlines a viewer script that parses as JavaScript", () => {
    expect(() => new Function(VIEWER_SCRIPT)).not.toThrow();
  });

  it('embeds the trace so that no payload can end its script element early', () => {
    const events = handEvents();
    (events[2] as { payload: unknown }).payload = { type: 'x.ping', note: '</script><script>alert(1)</script> \u2028' };
    const trace = handTrace(events);
    const html = renderHtml(trace);
    expect(html).not.toContain('</script><script>alert');
    const json = /<script type="application\/json" id="faultline-data">(.*?)<\/script>/s.exec(html)![1]!;
    expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(viewerData(trace))));
  });

  it('escapes the scenario name in the title and loads nothing from elsewhere', () => {
    const trace = handTrace(handEvents());
    trace.header.scenario = '<b>bold</b>';
    const html = renderHtml(trace);
    expect(html).toContain('<title>faultline · &lt;b&gt;bold&lt;/b&gt; · seed 1</title>');
    expect(html).toContain(`content="default-src 'none'`);
    expect(html).not.toMatch(/<script[^>]*\ssrc=|<link\s|<img\s|@import|url\(/);
  });

  it('is the same text for the same trace', () => {
    expect(renderHtml(handTrace(handEvents()))).toBe(renderHtml(handTrace(handEvents())));
  });
});
