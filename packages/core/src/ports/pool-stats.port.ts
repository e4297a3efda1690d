/** A snapshot of a store's connection pool, for gauges. */
export interface PoolStats {
  /** Connections the pool may open. */
  readonly limit: number;
  /** Connections currently open, busy or idle. */
  readonly open: number;
  /** Open connections waiting for work. */
  readonly idle: number;
  /** Callers queued for a connection. */
  readonly waiting: number;
}

/** Implemented by stores that keep a pool. */
export interface PoolStatsSource {
  /** Returns the pool's state now; must be cheap and never throw. */
  poolStats(): PoolStats;
}
