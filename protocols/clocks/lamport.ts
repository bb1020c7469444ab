import type { ClockRules } from './rules.js';

/**
 * Lamport's rules: tick by one at every event; on receive take max(own, message) and then tick, so
 * the receive is later than both the send and the receiver's previous event.
 */
export const lamportRules: ClockRules<number> = {
  name: 'lamport',
  initial: () => 0,
  tick: (clock) => clock + 1,
  receive: (clock, received) => Math.max(clock, received) + 1,
  copy: (clock) => clock,
  // Only a→b ⇒ L(a) < L(b) holds: a smaller Lamport time does not mean "happened before".
  happenedBefore: (a, b) => a < b,
};
