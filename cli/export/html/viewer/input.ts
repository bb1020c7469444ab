/**
 * Part of the viewer page's script (plain browser JavaScript; see viewer-script.ts):
 * hit testing, mouse and keyboard, the header, legend and banner, the test API, and start-up.
 */
export const VIEWER_INPUT = String.raw`
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
        if (kind === 'dropped' || kind === 'omitted') { g.lineWidth = 2; g.beginPath(); g.moveTo(26, 3); g.lineTo(32, 11); g.moveTo(26, 11); g.lineTo(32, 3); g.stroke(); }
        else if (kind === 'in-flight') { g.beginPath(); g.arc(30, 7, 2.5, 0, Math.PI * 2); g.stroke(); }
        else { g.beginPath(); g.moveTo(32, 7); g.lineTo(26, 3.5); g.lineTo(26, 10.5); g.closePath(); g.fill(); }
      }));
      item.appendChild(el('span', style.label + ' (' + kindCounts[kind].toLocaleString() + ')'));
      legend.appendChild(item);
    });
    [['rgba(80,80,80,0.3)', 'node down (crash → restart)'], ['rgba(191,135,0,0.45)', 'node paused'], ['rgba(173,20,87,0.3)', 'omission episode'], ['rgba(130,80,223,0.35)', 'partition']].forEach(function (pair) {
      var item = el('span', null, 'item');
      item.appendChild(legendSwatch(function (g) { g.fillStyle = pair[0]; g.fillRect(2, 2, 30, 10); }));
      item.appendChild(el('span', pair[1]));
      legend.appendChild(item);
    });
    [['node.crash', 'crash'], ['node.restart', 'start / restart'], ['timer.fire', 'timer'], ['node.output', 'output'], ['history.ok', 'client op'], ['clock.jump', 'clock set / jump'], ['node.pause', 'pause']].forEach(function (pair) {
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
`;
