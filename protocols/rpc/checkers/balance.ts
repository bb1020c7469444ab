import type { Checker, Simulation } from '../../../sim/simulation.js';
import { BALANCE_KEY } from '../procedures.js';
import { describeCall, indexCalls, type CallRecord } from './calls.js';
import { subsetSums } from './subset-sums.js';

const deltaOf = (call: CallRecord): number => (call.f === 'debit' ? -1 : 1) * Number(call.value);

/**
 * The bank account's final balance must be what the history implies: the initial balance, plus
 * every acknowledged credit, minus every acknowledged debit, each counted once, plus any subset of
 * the operations whose outcome is unknown (info, or still open at the end), minus nothing for `fail`
 * (definitely not applied). A debit applied twice fails it unless unknown operations happen to
 * explain the difference exactly (then the executions checker may still catch it).
 */
export function balanceChecker(server: string, initialBalance: number): Checker {
  return {
    name: 'rpc-balance',
    kind: 'safety',
    atEnd: (sim: Simulation) => {
      const finalBalance = sim.storageOf(server).get<number>(BALANCE_KEY) ?? initialBalance;
      const bank = indexCalls(sim).calls.filter((call) => call.f === 'debit' || call.f === 'credit');
      let implied = initialBalance;
      const unknown: number[] = [];
      for (const call of bank) {
        if (call.outcome === 'ok') implied += deltaOf(call);
        else if (call.outcome === 'info' || call.outcome === 'open') unknown.push(deltaOf(call));
      }
      if (subsetSums(unknown).has(finalBalance - implied)) return undefined;
      const repeated = bank.filter((call) => call.executions > 1).map((call) => `${describeCall(call)} ×${call.executions}`);
      const lost = bank.filter((call) => call.outcome === 'ok' && call.executions === 0).map(describeCall);
      const why = [
        repeated.length > 0 ? `executed more than once: ${repeated.slice(0, 5).join(', ')}${repeated.length > 5 ? ', …' : ''}` : '',
        lost.length > 0 ? `acknowledged but never executed: ${lost.slice(0, 5).join(', ')}` : '',
      ].filter((part) => part !== '');
      return (
        `final balance ${finalBalance}, but the acknowledged operations imply ${implied}` +
        (unknown.length > 0 ? ` (give or take any of ${unknown.length} unknown operation(s), none of which explain ${finalBalance - implied})` : '') +
        (why.length > 0 ? `; ${why.join('; ')}` : '')
      );
    },
  };
}
