/**
 * Part of the viewer page's script (plain browser JavaScript; see viewer-script.ts):
 * drawing: axis, lanes, bands, arrows and marks in view (density when too many), the violation, the selection.
 */
export const VIEWER_DRAW = String.raw`
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
      } else if (band.kind === 'paused' || band.kind === 'omission') {
        // A paused node is alive but runs nothing; an omitting one runs but loses messages.
        var py = laneY(band.lane);
        ctx.fillStyle = band.kind === 'paused' ? 'rgba(191, 135, 0, 0.22)' : 'rgba(173, 20, 87, 0.12)';
        ctx.fillRect(x0, py - laneH * 0.32, x1 - x0, laneH * 0.64);
        ctx.fillStyle = band.kind === 'paused' ? 'rgba(191, 135, 0, 0.8)' : 'rgba(173, 20, 87, 0.6)';
        ctx.fillRect(x0, py - laneH * 0.32, x1 - x0, 2);
        ctx.fillRect(x0, py + laneH * 0.32 - 2, x1 - x0, 2);
        ctx.fillStyle = '#24292f';
        if (x1 - x0 > 50) ctx.fillText(band.label, x0 + 3, py - laneH * 0.32 + 3, x1 - x0 - 6);
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
    if (kind === 'in-flight' || ((kind === 'dropped' || kind === 'omitted') && aT1[a] === aT0[a])) {
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
    if (g.kind === 'dropped' || g.kind === 'omitted') {
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
    'history.invoke': '#5a32a3', 'history.ok': '#5a32a3', 'history.fail': '#cf222e', 'history.info': '#bc4c00',
    'clock.jump': '#0550ae', 'clock.set': '#0550ae', 'node.pause': '#bf8700', 'node.resume': '#bf8700'
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
      case 'clock.jump':
      case 'clock.set':
        // A clock face: a circle with its hands.
        ctx.arc(x, y, 5, 0, Math.PI * 2);
        ctx.moveTo(x, y); ctx.lineTo(x, y - 3.5); ctx.moveTo(x, y); ctx.lineTo(x + 3, y);
        ctx.stroke();
        return;
      case 'node.pause':
      case 'node.resume':
        ctx.rect(x - 4, y - 5, 3, 10);
        if (type === 'node.pause') ctx.rect(x + 1, y - 5, 3, 10);
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
`;
