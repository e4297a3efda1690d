import {
  type ExpireOutcome,
  type Metrics,
  PLATFORMS,
  type Platform,
  type PoolStats,
  type RequestObservation,
  type UpsertOutcome,
} from '@pushreg/core';
import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import { methodLabel, routeLabel, statusLabel } from './labels.js';
import { registerPoolGauges } from './pool-gauges.js';

/** Options for PromMetrics. */
export interface PromMetricsOptions {
  /** Reads the store's pool at each scrape; no pool gauges when absent or returning undefined. */
  readonly poolStats?: () => PoolStats | undefined;
  /** Put before every metric name, default metrics included; empty by default. */
  readonly prefix?: string;
  /** Whether to export Node's process metrics (CPU, memory, event loop, GC); true by default. */
  readonly defaultMetrics?: boolean;
}

const UPSERT_OUTCOMES: readonly UpsertOutcome[] = ['created', 'updated', 'reactivated'];
const EXPIRE_OUTCOMES: readonly ExpireOutcome[] = ['expired', 'already_expired', 'unknown'];
// The API answers in 1–100 ms; the upper buckets catch stalls on a slow store.
const DURATION_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

/** The metrics port on prom-client, with a Registry of its own so instances never collide. */
export class PromMetrics implements Metrics {
  /** The registry holding every metric of this instance, to serve or merge elsewhere. */
  readonly registry = new Registry();
  /** The Content-Type of what render() returns. */
  readonly contentType: string = this.registry.contentType;

  private readonly requests: Counter<'method' | 'path' | 'status'>;
  private readonly durations: Histogram<'method' | 'path' | 'status'>;
  private readonly registrations: Counter<'platform' | 'outcome'>;
  private readonly unregistrations: Counter<'platform' | 'outcome'>;

  constructor(options: PromMetricsOptions = {}) {
    const prefix = options.prefix ?? '';
    const registers = [this.registry];
    const httpLabels = ['method', 'path', 'status'] as const;

    this.requests = new Counter({
      name: `${prefix}http_requests_total`,
      help: 'HTTP requests by method, route template and status',
      labelNames: httpLabels,
      registers,
    });
    this.durations = new Histogram({
      name: `${prefix}http_request_duration_seconds`,
      help: 'HTTP request duration in seconds by method, route template and status',
      labelNames: httpLabels,
      buckets: DURATION_BUCKETS,
      registers,
    });
    this.registrations = new Counter({
      name: `${prefix}pushreg_registrations_total`,
      help: 'Tokens registered, by platform and outcome (created, updated, reactivated)',
      labelNames: ['platform', 'outcome'],
      registers,
    });
    this.unregistrations = new Counter({
      name: `${prefix}pushreg_unregistrations_total`,
      help: 'Tokens unregistered, by platform and outcome (expired, already_expired, unknown)',
      labelNames: ['platform', 'outcome'],
      registers,
    });

    // Series that exist from the start let dashboards and rate() see the first event.
    for (const platform of PLATFORMS) {
      for (const outcome of UPSERT_OUTCOMES) this.registrations.inc({ platform, outcome }, 0);
      for (const outcome of EXPIRE_OUTCOMES) this.unregistrations.inc({ platform, outcome }, 0);
    }

    if (options.poolStats) registerPoolGauges(this.registry, prefix, options.poolStats);
    if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: this.registry, prefix });
  }

  registration(platform: Platform, outcome: UpsertOutcome): void {
    this.registrations.inc({ platform, outcome });
  }

  unregistration(platform: Platform, outcome: ExpireOutcome): void {
    this.unregistrations.inc({ platform, outcome });
  }

  request(observation: RequestObservation): void {
    const labels = {
      method: methodLabel(observation.method),
      path: routeLabel(observation.route),
      status: statusLabel(observation.status),
    };
    this.requests.inc(labels);
    const seconds = observation.durationSeconds;
    // prom-client throws on NaN; a clock step backwards counts as an instant request.
    if (Number.isFinite(seconds)) this.durations.observe(labels, Math.max(0, seconds));
  }

  /** Returns every metric in the Prometheus text format. */
  render(): Promise<string> {
    return this.registry.metrics();
  }
}
