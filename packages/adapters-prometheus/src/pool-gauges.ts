import type { PoolStats } from '@pushreg/core';
import type { Registry } from 'prom-client';
import { type Sample, ScrapedGauge } from './scraped-gauge.js';

type State = 'open' | 'idle' | 'busy' | 'waiting';

/** Registers the pool gauges, read from `poolStats` at each scrape and absent while it has none. */
export function registerPoolGauges(
  registry: Registry,
  prefix: string,
  poolStats: () => PoolStats | undefined,
): void {
  // The port promises poolStats never throws; a scrape must survive a store that breaks that.
  const snapshot = (): PoolStats | undefined => {
    try {
      return poolStats();
    } catch {
      return undefined;
    }
  };

  new ScrapedGauge<'state'>(
    {
      name: `${prefix}pushreg_db_pool_connections`,
      help: 'Store pool connections by state (busy = open - idle; waiting = queued callers)',
      labelNames: ['state'],
      registers: [registry],
    },
    () => {
      const stats = snapshot();
      if (!stats) return [];
      const counts: Record<State, number> = {
        open: stats.open,
        idle: stats.idle,
        busy: Math.max(0, stats.open - stats.idle),
        waiting: stats.waiting,
      };
      return Object.entries(counts).map(
        ([state, value]): Sample<'state'> => ({
          labels: { state },
          value,
        }),
      );
    },
  );

  new ScrapedGauge<never>(
    {
      name: `${prefix}pushreg_db_pool_limit`,
      help: 'Most connections the store pool may open',
      registers: [registry],
    },
    () => {
      const stats = snapshot();
      return stats ? [{ labels: {}, value: stats.limit }] : [];
    },
  );
}
