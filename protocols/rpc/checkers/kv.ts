import type { Checker, Simulation } from '../../../sim/simulation.js';
import { kvKey } from '../procedures.js';
import { describeCall, indexCalls, type CallRecord } from './calls.js';

interface KeyState {
  client: string;
  /** The value of the latest acknowledged put ('' before any). */
  latest: string;
  /** Values of puts with unknown outcome: each may have landed at any later time, or never. */
  floating: Set<string>;
}

const show = (value: string): string => (value === '' ? 'nothing' : `'${value}'`);

function allowed(state: KeyState): string {
  const floating = [...state.floating].map(show);
  return `the latest acknowledged put wrote ${show(state.latest)}${floating.length > 0 ? ` (or an unknown put: ${floating.join(', ')})` : ''}`;
}

/**
 * Put/get on keys, each used by one client only (the workload guarantees it), whose calls run one
 * at a time. Then a get must read the latest acknowledged put of its key, or a put of unknown
 * outcome; so must the final value in the server's storage. A duplicate of an old put re-executed
 * later (at-least-once) makes a read go back in time and fails this.
 */
export function kvChecker(server: string): Checker {
  return {
    name: 'rpc-kv',
    kind: 'safety',
    atEnd: (sim: Simulation) => {
      const keys = new Map<string, KeyState>();
      const check = (call: CallRecord): string | undefined => {
        const key = call.key as string;
        let state = keys.get(key);
        if (!state) keys.set(key, (state = { client: call.client, latest: '', floating: new Set() }));
        if (state.client !== call.client) return `key ${key} is used by ${state.client} and ${call.client}: this checker needs one client per key`;
        if (call.f === 'put') {
          if (call.outcome === 'ok') state.latest = String(call.value);
          else if (call.outcome !== 'fail') state.floating.add(String(call.value));
          return undefined;
        }
        if (call.outcome !== 'ok') return undefined;
        const read = typeof call.result === 'string' ? call.result : '';
        if (read === state.latest || state.floating.has(read)) return undefined;
        return `${describeCall(call)} read ${show(read)}, but ${allowed(state)}`;
      };
      for (const call of indexCalls(sim).calls) {
        if (call.f !== 'put' && call.f !== 'get') continue;
        const problem = check(call);
        if (problem) return problem;
      }
      const storage = sim.storageOf(server);
      for (const [key, state] of keys) {
        const stored = storage.get<string>(kvKey(key)) ?? '';
        if (stored !== state.latest && !state.floating.has(stored)) return `key ${key} ends holding ${show(stored)}, but ${allowed(state)}`;
      }
      return undefined;
    },
  };
}
