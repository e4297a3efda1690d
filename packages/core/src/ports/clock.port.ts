/** Source of the current time, replaceable in tests. */
export interface Clock {
  /** Returns the current instant. */
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
