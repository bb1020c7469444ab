/**
 * The viewer page's script, inlined into every HTML export (so it is plain browser JavaScript in a
 * string: no template literals or `${` inside). It draws the space-time diagram on one canvas and
 * draws only what is in view: marks and arrows are sorted by time and found by binary search, and
 * when a view holds more than a few thousand of them it draws per-pixel density instead.
 * `window.__faultline` is a small API for tests and for people poking at a run from the console.
 */
export const VIEWER_SCRIPT = String.raw`
(function () {
  'use strict';
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
    'duplicate': { color: '#ef6c00', dash: [2, 2], width: 1.6, label: 'duplicate delivery' },
    'corrupted': { color: '#d81b60', dash: [], width: 2.2, label: 'corrupted in flight' },
    'byzantine': { color: '#6a1b9a', dash: [9, 2, 2, 2], width: 2.4, label: 'Byzantine-altered' },
    'dropped': { color: '#d32f2f', dash: [4, 3], width: 1.5, label: 'dropped (×)' },
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

  // ---- drawing ---------------------------------------------------------------------------------
  var scheduled = false;
  function schedule() {
    if (scheduled) return;
    scheduled = true;
    window.requestAnimationFrame(function () { scheduled = false; draw(); });
  }

  function niceStep(raw) {
    var pow = Math.pow(10, Math.floor(Math.log10(raw)));
    var f = raw / pow;
    return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * pow;
  }
  function fmtTime(t, step) {
    if (step >= 1e6) return (t / 1e6) + ' s';
    var decimals = step >= 1000 ? 0 : step >= 100 ? 1 : step >= 10 ? 2 : 3;
    return (t / 1000).toFixed(decimals) + ' ms';
  }
  function fmtMs(t) { return +(t / 1000).toFixed(3) + ' ms'; }

  function draw() {
    frame.draws++;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, cssW, cssH);
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, cssW, cssH);
    drawAxis();
    ctx.save();
    ctx.beginPath();
    ctx.rect(GUTTER, 0, cssW - GUTTER, cssH);
    ctx.clip();
    drawBands();
    drawLaneLines();
    frame.arrows = drawArrows();
    frame.marks = drawMarks();
    drawViolation();
    drawSelection();
    ctx.restore();
    drawLaneLabels();
    var notice = document.getElementById('notice');
    if (frame.arrowDensity) {
      notice.hidden = false;
      notice.textContent = frame.arrowsInView.toLocaleString() + ' messages in view: zoom in to see arrows';
    } else {
      notice.hidden = true;
    }
    document.body.setAttribute('data-drawn-arrows', String(frame.arrows));
    document.body.setAttribute('data-drawn-marks', String(frame.marks));
  }

  function drawAxis() {
    var step = niceStep((view.t1 - view.t0) / Math.max(1, plotW() / 110));
    ctx.fillStyle = '#57606a';
    ctx.strokeStyle = '#eaeef2';
    ctx.lineWidth = 1;
    ctx.font = '11px system-ui, sans-serif';
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    var first = Math.ceil(view.t0 / step) * step;
    for (var t = first; t <= view.t1; t += step) {
      var x = Math.round(xOf(t)) + 0.5;
      if (x < GUTTER) continue;
      ctx.beginPath(); ctx.moveTo(x, AXIS - 6); ctx.lineTo(x, cssH - FOOT); ctx.stroke();
      ctx.fillText(fmtTime(t, step), x, AXIS / 2 - 2);
    }
    // The run's start and end.
    ctx.strokeStyle = '#afb8c1';
    [0, endT].forEach(function (t) {
      var x = Math.round(xOf(t)) + 0.5;
      if (x < GUTTER || x > cssW) return;
      ctx.beginPath(); ctx.moveTo(x, AXIS - 6); ctx.lineTo(x, cssH - FOOT); ctx.stroke();
    });
  }

  function drawLaneLines() {
    ctx.strokeStyle = '#8c959f';
    ctx.lineWidth = 1;
    for (var l = 0; l < nLanes; l++) {
      var y = Math.round(laneY(l)) + 0.5;
      ctx.beginPath(); ctx.moveTo(Math.max(GUTTER, xOf(0)), y); ctx.lineTo(Math.min(cssW, xOf(endT)), y); ctx.stroke();
    }
  }

  function drawLaneLabels() {
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, AXIS - 4, GUTTER - 2, cssH);
    ctx.font = '600 12px system-ui, sans-serif';
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    var byz = data.meta.byzantine || [];
    for (var l = 0; l < nLanes; l++) {
      var isByz = byz.indexOf(lanes[l]) >= 0;
      ctx.fillStyle = isByz ? '#6a1b9a' : '#1f2328';
      var label = lanes[l].length > 11 ? lanes[l].slice(0, 10) + '…' : lanes[l];
      ctx.fillText(label, GUTTER - 10, laneY(l) - (isByz ? 6 : 0));
      if (isByz) { ctx.font = '10px system-ui, sans-serif'; ctx.fillText('byzantine', GUTTER - 10, laneY(l) + 7); ctx.font = '600 12px system-ui, sans-serif'; }
    }
  }

  function drawBands() {
    var bands = data.bands;
    ctx.textBaseline = 'top';
    ctx.textAlign = 'left';
    ctx.font = '10px system-ui, sans-serif';
    for (var b = 0; b < bands.length; b++) {
      var band = bands[b];
      if (band.t1 < view.t0 || band.t0 > view.t1) continue;
      var x0 = Math.max(GUTTER - 2, xOf(band.t0)), x1 = Math.min(cssW + 2, Math.max(xOf(band.t1), x0 + 2));
      if (band.kind === 'partition') {
        ctx.fillStyle = 'rgba(130, 80, 223, 0.10)';
        ctx.fillRect(x0, AXIS, x1 - x0, laneH * nLanes);
        ctx.fillStyle = 'rgba(130, 80, 223, 0.55)';
        ctx.fillRect(x0, AXIS, x1 - x0, 3);
        ctx.fillStyle = '#5a32a3';
        if (x1 - x0 > 40) ctx.fillText(band.label, x0 + 3, AXIS + 4, x1 - x0 - 6);
      } else {
        var y = laneY(band.lane);
        ctx.fillStyle = 'rgba(80, 80, 80, 0.16)';
        ctx.fillRect(x0, y - laneH * 0.32, x1 - x0, laneH * 0.64);
        ctx.save();
        ctx.beginPath();
        ctx.rect(x0, y - laneH * 0.32, x1 - x0, laneH * 0.64);
        ctx.clip();
        ctx.strokeStyle = 'rgba(80, 80, 80, 0.35)';
        ctx.lineWidth = 1;
        ctx.beginPath();
        for (var hx = x0 - laneH; hx < x1; hx += 8) { ctx.moveTo(hx, y + laneH * 0.32); ctx.lineTo(hx + laneH * 0.64, y - laneH * 0.32); }
        ctx.stroke();
        ctx.restore();
        ctx.fillStyle = '#24292f';
        if (x1 - x0 > 50) ctx.fillText(band.label, x0 + 3, y - laneH * 0.32 + 1, x1 - x0 - 6);
      }
    }
  }

  function visibleArrows() {
    var from = lowerBound(aT0, nArrows, view.t0 - maxSpan);
    var to = upperBound(aT0, nArrows, view.t1);
    return [from, to];
  }

  function arrowGeometry(a) {
    var x0 = xOf(aT0[a]), y0 = laneY(aFrom[a]);
    var kind = data.arrowKinds[aKind[a]];
    var x1, y1;
    if (kind === 'in-flight' || (kind === 'dropped' && aT1[a] === aT0[a])) {
      // Lost (or unfinished) at the moment of sending: a short stub towards the target.
      x1 = x0 + 16;
      y1 = y0 + (laneY(aTo[a]) - y0) * 0.3;
    } else {
      x1 = xOf(aT1[a]);
      y1 = laneY(aTo[a]);
    }
    return { x0: x0, y0: y0, x1: x1, y1: y1, kind: kind };
  }

  function drawArrows() {
    var range = visibleArrows();
    var inView = 0;
    for (var a = range[0]; a < range[1]; a++) if (aT1[a] >= view.t0 || data.arrowKinds[aKind[a]] === 'in-flight') inView++;
    frame.arrowsInView = inView;
    frame.arrowDensity = inView > ARROW_LIMIT;
    if (frame.arrowDensity) return 0;
    var drawn = 0;
    for (var b = range[0]; b < range[1]; b++) {
      if (aT1[b] < view.t0 && data.arrowKinds[aKind[b]] !== 'in-flight') continue;
      strokeArrow(arrowGeometry(b), null);
      drawn++;
    }
    ctx.setLineDash([]);
    return drawn;
  }

  function strokeArrow(g, override) {
    var style = ARROW_STYLE[g.kind];
    ctx.strokeStyle = override || style.color;
    ctx.fillStyle = override || style.color;
    ctx.lineWidth = override ? style.width + 2 : style.width;
    ctx.setLineDash(style.dash);
    ctx.beginPath();
    if (g.y0 === g.y1 && g.x1 - g.x0 < 1) {
      ctx.moveTo(g.x0, g.y0); ctx.quadraticCurveTo(g.x0 + 12, g.y0 - 18, g.x1 + 1, g.y1);
    } else {
      ctx.moveTo(g.x0, g.y0); ctx.lineTo(g.x1, g.y1);
    }
    ctx.stroke();
    ctx.setLineDash([]);
    if (g.kind === 'dropped') {
      ctx.lineWidth = 2;
      ctx.beginPath();
      ctx.moveTo(g.x1 - 4, g.y1 - 4); ctx.lineTo(g.x1 + 4, g.y1 + 4);
      ctx.moveTo(g.x1 - 4, g.y1 + 4); ctx.lineTo(g.x1 + 4, g.y1 - 4);
      ctx.stroke();
    } else if (g.kind === 'in-flight') {
      ctx.beginPath(); ctx.arc(g.x1, g.y1, 2.5, 0, Math.PI * 2); ctx.stroke();
    } else {
      var angle = Math.atan2(g.y1 - g.y0, g.x1 - g.x0);
      var size = 6;
      ctx.beginPath();
      ctx.moveTo(g.x1, g.y1);
      ctx.lineTo(g.x1 - size * Math.cos(angle - 0.4), g.y1 - size * Math.sin(angle - 0.4));
      ctx.lineTo(g.x1 - size * Math.cos(angle + 0.4), g.y1 - size * Math.sin(angle + 0.4));
      ctx.closePath();
      ctx.fill();
    }
  }

  var MARK_COLOR = {
    'node.init': '#1a7f37', 'net.send': '#3b6ea5', 'net.deliver': '#0b4f8a', 'timer.fire': '#8c959f',
    'node.crash': '#cf222e', 'node.restart': '#1a7f37', 'node.output': '#bf8700', 'node.log': '#afb8c1',
    'history.invoke': '#5a32a3', 'history.ok': '#5a32a3', 'history.fail': '#cf222e', 'history.info': '#bc4c00'
  };

  function drawMark(type, x, y) {
    var color = MARK_COLOR[type] || (type.indexOf('byz.') === 0 ? '#6a1b9a' : '#57606a');
    ctx.fillStyle = color;
    ctx.strokeStyle = color;
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    switch (type) {
      case 'node.crash':
        ctx.lineWidth = 2.5;
        ctx.moveTo(x - 6, y - 6); ctx.lineTo(x + 6, y + 6); ctx.moveTo(x - 6, y + 6); ctx.lineTo(x + 6, y - 6);
        ctx.stroke();
        return;
      case 'node.restart':
      case 'node.init':
        ctx.moveTo(x - 5, y + 5); ctx.lineTo(x + 6, y); ctx.lineTo(x - 5, y - 5); ctx.closePath();
        ctx.fill();
        return;
      case 'timer.fire':
        ctx.rect(x - 2.5, y - 2.5, 5, 5);
        ctx.stroke();
        return;
      case 'node.output':
        ctx.moveTo(x, y - 4); ctx.lineTo(x + 4, y); ctx.lineTo(x, y + 4); ctx.lineTo(x - 4, y); ctx.closePath();
        ctx.fill();
        return;
      case 'node.log':
        ctx.arc(x, y, 1.5, 0, Math.PI * 2);
        ctx.fill();
        return;
      default:
        if (type.indexOf('history.') === 0) {
          ctx.rect(x - 3.5, y - 3.5, 7, 7);
          if (type === 'history.invoke') ctx.stroke(); else ctx.fill();
          return;
        }
        ctx.arc(x, y, type === 'net.deliver' ? 3 : 2.5, 0, Math.PI * 2);
        ctx.fill();
    }
  }

  function drawMarks() {
    var start = lowerBound(markT, nMarks, tOf(GUTTER - 8));
    var end = upperBound(markT, nMarks, tOf(cssW + 8));
    frame.markDensity = end - start > MARK_LIMIT;
    if (frame.markDensity) {
      // Too many to tell apart: shade each pixel column by how many events it holds.
      var w = Math.ceil(cssW);
      var bins = new Uint32Array(w * nLanes);
      var scale = plotW() / (view.t1 - view.t0);
      for (var m = start; m < end; m++) {
        var x = Math.floor(GUTTER + (markT[m] - view.t0) * scale);
        if (x >= 0 && x < w) bins[markLane[m] * w + x]++;
      }
      var peak = 1;
      for (var q = 0; q < bins.length; q++) if (bins[q] > peak) peak = bins[q];
      for (var l = 0; l < nLanes; l++) {
        var y = laneY(l);
        for (var bx = 0; bx < w; bx++) {
          var c = bins[l * w + bx];
          if (c === 0) continue;
          var hgt = 4 + (laneH * 0.5) * Math.sqrt(c / peak);
          ctx.fillStyle = 'rgba(11, 79, 138, 0.75)';
          ctx.fillRect(bx, y - hgt / 2, 1, hgt);
        }
      }
      return 0;
    }
    for (var i2 = start; i2 < end; i2++) drawMark(events[markPos[i2]].type, xOf(markT[i2]), laneY(markLane[i2]));
    return end - start;
  }

  function markPoint(pos) {
    var m = markOfPos[pos];
    if (m < 0) return null;
    return { x: xOf(markT[m]), y: laneY(markLane[m]) };
  }

  function drawViolation() {
    var v = data.violation;
    if (!v) return;
    var x = xOf(v.t);
    if (x < GUTTER - 20 || x > cssW + 20) return;
    ctx.strokeStyle = '#cf222e';
    ctx.lineWidth = 2;
    ctx.setLineDash([6, 4]);
    ctx.beginPath(); ctx.moveTo(x, AXIS - 4); ctx.lineTo(x, cssH - FOOT); ctx.stroke();
    ctx.setLineDash([]);
    ctx.fillStyle = '#cf222e';
    ctx.font = '600 11px system-ui, sans-serif';
    ctx.textAlign = 'left';
    ctx.textBaseline = 'bottom';
    ctx.fillText('VIOLATION ' + v.checker, x + 4, AXIS - 2);
    var pt = markPoint(v.pos);
    if (pt) { ctx.lineWidth = 2.5; ctx.beginPath(); ctx.arc(pt.x, pt.y, 9, 0, Math.PI * 2); ctx.stroke(); }
  }

  function drawSelection() {
    if (selected < 0) return;
    var ev = events[selected];
    if (typeof ev.msg === 'number') {
      var range = [lowerBound(aSend, nArrows, sendOfMsg[ev.msg]), upperBound(aSend, nArrows, sendOfMsg[ev.msg])];
      for (var a = range[0]; a < range[1]; a++) strokeArrow(arrowGeometry(a), '#111');
    }
    var pt = markPoint(selected);
    if (pt) {
      ctx.strokeStyle = '#111';
      ctx.lineWidth = 2;
      ctx.beginPath(); ctx.arc(pt.x, pt.y, 7, 0, Math.PI * 2); ctx.stroke();
    }
  }

  // ---- node states (rebuilt from the embedded history) -----------------------------------------
  var stateCache = {};
  function clone(value) { return value === undefined ? undefined : JSON.parse(JSON.stringify(value)); }
  function applyOps(state, ops) {
    for (var o = 0; o < ops.length; o++) {
      var op = ops[o];
      if (op.p.length === 0) { if ('v' in op) state = clone(op.v); continue; }
      var parent = state;
      for (var d = 0; d < op.p.length - 1; d++) parent = parent[op.p[d]];
      var key = op.p[op.p.length - 1];
      if ('v' in op) parent[key] = clone(op.v);
      else if ('d' in op) delete parent[key];
      else parent[key].length = op.n;
    }
    return state;
  }
  /** { status: 'none' | 'down' | 'up', state, changed } for a node after engine event index i. */
  function stateAfter(lane, eventIndex) {
    if (!data.states) return null;
    var h = data.states.nodes[lane];
    if (!h) return { status: 'none' };
    var k = upperBound(h.at, h.at.length, eventIndex) - 1;
    if (k < 0) return { status: 'none' };
    var c = k;
    while (!('s' in h.entries[c])) c--;
    var cached = stateCache[lane];
    var state, from;
    if (cached && cached.k <= k && cached.k >= c) { state = cached.state; from = cached.k + 1; }
    else { state = clone(h.entries[c].s); from = c + 1; }
    for (var j = from; j <= k; j++) state = applyOps(state, h.entries[j].o);
    stateCache[lane] = { k: k, state: state };
    var entry = h.entries[k];
    var changed = h.at[k] === eventIndex ? entry : null;
    if (state === null) return { status: 'down', changed: changed };
    return { status: 'up', state: state, changed: changed };
  }

  // ---- details panel ---------------------------------------------------------------------------
  var details = document.getElementById('details');
  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (cls) node.className = cls;
    return node;
  }
  function pretty(value, max) {
    var text = JSON.stringify(value, null, 2);
    if (text === undefined) text = String(value);
    return text.length > max ? text.slice(0, max) + '\n… (' + (text.length - max).toLocaleString() + ' more characters)' : text;
  }
  function laneOfEvent(ev) {
    if (ev.type === 'net.send') return laneIndex[ev.from];
    if (ev.type === 'net.deliver' || ev.type === 'net.drop') return laneIndex[ev.to];
    if (typeof ev.node === 'string') return laneIndex[ev.node];
    return undefined;
  }
  function describe(ev) {
    var who = ev.node || (ev.type === 'net.send' ? ev.from + ' → ' + ev.to : ev.from ? ev.from + ' → ' + ev.to : '');
    return '#' + ev.i + ' · ' + fmtMs(ev.t) + ' · ' + ev.type + (who ? ' · ' + who : '');
  }
  function link(pos, text) {
    var a = el('a', text);
    a.setAttribute('data-pos', String(pos));
    a.addEventListener('click', function () { select(pos, true); });
    return a;
  }
  function opText(op) {
    var path = op.p.length ? op.p.join('.') : '(whole state)';
    if ('v' in op) return path + ' = ' + JSON.stringify(op.v);
    if ('d' in op) return 'delete ' + path;
    return path + '.length = ' + op.n;
  }

  function showDetails(pos) {
    var ev = events[pos];
    details.textContent = '';
    details.appendChild(el('h2', describe(ev)));
    var v = data.violation;
    if (v && v.pos === pos) details.appendChild(el('div', 'VIOLATION (' + v.kind + ') ' + v.checker + ': ' + v.message, 'violation'));
    var lane = laneOfEvent(ev);
    if (lane !== undefined) {
      var nav = el('div', null, 'nav');
      var prev = el('button', '◀ previous on ' + lanes[lane]);
      prev.addEventListener('click', function () { step(-1); });
      var next = el('button', 'next on ' + lanes[lane] + ' ▶');
      next.addEventListener('click', function () { step(1); });
      nav.appendChild(prev); nav.appendChild(next);
      details.appendChild(nav);
    }
    details.appendChild(el('h3', 'Event'));
    // A send's payload is shown once, under Message.
    var shown = ev;
    if (ev.type === 'net.send') { shown = {}; for (var key in ev) if (key !== 'payload') shown[key] = ev[key]; }
    details.appendChild(el('pre', pretty(shown, 4000)));
    if (typeof ev.msg === 'number') {
      var sendPos = sendOfMsg[ev.msg];
      details.appendChild(el('h3', 'Message ' + ev.msg));
      if (sendPos !== undefined) details.appendChild(el('pre', pretty(events[sendPos].payload, 8000), 'message'));
      var list = el('ul');
      (journey[ev.msg] || []).forEach(function (q) {
        var li = el('li');
        li.appendChild(q === pos ? el('b', describe(events[q])) : link(q, describe(events[q])));
        list.appendChild(li);
      });
      details.appendChild(list);
    }
    if (lane !== undefined) {
      details.appendChild(el('h3', 'State of ' + lanes[lane] + ' after #' + ev.i));
      var st = stateAfter(lane, ev.i);
      var box;
      if (!st) box = el('p', data.statesNote, 'note');
      else if (st.status === 'none') box = el('p', 'not started yet', 'note');
      else if (st.status === 'down') box = el('p', 'down: the node has no state while crashed', 'note');
      else box = el('pre', pretty(st.state, 20000));
      box.classList.add('state');
      box.setAttribute('data-node', lanes[lane]);
      details.appendChild(box);
      if (st && st.changed && st.changed.o) {
        details.appendChild(el('h3', 'Changed by this event'));
        details.appendChild(el('pre', st.changed.o.map(opText).join('\n') || '(nothing)', 'changed'));
      } else if (st && st.changed && 's' in st.changed) {
        details.appendChild(el('p', 'This event (re)started or stopped the node: the state above is new.', 'note'));
      }
    }
  }

  function select(pos, reveal) {
    selected = pos;
    showDetails(pos);
    if (reveal) {
      var t = events[pos].t;
      if (t < view.t0 || t > view.t1) { var half = (view.t1 - view.t0) / 2; clampView(t - half, t + half); }
    }
    schedule();
  }

  function step(direction) {
    if (selected < 0) return;
    var lane = laneOfEvent(events[selected]);
    if (lane === undefined) return;
    var m = markOfPos[selected];
    if (m < 0) m = lowerBound(markT, nMarks, events[selected].t);
    for (var j = m + direction; j >= 0 && j < nMarks; j += direction) {
      if (markLane[j] === lane) { select(markPos[j], true); return; }
    }
  }

  // ---- hit testing and input ---------------------------------------------------------------
  function hitTest(x, y) {
    var lane = Math.floor((y - AXIS) / laneH);
    var best = -1, bestD = 9;
    if (lane >= 0 && lane < nLanes && Math.abs(y - laneY(lane)) <= Math.max(9, laneH * 0.3)) {
      var from = lowerBound(markT, nMarks, tOf(x - 9));
      var to = upperBound(markT, nMarks, tOf(x + 9));
      for (var m = from; m < to && m < from + 20000; m++) {
        if (markLane[m] !== lane) continue;
        var d = Math.abs(xOf(markT[m]) - x);
        if (d < bestD) { bestD = d; best = m; }
      }
      if (best >= 0) return markPos[best];
    }
    if (frame.arrowDensity) return -1;
    var range = visibleArrows();
    var bestArrow = -1, bestDist = 5;
    for (var a = range[0]; a < range[1]; a++) {
      var g = arrowGeometry(a);
      var dist = segmentDistance(x, y, g.x0, g.y0, g.x1, g.y1);
      if (dist < bestDist) { bestDist = dist; bestArrow = a; }
    }
    if (bestArrow < 0) return -1;
    return aEnd[bestArrow] >= 0 ? aEnd[bestArrow] : aSend[bestArrow];
  }
  function segmentDistance(px, py, x0, y0, x1, y1) {
    var dx = x1 - x0, dy = y1 - y0;
    var len = dx * dx + dy * dy;
    var u = len === 0 ? 0 : Math.max(0, Math.min(1, ((px - x0) * dx + (py - y0) * dy) / len));
    var cx = x0 + u * dx - px, cy = y0 + u * dy - py;
    return Math.sqrt(cx * cx + cy * cy);
  }

  var drag = null;
  canvas.addEventListener('mousedown', function (e) {
    drag = { x: e.clientX, moved: false };
  });
  window.addEventListener('mousemove', function (e) {
    if (!drag) return;
    var dx = e.clientX - drag.x;
    if (!drag.moved && Math.abs(dx) < 4) return;
    drag.moved = true;
    canvas.classList.add('panning');
    panBy(-dx);
    drag.x = e.clientX;
  });
  window.addEventListener('mouseup', function (e) {
    if (!drag) return;
    var wasClick = !drag.moved;
    drag = null;
    canvas.classList.remove('panning');
    if (!wasClick || e.target !== canvas) return;
    var r = canvas.getBoundingClientRect();
    var pos = hitTest(e.clientX - r.left, e.clientY - r.top);
    if (pos >= 0) select(pos, false);
  });
  canvas.addEventListener('wheel', function (e) {
    e.preventDefault();
    var r = canvas.getBoundingClientRect();
    if (e.shiftKey || Math.abs(e.deltaX) > Math.abs(e.deltaY)) { panBy(e.deltaX || e.deltaY); return; }
    zoomAt(Math.max(GUTTER, e.clientX - r.left), Math.exp(e.deltaY * 0.0015));
  }, { passive: false });
  window.addEventListener('keydown', function (e) {
    if (e.target && (e.target.tagName === 'INPUT' || e.target.tagName === 'TEXTAREA')) return;
    var mid = GUTTER + plotW() / 2;
    switch (e.key) {
      case 'ArrowLeft': panBy(-plotW() * 0.2); break;
      case 'ArrowRight': panBy(plotW() * 0.2); break;
      case '+': case '=': zoomAt(mid, 0.6); break;
      case '-': case '_': zoomAt(mid, 1 / 0.6); break;
      case '0': fit(); break;
      case 'v': gotoViolation(); break;
      case '[': step(-1); break;
      case ']': step(1); break;
      default: return;
    }
    e.preventDefault();
  });
  document.getElementById('zoom-in').addEventListener('click', function () { zoomAt(GUTTER + plotW() / 2, 0.6); });
  document.getElementById('zoom-out').addEventListener('click', function () { zoomAt(GUTTER + plotW() / 2, 1 / 0.6); });
  document.getElementById('fit').addEventListener('click', fit);
  document.getElementById('goto-violation').addEventListener('click', gotoViolation);
  window.addEventListener('resize', function () { resize(); schedule(); });

  function gotoViolation() {
    var v = data.violation;
    if (!v || v.pos < 0) return;
    focusOn(v.pos);
    select(v.pos, false);
    var y = laneY(laneOfEvent(events[v.pos]) || 0);
    chart.scrollTop = Math.max(0, y - chart.clientHeight / 2);
    document.getElementById('banner').scrollIntoView({ block: 'nearest' });
  }

  // ---- header, legend, start ---------------------------------------------------------------
  function legendSwatch(draw) {
    var c = document.createElement('canvas');
    c.width = 34 * dpr; c.height = 14 * dpr;
    c.style.width = '34px'; c.style.height = '14px';
    var g = c.getContext('2d');
    g.scale(dpr, dpr);
    draw(g);
    return c;
  }
  function buildLegend() {
    var legend = document.getElementById('legend');
    data.arrowKinds.forEach(function (kind) {
      var style = ARROW_STYLE[kind];
      var item = el('span', null, 'item');
      item.setAttribute('data-kind', kind);
      item.appendChild(legendSwatch(function (g) {
        g.strokeStyle = style.color; g.fillStyle = style.color; g.lineWidth = style.width; g.setLineDash(style.dash);
        g.beginPath(); g.moveTo(2, 7); g.lineTo(28, 7); g.stroke(); g.setLineDash([]);
        if (kind === 'dropped') { g.lineWidth = 2; g.beginPath(); g.moveTo(26, 3); g.lineTo(32, 11); g.moveTo(26, 11); g.lineTo(32, 3); g.stroke(); }
        else if (kind === 'in-flight') { g.beginPath(); g.arc(30, 7, 2.5, 0, Math.PI * 2); g.stroke(); }
        else { g.beginPath(); g.moveTo(32, 7); g.lineTo(26, 3.5); g.lineTo(26, 10.5); g.closePath(); g.fill(); }
      }));
      item.appendChild(el('span', style.label + ' (' + kindCounts[kind].toLocaleString() + ')'));
      legend.appendChild(item);
    });
    [['rgba(80,80,80,0.3)', 'node down (crash → restart)'], ['rgba(130,80,223,0.35)', 'partition']].forEach(function (pair) {
      var item = el('span', null, 'item');
      item.appendChild(legendSwatch(function (g) { g.fillStyle = pair[0]; g.fillRect(2, 2, 30, 10); }));
      item.appendChild(el('span', pair[1]));
      legend.appendChild(item);
    });
    [['node.crash', 'crash'], ['node.restart', 'start / restart'], ['timer.fire', 'timer'], ['node.output', 'output'], ['history.ok', 'client op']].forEach(function (pair) {
      var item = el('span', null, 'item');
      item.appendChild(legendSwatch(function (g) { var keep = ctx; ctx = g; drawMark(pair[0], 17, 7); ctx = keep; }));
      item.appendChild(el('span', pair[1]));
      legend.appendChild(item);
    });
  }
  function buildHeader() {
    var meta = data.meta;
    var summary = document.getElementById('summary');
    var parts = [nLanes + ' nodes', events.length.toLocaleString() + ' events', nArrows.toLocaleString() + ' messages', 'virtual ' + fmtMs(endT)];
    if (meta.profile) parts.push('faults ' + meta.profile);
    if (meta.digest) parts.push('digest ' + meta.digest);
    summary.appendChild(el('span', parts.join(' · ') + ' · '));
    if (data.violation) summary.appendChild(el('span', 'violation', 'bad'));
    else if (meta.ok === true) summary.appendChild(el('span', 'all checkers held', 'good'));
    else if (!meta.complete) summary.appendChild(el('span', 'trace has no footer (run cut short?)', 'bad'));
    if (!data.states) summary.appendChild(el('span', ' · states unavailable'));
    var banner = document.getElementById('banner');
    var v = data.violation;
    if (v) {
      banner.hidden = false;
      banner.appendChild(el('b', 'VIOLATION (' + v.kind + ') ' + v.checker));
      banner.appendChild(el('span', v.message + ' — event #' + v.eventIndex + ' at ' + fmtMs(v.t) + ' (click to show)'));
      banner.addEventListener('click', gotoViolation);
    } else {
      document.getElementById('goto-violation').disabled = true;
    }
  }

  window.__faultline = {
    lanes: lanes.slice(),
    laneCount: nLanes,
    eventCount: events.length,
    markCount: nMarks,
    arrowCount: nArrows,
    arrowKindCounts: kindCounts,
    frame: frame,
    hasStates: !!data.states,
    statesNote: data.statesNote,
    violationPos: data.violation ? data.violation.pos : -1,
    view: function () { return { t0: view.t0, t1: view.t1 }; },
    setView: function (t0, t1) { clampView(t0, t1); draw(); },
    fit: function () { fit(); draw(); },
    redraw: draw,
    select: function (pos) { select(pos, true); draw(); },
    selected: function () { return selected; },
    /** Where an event's mark is on screen (client coordinates), or null when it is not in view. */
    pointOf: function (pos) {
      var pt = markPoint(pos);
      if (!pt || pt.x < GUTTER || pt.x > cssW) return null;
      var r = canvas.getBoundingClientRect();
      return { x: r.left + pt.x, y: r.top + pt.y };
    },
    stateAt: function (node, eventIndex) {
      var st = stateAfter(laneIndex[node], eventIndex);
      return st && st.status === 'up' ? clone(st.state) : st ? null : undefined;
    }
  };

  resize();
  buildHeader();
  buildLegend();
  fit();
  if (data.violation && data.violation.pos >= 0) gotoViolation();
  draw();
  document.body.setAttribute('data-lanes', String(nLanes));
  document.body.setAttribute('data-arrows', String(nArrows));
  document.body.setAttribute('data-ready', 'true');
})();
`;
