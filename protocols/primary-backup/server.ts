import type { NodeContext, NodeLogic } from '../../sim/actor.js';
import type { KvRequest } from '../kv-client/messages.js';
import type { AckMessage, Entry, PbMessage, ReplicateMessage, StateMessage, View } from './messages.js';

export interface ServerOptions {
  cfgId: string;
  initial: View;
  tickMs: number;
  /** A primary silent (to a backup), or a backup silent (to the primary), this long is suspected. */
  suspectAfterMs: number;
  /** Most log entries in one replicate message. */
  batchMax: number;
}

export interface ServerState {
  /** The newest view this server knows of (from the CFG or from a new primary's state). */
  view: View;
  /** The view whose state this server holds (as primary or backup); 0 when it holds none. */
  installed: number;
  /** After asking to replace the primary of this view, refuse that view's messages for ever. */
  stoppedView: number;
  log: Entry[];
  /** Request id → seq of its entry: a retried write is never logged twice. */
  seqOf: Record<string, number>;
  /** Highest seq known committed (acknowledged by every backup of some view). */
  commit: number;
  /** Primary only: every backup has acknowledged the state of the installed view. */
  active: boolean;
  /** Primary only: how much of the log each backup has acknowledged in this view, and when. */
  match: Record<string, number>;
  lastAckMs: Record<string, number>;
  /** Primary only: the key-value state with log entries up to `applied` executed. */
  kv: Record<string, string>;
  applied: number;
  /** Backup only: when the primary of the installed view was last heard. */
  lastPrimaryMs: number;
  /** A test-and-set request sent to the CFG and not answered yet. */
  proposal: { expect: number; next: { primary: string; backups: string[] } } | undefined;
  /** Restarted after a crash and not yet told the current view by the CFG. */
  amnesiac: boolean;
}

type Ctx = NodeContext<PbMessage>;

/**
 * A primary-backup server. The primary logs each client operation (reads too), sends it to every
 * backup of its view, and executes and answers it only when all of them have acknowledged it: that
 * is the commit point. Views come only from the CFG by test-and-set; a server holds the state of one
 * view at a time and ignores messages of any other, so a deposed primary can never again collect
 * a full set of acknowledgements, and so never answers, once a backup has moved on.
 */
