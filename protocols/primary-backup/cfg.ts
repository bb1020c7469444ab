import type { NodeLogic } from '../../sim/actor.js';
import type { PbMessage, View } from './messages.js';

export interface CfgState {
  view: View;
  /** flags[v] = the server that won the test-and-set on view v's flag (and so defined view v + 1). */
  flags: Record<number, string>;
}

/**
 * The configuration service, assumed reliable (it is not faultable, as a Paxos-replicated service
 * would be). Each view has one flag; the first valid proposal on the current view's flag sets it
 * and defines the next view, so at most one backup is ever promoted per view. Every request is
 * answered with the current view, which makes a lost reply harmless: the proposer asks again.
 */
export function pbCfg(initial: View): NodeLogic<CfgState, PbMessage> {
  return {
    init: () => ({ view: { ...initial, backups: [...initial.backups] }, flags: {} }),
    onMessage: (state, from, msg, ctx) => {
      if (msg.type === 'pb.cfg.propose') {
        const view = state.view;
        const member = view.primary === from || view.backups.includes(from);
        if (msg.expect === view.num && state.flags[view.num] === undefined && member && msg.next.primary === from) {
          state.flags[view.num] = from;
          // A new object: the old view may still be referenced by messages in flight.
          state.view = { num: view.num + 1, primary: from, backups: msg.next.backups.filter((id) => id !== from) };
          ctx.output('pb.view', state.view);
        }
      } else if (msg.type !== 'pb.cfg.get') {
        return;
      }
      ctx.send(from, { type: 'pb.cfg.view', view: state.view });
    },
  };
}
