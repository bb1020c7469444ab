/** One request/response exchange, all four timestamps in ms (t1, t4 on the client's clock; t2, t3 on the server's). */
export interface Exchange {
  t1: number;
  t2: number;
  t3: number;
  t4: number;
}

/** Round-trip time, minus the server's own processing time. */
export const roundTripMs = ({ t1, t2, t3, t4 }: Exchange): number => t4 - t1 - (t3 - t2);

/**
 * The server's clock minus the client's, assuming the two one-way delays are equal. Whatever the
 * real split of the round trip, the estimate is off by at most roundTrip / 2.
 */
export const offsetMs = ({ t1, t2, t3, t4 }: Exchange): number => (t2 - t1 + (t3 - t4)) / 2;