export function pbServer(options: ServerOptions): NodeLogic<ServerState, PbMessage> {
  const isPrimary = (state: ServerState, ctx: Ctx): boolean => state.view.primary === ctx.id && state.installed === state.view.num;
  const isBackup = (state: ServerState, ctx: Ctx): boolean =>
    state.installed === state.view.num && state.view.primary !== ctx.id && state.view.backups.includes(ctx.id);
  const isMember = (view: View, id: string): boolean => view.primary === id || view.backups.includes(id);

  const propose = (state: ServerState, expect: number, next: { primary: string; backups: string[] }, ctx: Ctx): void => {
    if (state.proposal) return;
    state.proposal = { expect, next };
    ctx.send(options.cfgId, { type: 'pb.cfg.propose', ...state.proposal });
  };

  const sendFrom = (state: ServerState, backup: string, ctx: Ctx): void => {
    const from = state.match[backup] ?? 0;
    const msg: ReplicateMessage = { type: 'pb.replicate', view: state.installed, entries: state.log.slice(from, from + options.batchMax), commit: state.commit };
    ctx.send(backup, msg);
  };

  const sendState = (state: ServerState, backup: string, ctx: Ctx): void => {
    const msg: StateMessage = { type: 'pb.state', view: state.view, log: state.log.slice(), commit: state.commit };
    ctx.send(backup, msg);
  };

  /** Executes and answers every entry that all backups hold. */
  const advanceCommit = (state: ServerState, ctx: Ctx): void => {
    if (!isPrimary(state, ctx) || !state.active) return;
    let target = state.log.length;
    for (const backup of state.view.backups) target = Math.min(target, state.match[backup] ?? 0);
    for (let seq = state.applied + 1; seq <= target; seq++) {
      const entry = state.log[seq - 1]!;
      let value: string | null = null;
      if (entry.f === 'get') value = state.kv[entry.key] ?? null;
      else state.kv[entry.key] = entry.f === 'put' ? entry.value : (state.kv[entry.key] ?? '') + entry.value;
      // Entries up to the commit known at install were answered in an earlier view (or retried).
      if (seq > state.commit) {
        ctx.send(entry.client, { type: 'kv.reply', reqId: entry.reqId, value });
        ctx.output('pb.commit', { view: state.installed, seq, reqId: entry.reqId });
      }
    }
    state.applied = Math.max(state.applied, target);
    state.commit = Math.max(state.commit, target);
  };

  const installAsPrimary = (state: ServerState, ctx: Ctx): void => {
    state.installed = state.view.num;
    state.active = false;
    state.match = {};
    state.lastAckMs = {};
    state.kv = {};
    state.applied = 0;
    for (const backup of state.view.backups) {
      state.lastAckMs[backup] = ctx.nowMs;
      sendState(state, backup, ctx);
    }
    maybeActivate(state, ctx);
  };

  const maybeActivate = (state: ServerState, ctx: Ctx): void => {
    if (state.active || !state.view.backups.every((backup) => (state.match[backup] ?? -1) >= state.log.length)) return;
    state.active = true;
    ctx.output('pb.activate', { view: state.view.num, primary: ctx.id });
    advanceCommit(state, ctx);
  };

  const onView = (state: ServerState, view: View, ctx: Ctx): void => {
    const proposal = state.proposal;
    // Only the winner of a test-and-set leads the view it defined, with the state it held then.
    const won = proposal !== undefined && view.num === proposal.expect + 1 && view.primary === ctx.id;
    state.proposal = undefined;
    if (state.amnesiac) {
      state.amnesiac = false;
      state.stoppedView = view.num;
    }
    if (view.num <= state.view.num) return;
    state.view = view;
    state.active = false;
    state.lastPrimaryMs = ctx.nowMs;
    if (won) installAsPrimary(state, ctx);
  };

  const onState = (state: ServerState, from: string, msg: StateMessage, ctx: Ctx): void => {
    const view = msg.view;
    if (view.num < state.view.num || view.num <= state.installed || view.num <= state.stoppedView) return;
    if (view.primary !== from || !view.backups.includes(ctx.id)) return;
    state.view = view;
    state.installed = view.num;
    state.active = false;
    state.log = msg.log.slice();
    state.seqOf = {};
    for (const entry of state.log) state.seqOf[entry.reqId] = entry.seq;
    state.commit = Math.max(state.commit, msg.commit);
    state.lastPrimaryMs = ctx.nowMs;
    state.proposal = undefined;
    ctx.send(from, { type: 'pb.ack', view: view.num, length: state.log.length });
  };

  const onReplicate = (state: ServerState, from: string, msg: ReplicateMessage, ctx: Ctx): void => {
    if (!isBackup(state, ctx) || msg.view !== state.installed || from !== state.view.primary || msg.view <= state.stoppedView) return;
    for (const entry of msg.entries) {
      if (entry.seq > state.log.length + 1) break;
      if (entry.seq === state.log.length + 1) {
        state.log.push(entry);
        state.seqOf[entry.reqId] = entry.seq;
      }
    }
    if (msg.commit > state.commit) state.commit = Math.min(msg.commit, state.log.length);
    state.lastPrimaryMs = ctx.nowMs;
    ctx.send(from, { type: 'pb.ack', view: msg.view, length: state.log.length });
  };

  const onAck = (state: ServerState, from: string, msg: AckMessage, ctx: Ctx): void => {
    if (!isPrimary(state, ctx) || msg.view !== state.installed || !state.view.backups.includes(from)) return;
    if (msg.length > (state.match[from] ?? 0)) state.match[from] = msg.length;
    state.lastAckMs[from] = ctx.nowMs;
    maybeActivate(state, ctx);
    advanceCommit(state, ctx);
  };

  const onRequest = (state: ServerState, from: string, msg: KvRequest, ctx: Ctx): void => {
    if (!isPrimary(state, ctx) || !state.active) return;
    if (msg.f !== 'get') {
      const known = state.seqOf[msg.reqId];
      if (known !== undefined) {
        if (known <= state.applied) ctx.send(from, { type: 'kv.reply', reqId: msg.reqId, value: null });
        return;
      }
    }
    const entry: Entry = { seq: state.log.length + 1, reqId: msg.reqId, client: from, f: msg.f, key: msg.key, value: msg.value };
    state.log.push(entry);
    state.seqOf[entry.reqId] = entry.seq;
    for (const backup of state.view.backups) {
      if ((state.match[backup] ?? 0) === entry.seq - 1) ctx.send(backup, { type: 'pb.replicate', view: state.installed, entries: [entry], commit: state.commit });
    }
    advanceCommit(state, ctx);
  };

  const onJoin = (state: ServerState, from: string, ctx: Ctx): void => {
    if (!isPrimary(state, ctx) || !state.active) return;
    const fresh = state.view.backups.includes(from) && ctx.nowMs - (state.lastAckMs[from] ?? 0) < options.suspectAfterMs;
    if (fresh) return;
    propose(state, state.installed, { primary: ctx.id, backups: [...state.view.backups.filter((id) => id !== from), from] }, ctx);
  };

  const tick = (state: ServerState, ctx: Ctx): void => {
    if (state.proposal) {
      ctx.send(options.cfgId, { type: 'pb.cfg.propose', ...state.proposal });
      return;
    }
    if (isPrimary(state, ctx)) {
      const silent = state.view.backups.filter((backup) => ctx.nowMs - (state.lastAckMs[backup] ?? 0) > options.suspectAfterMs);
      if (silent.length > 0) {
        propose(state, state.installed, { primary: ctx.id, backups: state.view.backups.filter((id) => !silent.includes(id)) }, ctx);
        return;
      }
      for (const backup of state.view.backups) {
        if (state.active) sendFrom(state, backup, ctx);
        else if ((state.match[backup] ?? -1) < state.log.length) sendState(state, backup, ctx);
      }
      advanceCommit(state, ctx);
      return;
    }
    // A backup of the current view holds every committed entry if it installed this view, and also
    // if it installed the one before and not this one: then this view's primary never activated.
    const view = state.view;
    const holdsCommitted = state.installed > 0 && (state.installed === view.num || state.installed === view.num - 1);
    if (view.backups.includes(ctx.id) && holdsCommitted) {
      if (ctx.nowMs - state.lastPrimaryMs > options.suspectAfterMs) {
        state.stoppedView = view.num;
        propose(state, view.num, { primary: ctx.id, backups: view.backups.filter((id) => id !== ctx.id) }, ctx);
      }
      if (state.installed === view.num) return;
    }
    // Outside the view, or waiting for a new primary's state: ask the CFG, and ask to be taken back.
    ctx.send(options.cfgId, { type: 'pb.cfg.get' });
    if (!isMember(state.view, ctx.id) || state.installed === 0) ctx.send(state.view.primary, { type: 'pb.join' });
  };

  const start = (ctx: Ctx, member: boolean): ServerState => {
    ctx.setTimer(options.tickMs * (1 + ctx.random()), 'tick');
    return {
      view: { ...options.initial, backups: [...options.initial.backups] },
      installed: member ? options.initial.num : 0,
      stoppedView: 0,
      log: [],
      seqOf: {},
      commit: 0,
      active: member && options.initial.primary === ctx.id,
      match: {},
      lastAckMs: {},
      kv: {},
      applied: 0,
      lastPrimaryMs: 0,
      proposal: undefined,
      amnesiac: false,
    };
  };

  return {
    init: (ctx) => start(ctx, isMember(options.initial, ctx.id)),

    // Volatile state is gone. The node must not act in any view it may have acknowledged before the
    // crash, so it refuses every view until the CFG names the current one, and that one too.
    onRecover: (ctx) => ({ ...start(ctx, false), stoppedView: Number.MAX_SAFE_INTEGER, amnesiac: true }),

    onMessage: (state, from, msg, ctx) => {
      switch (msg.type) {
        case 'pb.cfg.view':
          if (from !== options.cfgId) return;
          onView(state, msg.view, ctx);
          return;
        case 'pb.state':
          onState(state, from, msg, ctx);
          return;
        case 'pb.replicate':
          onReplicate(state, from, msg, ctx);
          return;
        case 'pb.ack':
          onAck(state, from, msg, ctx);
          return;
        case 'pb.join':
          onJoin(state, from, ctx);
          return;
        case 'kv.request':
          onRequest(state, from, msg, ctx);
          return;
        default:
          return;
      }
    },

    onTimer: (state, timer, ctx) => {
      if (timer.name !== 'tick') return;
      tick(state, ctx);
      ctx.setTimer(options.tickMs, 'tick');
    },
  };
}
