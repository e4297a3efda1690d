export { PromMetrics, type PromMetricsOptions } from './prom-metrics.js';
