import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PoolStats } from '@pushreg/core';
import { PromMetrics } from '../src/index.js';
import { find, parseExposition, sampleValue } from './exposition.js';

const scrape = async (metrics: PromMetrics) => parseExposition(await metrics.render());
const connections = (samples: ReturnType<typeof parseExposition>, state: string) =>
  sampleValue(samples, 'pushreg_db_pool_connections', { state });

test('pool gauges report the callback’s numbers at each scrape', async () => {
  let stats: PoolStats = { limit: 10, open: 4, idle: 1, waiting: 0 };
  const metrics = new PromMetrics({ defaultMetrics: false, poolStats: () => stats });

  let samples = await scrape(metrics);
  assert.equal(connections(samples, 'open'), 4);
  assert.equal(connections(samples, 'idle'), 1);
  assert.equal(connections(samples, 'busy'), 3);
  assert.equal(connections(samples, 'waiting'), 0);
  assert.equal(sampleValue(samples, 'pushreg_db_pool_limit'), 10);

  stats = { limit: 10, open: 10, idle: 0, waiting: 7 };
  samples = await scrape(metrics);
  assert.equal(connections(samples, 'busy'), 10);
  assert.equal(connections(samples, 'waiting'), 7);
});

test('pool gauges have no series while the callback returns undefined or throws', async () => {
  let stats: PoolStats | undefined | Error = { limit: 5, open: 1, idle: 1, waiting: 0 };
  const metrics = new PromMetrics({
    defaultMetrics: false,
    poolStats: () => {
      if (stats instanceof Error) throw stats;
      return stats;
    },
  });
  assert.equal(sampleValue(await scrape(metrics), 'pushreg_db_pool_limit'), 5);

  stats = undefined;
  let samples = await scrape(metrics);
  assert.deepEqual(find(samples, 'pushreg_db_pool_connections'), []);
  assert.deepEqual(find(samples, 'pushreg_db_pool_limit'), []);

  stats = new Error('pool is gone');
  samples = await scrape(metrics);
  assert.deepEqual(find(samples, 'pushreg_db_pool_limit'), []);
  assert.equal(find(samples, 'pushreg_registrations_total').length, 9);
});

test('without a pool callback no pool metric is declared', async () => {
  const text = await new PromMetrics({ defaultMetrics: false }).render();
  assert.doesNotMatch(text, /pushreg_db_pool/);
});

test('Node’s default process metrics are exported unless turned off', async () => {
  const withDefaults = await scrape(new PromMetrics());
  assert.equal(find(withDefaults, 'process_cpu_user_seconds_total').length, 1);
  assert.ok(find(withDefaults, 'nodejs_heap_size_used_bytes').length > 0);

  const without = await scrape(new PromMetrics({ defaultMetrics: false }));
  assert.deepEqual(find(without, 'process_cpu_user_seconds_total'), []);
});

test('a prefix goes before every metric name, default metrics included', async () => {
  const metrics = new PromMetrics({ prefix: 'edge_', poolStats: () => undefined });
  metrics.request({ method: 'GET', route: '/health', status: 200, durationSeconds: 0.001 });
  const names = new Set(parseExposition(await metrics.render()).map((s) => s.name));
  assert.ok(names.has('edge_http_requests_total'));
  assert.ok(names.has('edge_pushreg_registrations_total'));
  assert.ok(names.has('edge_process_cpu_user_seconds_total'));
  assert.deepEqual(
    [...names].filter((name) => !name.startsWith('edge_')),
    [],
  );
});

test('renders in the Prometheus text format it names', async () => {
  const metrics = new PromMetrics({ defaultMetrics: false });
  assert.match(metrics.contentType, /^text\/plain; version=0\.0\.4/);
  assert.match(await metrics.render(), /^# HELP http_requests_total /m);
  assert.match(await metrics.render(), /^# TYPE http_request_duration_seconds histogram$/m);
});
