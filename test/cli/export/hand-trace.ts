import type { TraceEvent } from '../../../scenarios/index.js';

/**
 * A short hand-written trace with one of everything the exports tell apart: a delivery, a drop in a
 * partition, a crash that drops a message and a duplicate that arrives after the restart, a
 * Byzantine-altered message, a corrupted one, one still in flight, and a debug log that reuses
 * the previous event's index (as the engine's logs do).
 */
export function handEvents(): TraceEvent[] {
  const ping = (n: number) => ({ type: 'x.ping', n });
  return [
    { i: 0, t: 0, type: 'node.init', node: 'a' },
    { i: 1, t: 0, type: 'node.init', node: 'b' },
    { i: 2, t: 100, type: 'net.send', from: 'a', to: 'b', msg: 1, payload: ping(1) },
    { i: 3, t: 150, type: 'net.deliver', from: 'a', to: 'b', msg: 1, duplicate: false, corrupted: false },
    { i: 4, t: 200, type: 'fault.partition', fault: 'partition#1', groups: [['a'], ['b']], oneWay: false },
    { i: 5, t: 210, type: 'net.send', from: 'a', to: 'b', msg: 2, payload: ping(2) },
    { i: 6, t: 210, type: 'net.drop', from: 'a', to: 'b', msg: 2, reason: 'partition', fault: 'partition#1' },
    { i: 7, t: 300, type: 'fault.heal', fault: 'partition#1' },
    { i: 8, t: 400, type: 'node.crash', node: 'b', mode: 'recover', fault: 'crash#2', lostWrites: 0 },
    { i: 9, t: 420, type: 'net.send', from: 'a', to: 'b', msg: 3, payload: ping(3) },
    { i: 10, t: 420, type: 'net.duplicate', from: 'a', to: 'b', msg: 3, fault: 'duplicate:a>b#3', extraDelayUs: 100 },
    { i: 11, t: 450, type: 'net.drop', from: 'a', to: 'b', msg: 3, reason: 'node-down' },
    { i: 12, t: 500, type: 'node.restart', node: 'b', fault: 'crash#2' },
    { i: 13, t: 520, type: 'net.deliver', from: 'a', to: 'b', msg: 3, duplicate: true, corrupted: false },
    { i: 14, t: 600, type: 'net.send', from: 'b', to: 'a', msg: 4, payload: ping(99) },
    { i: 15, t: 600, type: 'byz.alter', node: 'b', to: 'a', msg: 4, fault: 'byz:b#1', path: 'n' },
    { i: 16, t: 650, type: 'net.deliver', from: 'b', to: 'a', msg: 4, duplicate: false, corrupted: false },
    { i: 17, t: 700, type: 'net.send', from: 'a', to: 'b', msg: 5, payload: ping(5) },
    { i: 18, t: 700, type: 'net.corrupt', from: 'a', to: 'b', msg: 5, fault: 'corrupt:a>b#5', path: 'n' },
    { i: 19, t: 760, type: 'net.deliver', from: 'a', to: 'b', msg: 5, duplicate: false, corrupted: true },
    { i: 20, t: 800, type: 'net.send', from: 'a', to: 'b', msg: 6, payload: ping(6) },
    { i: 20, t: 800, type: 'node.log', node: 'a', text: 'sent the last ping' },
  ];
}
