/**
 * Part of the viewer page's script (plain browser JavaScript; see viewer-script.ts):
 * node states rebuilt from the embedded history, and the details panel of a selected event.
 */
export const VIEWER_DETAILS = String.raw`
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
`;
