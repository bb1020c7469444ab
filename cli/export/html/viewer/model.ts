/**
 * Part of the viewer page's script (plain browser JavaScript; see viewer-script.ts):
 * the embedded data in typed arrays sorted by time, binary search, the view (time window) and layout.
 */
export const VIEWER_MODEL = String.raw`
  var data = JSON.parse(document.getElementById('faultline-data').textContent);
  var events = data.events;
  var lanes = data.lanes;
  var nLanes = lanes.length;
  var endT = Math.max(1, data.endT);

  var GUTTER = 96, AXIS = 30, FOOT = 12;
  var ARROW_LIMIT = 3000, MARK_LIMIT = 12000;
  var ARROW_STYLE = {
    'delivered': { color: '#3b6ea5', dash: [], width: 1, label: 'delivered' },
    'reordered': { color: '#00897b', dash: [7, 3], width: 1.2, label: 'delayed / reordered' },
    'delayed': { color: '#00695c', dash: [12, 3, 2, 3], width: 1.8, label: 'long delay (seconds)' },
    'duplicate': { color: '#ef6c00', dash: [2, 2], width: 1.6, label: 'duplicate delivery' },
    'corrupted': { color: '#d81b60', dash: [], width: 2.2, label: 'corrupted in flight' },
    'byzantine': { color: '#6a1b9a', dash: [9, 2, 2, 2], width: 2.4, label: 'Byzantine-altered' },
    'dropped': { color: '#d32f2f', dash: [4, 3], width: 1.5, label: 'dropped (×)' },
    'omitted': { color: '#ad1457', dash: [4, 3], width: 1.5, label: 'omitted at a node (×)' },
    'in-flight': { color: '#9e9e9e', dash: [1, 3], width: 1.2, label: 'still in flight at end' }
  };

  // ---- data in typed arrays, sorted by time ----------------------------------------------------
  var nMarks = data.marks.pos.length;
  var markPos = Int32Array.from(data.marks.pos);
  var markLane = Int32Array.from(data.marks.lane);
  var markT = new Float64Array(nMarks);
  var markOfPos = new Int32Array(events.length).fill(-1);
  for (var i = 0; i < nMarks; i++) { markT[i] = events[markPos[i]].t; markOfPos[markPos[i]] = i; }

  var A = data.arrows;
  var nArrows = A.send.length;
  var aSend = Int32Array.from(A.send), aEnd = Int32Array.from(A.end);
  var aFrom = Int32Array.from(A.from), aTo = Int32Array.from(A.to), aKind = Int32Array.from(A.kind);
  var aT0 = Float64Array.from(A.t0), aT1 = Float64Array.from(A.t1);
  var maxSpan = 0;
  var kindCounts = {};
  for (var k = 0; k < data.arrowKinds.length; k++) kindCounts[data.arrowKinds[k]] = 0;
  for (var a = 0; a < nArrows; a++) {
    if (data.arrowKinds[aKind[a]] !== 'in-flight') maxSpan = Math.max(maxSpan, aT1[a] - aT0[a]);
    kindCounts[data.arrowKinds[aKind[a]]]++;
  }

  // Every event that concerns a message, by message id (its journey); the send of each message.
  var journey = {};
  var sendOfMsg = {};
  for (var p = 0; p < events.length; p++) {
    var ev = events[p];
    if (typeof ev.msg === 'number') {
      (journey[ev.msg] || (journey[ev.msg] = [])).push(p);
      if (ev.type === 'net.send') sendOfMsg[ev.msg] = p;
    }
  }
  var laneIndex = {};
  lanes.forEach(function (id, index) { laneIndex[id] = index; });

  function lowerBound(arr, n, value) {
    var lo = 0, hi = n;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (arr[mid] < value) lo = mid + 1; else hi = mid; }
    return lo;
  }
  function upperBound(arr, n, value) {
    var lo = 0, hi = n;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (arr[mid] <= value) lo = mid + 1; else hi = mid; }
    return lo;
  }

  // ---- layout and view -------------------------------------------------------------------------
  var canvas = document.getElementById('canvas');
  var chart = document.getElementById('chart');
  var ctx = canvas.getContext('2d');
  var cssW = 800, cssH = 400, laneH = 40, dpr = 1;
  var view = { t0: 0, t1: endT };
  var selected = -1;
  var frame = { arrows: 0, marks: 0, arrowDensity: false, markDensity: false, draws: 0 };

  function plotW() { return Math.max(50, cssW - GUTTER - 10); }
  function xOf(t) { return GUTTER + (t - view.t0) * plotW() / (view.t1 - view.t0); }
  function tOf(x) { return view.t0 + (x - GUTTER) * (view.t1 - view.t0) / plotW(); }
  function laneY(l) { return AXIS + laneH * (l + 0.5); }

  function resize() {
    dpr = window.devicePixelRatio || 1;
    cssW = Math.max(300, chart.clientWidth);
    var avail = Math.max(160, chart.clientHeight - AXIS - FOOT);
    laneH = Math.max(22, Math.min(96, Math.floor(avail / Math.max(1, nLanes))));
    cssH = AXIS + laneH * nLanes + FOOT;
    canvas.style.width = cssW + 'px';
    canvas.style.height = cssH + 'px';
    canvas.width = Math.round(cssW * dpr);
    canvas.height = Math.round(cssH * dpr);
  }

  function clampView(t0, t1) {
    var pad = endT * 0.02;
    var span = Math.min(Math.max(t1 - t0, 20), endT + 2 * pad);
    if (t0 < -pad) t0 = -pad;
    if (t0 + span > endT + pad) t0 = endT + pad - span;
    view.t0 = t0;
    view.t1 = t0 + span;
  }
  function zoomAt(x, factor) {
    var t = tOf(x);
    clampView(t - (t - view.t0) * factor, t + (view.t1 - t) * factor);
    schedule();
  }
  function panBy(dxPx) {
    var dt = dxPx * (view.t1 - view.t0) / plotW();
    clampView(view.t0 + dt, view.t1 + dt);
    schedule();
  }
  function fit() { clampView(-endT * 0.02, endT * 1.02); schedule(); }

  /** A view around one event: wide enough for about 150 lane events either side. */
  function focusOn(pos) {
    var t = events[pos].t;
    var m = lowerBound(markT, nMarks, t);
    var lo = markT[Math.max(0, m - 150)] || 0;
    var hi = markT[Math.min(nMarks - 1, m + 150)] || endT;
    var half = Math.max(t - lo, hi - t, 2000) * 1.1;
    clampView(t - half, t + half);
    schedule();
  }
`;
