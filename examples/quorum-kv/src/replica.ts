import type { NodeLogic } from 'faultline';
import { newer, ZERO, type QuorumMsg, type Stored } from './messages.js';

export interface ReplicaState {
  store: Record<string, Stored>;
}

/**
 * A replica keeps the newest version of each key it has seen. It writes a newer version to durable
 * storage and syncs before acknowledging, so an acknowledged write survives a crash.
 */
export const replica: NodeLogic<ReplicaState, QuorumMsg> = {
  init: () => ({ store: {} }),
  onRecover(ctx) {
    const store: Record<string, Stored> = {};
    for (const key of ctx.storage.keys()) store[key] = ctx.storage.get<Stored>(key)!;
    return { store };
  },
  onMessage(state, from, msg, ctx) {
    if (msg.type === 'kv.query') {
      ctx.send(from, { type: 'kv.queryReply', op: msg.op, key: msg.key, stored: state.store[msg.key] ?? ZERO });
    } else if (msg.type === 'kv.store') {
      const current = state.store[msg.key] ?? ZERO;
      if (newer(msg.stored.version, current.version)) {
        state.store[msg.key] = msg.stored;
        ctx.storage.put(msg.key, msg.stored);
        ctx.storage.sync();
      }
      ctx.send(from, { type: 'kv.storeAck', op: msg.op, key: msg.key });
    }
  },
};
