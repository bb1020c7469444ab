import type { NodeContext, NodeLogic, Scenario } from '../../sim/index.js';

/** A message a server sent or received, copied deeply (handlers may change theirs afterwards). */
export interface Tapped {
  from: string;
  to: string;
  msg: any;
}

/**
 * `base` with every message its servers send (from message and timer handlers) or receive, and
 * `keep` accepts, copied into `into` (a node without a role is a server, as the engine reads it).
 * The hand-built schedules of the planted-bug tests pick what they deliver late from these.
 */
export function tapServers(base: Scenario, direction: 'sent' | 'received', keep: (msg: any) => boolean, into: Tapped[]): Scenario {
  const record = (from: string, to: string, msg: unknown): void => {
    if (keep(msg)) into.push({ from, to, msg: JSON.parse(JSON.stringify(msg)) });
  };
  const watch = (ctx: NodeContext<any>): NodeContext<any> =>
    direction === 'received'
      ? ctx
      : Object.create(ctx, {
          send: {
            value: (to: string, msg: unknown) => {
              record(ctx.id, to, msg);
              ctx.send(to, msg);
            },
          },
        });
  const wrap = (logic: NodeLogic<any, any>): NodeLogic<any, any> => ({
    ...logic,
    onMessage: (state, from, msg, ctx) => {
      if (direction === 'received') record(from, ctx.id, msg);
      return logic.onMessage(state, from, msg, watch(ctx));
    },
    ...(logic.onTimer ? { onTimer: (state, timer, ctx) => logic.onTimer!(state, timer, watch(ctx)) } : {}),
  });
  return {
    ...base,
    setup: (env) => {
      const setup = base.setup(env);
      return { ...setup, nodes: setup.nodes.map((node) => ((node.role ?? 'server') === 'server' ? { ...node, logic: wrap(node.logic) } : node)) };
    },
  };
}
