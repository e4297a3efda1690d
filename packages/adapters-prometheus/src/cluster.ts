import { AggregatorRegistry } from 'prom-client';
import type { PromMetrics } from './prom-metrics.js';

/** Anything that can answer a scrape. */
export interface MetricsSource {
  readonly contentType: string;
  render(): Promise<string>;
}

/**
 * In a node:cluster worker: answers the primary's scrape requests with this instance's
 * registry. Constructing an AggregatorRegistry is what installs prom-client's worker listener.
 */
export function shareMetricsWithPrimary(metrics: PromMetrics): void {
  new AggregatorRegistry();
  AggregatorRegistry.setRegistries([metrics.registry]);
}

/** In the node:cluster primary: every worker's metrics merged (counters summed). */
export class ClusterMetrics implements MetricsSource {
  private readonly aggregator = new AggregatorRegistry();
  readonly contentType: string = this.aggregator.contentType;

  render(): Promise<string> {
    return this.aggregator.clusterMetrics();
  }
}
