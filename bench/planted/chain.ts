import type { NodeLogic } from '../../sim/index.js';
import type { ChainMessage } from '../../protocols/chain/messages.js';
import type { ReplicaState } from '../../protocols/chain/replica.js';
import { chainKvScenario, chainRoute } from '../../scenarios/chain-kv.js';
import type { PlantedBug } from './types.js';

type Replica = NodeLogic<ReplicaState, ChainMessage>;

/** The head acknowledges a write once it has logged it, not once the tail has: an acknowledged write can vanish with the head. */
function acksAtHead(logic: Replica): Replica {
  return {
    ...logic,
    onMessage: (state, from, msg, ctx) => {
      const logged = state.log.length;
      const next = logic.onMessage(state, from, msg, ctx) ?? state;
      const isHead = next.config.chain[0] === ctx.id;
      if (msg.type === 'kv.request' && msg.f !== 'get' && isHead && next.log.length > logged) ctx.send(from, { type: 'kv.reply', reqId: msg.reqId, value: null });
      return next === state ? undefined : next;
    },
  };
}

/** The head answers reads from its own state, which holds writes the tail has not committed yet. */
function readsAtHead(logic: Replica): Replica {
  return {
    ...logic,
    onMessage: (state, from, msg, ctx) => {
      const isHead = state.config.chain[0] === ctx.id && !state.removed;
      if (msg.type !== 'kv.request' || msg.f !== 'get' || !isHead) return logic.onMessage(state, from, msg, ctx);
      ctx.send(from, { type: 'kv.reply', reqId: msg.reqId, value: state.kv[msg.key] ?? null });
      return undefined;
    },
  };
}

export const chainBugs: PlantedBug[] = [
  {
    id: 'chain-ack-at-head',
    protocol: 'chain',
    description: 'the head acknowledges a write before the tail has it',
    scenario: chainKvScenario({ name: 'planted-chain-ack-at-head', replica: acksAtHead }),
  },
  {
    id: 'chain-read-at-head',
    protocol: 'chain',
    description: 'reads are served by the head instead of the tail',
    scenario: chainKvScenario({ name: 'planted-chain-read-at-head', replica: readsAtHead, route: { ...chainRoute, target: (config) => config.chain[0] } }),
  },
];
