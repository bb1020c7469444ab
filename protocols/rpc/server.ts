import type { NodeContext, NodeLogic } from '../../sim/actor.js';
import { classify, complete, discardUpTo, emptyTable, markExecuting, type ClientRecord, type DedupTable } from './dedup-table.js';
import type { RpcDesign } from './design.js';
import { isIntact, seal, xidOf, type CallMessage, type PendingMessage, type ReplyMessage, type RpcMessage } from './messages.js';
import { BALANCE_KEY, executeProcedure } from './procedures.js';

export interface ServerOptions {
  design: RpcDesign;
  initialBalance: number;
  /** How long a procedure runs (virtual time), so retransmissions can arrive while it executes. */
  execMsMin: number;
  execMsSpread: number;
}

export interface ServerState {
  table: DedupTable;
}

interface Execution {
  to: string;
  call: CallMessage;
}

type ServerCtx = NodeContext<RpcMessage>;

const TABLE_PREFIX = 'dedup:';

/**
 * The server dispatcher: checks the checksum, asks the dedup table what a call is (new, executing,
 * done, stale) and runs new calls. A procedure's effect, its table entry and the sync happen in one
 * step, just before the reply is sent.
 */
export function rpcServer(options: ServerOptions): NodeLogic<ServerState, RpcMessage> {
  const { design } = options;
  const durable = design.dedup && design.table === 'durable';

  const persist = (record: ClientRecord | undefined, client: string, ctx: ServerCtx): void => {
    if (durable && record) ctx.storage.put(TABLE_PREFIX + client, record);
  };

  const startExecution = (to: string, call: CallMessage, ctx: ServerCtx): void => {
    const afterMs = options.execMsMin + ctx.random() * options.execMsSpread;
    const execution: Execution = { to, call };
    ctx.setTimer(afterMs, 'execute', execution);
  };

  const finishExecution = (state: ServerState, { to, call }: Execution, ctx: ServerCtx): void => {
    const result = executeProcedure(ctx.storage, call.request);
    ctx.output('execute', { xid: xidOf(call.client, call.seq), proc: call.request.proc });
    if (design.dedup) {
      complete(state.table, call.client, call.seq, result);
      persist(state.table.clients[call.client], call.client, ctx);
    }
    ctx.storage.sync();
    ctx.send(to, seal<ReplyMessage>({ type: 'rpc.reply', seq: call.seq, result }));
  };

  const onCall = (state: ServerState, from: string, call: CallMessage, ctx: ServerCtx): void => {
    if (!design.dedup) {
      startExecution(from, call, ctx);
      return;
    }
    const table = state.table;
    if (discardUpTo(table, call.client, call.doneUpTo)) persist(table.clients[call.client], call.client, ctx);
    const verdict = classify(table, call.client, call.seq);
    switch (verdict.kind) {
      case 'stale':
        return;
      case 'executing':
        ctx.send(from, seal<PendingMessage>({ type: 'rpc.pending', seq: call.seq }));
        return;
      case 'done':
        ctx.send(from, seal<ReplyMessage>({ type: 'rpc.reply', seq: call.seq, result: verdict.result }));
        return;
      case 'new':
        markExecuting(table, call.client, call.seq);
        startExecution(from, call, ctx);
        return;
    }
  };

  return {
    init: (ctx) => {
      if (!ctx.storage.has(BALANCE_KEY)) ctx.storage.put(BALANCE_KEY, options.initialBalance);
      ctx.storage.sync();
      return { table: emptyTable() };
    },

    onRecover: (ctx) => {
      const table = emptyTable();
      if (durable) {
        for (const key of ctx.storage.keys()) {
          const record = key.startsWith(TABLE_PREFIX) ? ctx.storage.get<ClientRecord>(key) : undefined;
          if (record) table.clients[key.slice(TABLE_PREFIX.length)] = record;
        }
      }
      return { table };
    },

    onMessage: (state, from, msg, ctx) => {
      if (msg.type !== 'rpc.call' || !isIntact(msg)) return;
      onCall(state, from, msg, ctx);
    },

    onTimer: (state, timer, ctx) => {
      if (timer.name === 'execute') finishExecution(state, timer.data as Execution, ctx);
    },
  };
}
