/** What one load run measured, whichever generator drove it. */
export interface LoadResult {
  /** Responses received (any status) per second. */
  readonly rps: number;
  readonly requests: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Connection errors and timeouts. */
  readonly errors: number;
  /** Responses with a status other than 2xx. */
  readonly non2xx: number;
  /** Requests each load thread handed out, answered or not, in sequence order. */
  readonly sentByThread: readonly number[];
}

export interface LoadRun {
  readonly url: string;
  readonly connections: number;
  readonly seconds: number;
  /** Body file per thread: the pattern gets the thread index in place of %d. */
  readonly filePattern: string;
  readonly apiKey: string;
}

export interface LoadGenerator {
  readonly name: string;
  /** Threads the generator uses, so each gets its own body sequence. */
  threads(connections: number): number;
  run(load: LoadRun): Promise<LoadResult>;
}
