/**
 * A logical clock as a set of rules. The chatter application applies them at each event; checkers
 * use `happenedBefore` to judge the clock's own comparison against the ground truth.
 * Rules may mutate the clock they are given (vector clocks do, to stay O(n) per event) and return it.
 */
export interface ClockRules<T> {
  readonly name: string;
  /** The clock of process `self` (of `size`) before its first event. */
  initial(size: number, self: number): T;
  /** A local or send event. */
  tick(clock: T, self: number): T;
  /** A receive event of a message stamped `received`. */
  receive(clock: T, received: T, self: number): T;
  /** A copy that later ticks cannot change (a message stamp, a recorded event). */
  copy(clock: T): T;
  /** Whether the clock says the event stamped `a` happened before the one stamped `b`. */
  happenedBefore(a: T, b: T): boolean;
}
