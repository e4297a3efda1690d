export { ClusterMetrics, type MetricsSource, shareMetricsWithPrimary } from './cluster.js';
export { PromMetrics, type PromMetricsOptions } from './prom-metrics.js';
