import type { TraceFile } from '../../../sim/index.js';
import type { EncodedStates } from '../state-history.js';
import { ARROW_KINDS, buildTraceModel } from '../trace-model.js';
import { VIEWER_SCRIPT } from './viewer-script.js';
import { VIEWER_STYLE } from './viewer-style.js';

export interface HtmlOptions {
  /** Node states recovered by a verified re-run; absent when they could not be trusted. */
  states?: EncodedStates;
  /** Why states are absent (shown in the page instead of a state). */
  statesNote?: string;
}

/** The data the page's script reads: the trace's events and the model derived from them. */
export function viewerData(trace: TraceFile, options: HtmlOptions = {}): Record<string, unknown> {
  const model = buildTraceModel(trace);
  const { header, footer } = trace;
  const config = (header.config ?? {}) as { byzantine?: unknown; profile?: { name?: unknown } };
  const kindIndex = new Map(ARROW_KINDS.map((kind, index) => [kind, index]));
  return {
    meta: {
      scenario: header.scenario ?? null,
      seed: header.seed ?? null,
      version: header.version ?? null,
      options: header.options ?? {},
      profile: config.profile?.name ?? null,
      byzantine: Array.isArray(config.byzantine) ? config.byzantine : [],
      digest: footer?.digest ?? null,
      ok: footer?.ok ?? null,
      complete: footer !== undefined,
    },
    lanes: model.lanes,
    endT: model.endT,
    events: trace.events,
    marks: { pos: model.markPos, lane: model.markLane },
    arrowKinds: ARROW_KINDS,
    arrows: {
      send: model.arrows.map((a) => a.send),
      end: model.arrows.map((a) => a.end),
      from: model.arrows.map((a) => a.from),
      to: model.arrows.map((a) => a.to),
      t0: model.arrows.map((a) => a.t0),
      t1: model.arrows.map((a) => a.t1),
      kind: model.arrows.map((a) => kindIndex.get(a.kind)),
    },
    bands: model.bands,
    violation: model.violation ?? null,
    states: options.states ?? null,
    statesNote: options.states ? '' : (options.statesNote ?? 'node states were not recorded'),
  };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[ch] as string);
}

/** JSON inside a script element: `<` escaped so that no `</script>` can end it early. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/**
 * One self-contained HTML file: a space-time diagram of the run drawn on a canvas by an inline
 * script, with the trace embedded as JSON. It loads nothing from the network.
 */
export function renderHtml(trace: TraceFile, options: HtmlOptions = {}): string {
  const title = `faultline · ${String(trace.header.scenario ?? 'trace')} · seed ${String(trace.header.seed ?? '?')}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${VIEWER_STYLE}</style>
</head>
<body>
<header id="top">
  <h1>${escapeHtml(title)}</h1>
  <span id="summary"></span>
  <span class="controls">
    <button id="zoom-in" title="zoom in (+)">+</button><button id="zoom-out" title="zoom out (−)">−</button><button id="fit" title="whole run (0)">fit</button><button id="goto-violation" title="show the violation (v)">violation</button>
  </span>
  <span class="help">wheel: zoom · drag: pan · click: inspect · keys ← → + − 0 v [ ]</span>
</header>
<div id="banner" hidden></div>
<div id="legend"></div>
<main>
  <div id="chart"><canvas id="canvas"></canvas><div id="notice" hidden></div></div>
  <aside id="details"><p class="hint">Click an event (a dot on a lane) or a message arrow to see the message and the node's state after it.</p></aside>
</main>
<script type="application/json" id="faultline-data">${scriptJson(viewerData(trace, options))}</script>
<script>${VIEWER_SCRIPT}</script>
</body>
</html>
`;
}
