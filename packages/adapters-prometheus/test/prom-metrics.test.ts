import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { PLATFORMS } from '@pushreg/core';
import { PromMetrics } from '../src/index.js';
import { find, parseExposition, sampleValue } from './exposition.js';

const scrape = async (metrics: PromMetrics) => parseExposition(await metrics.render());
const lean = () => new PromMetrics({ defaultMetrics: false });

describe('PromMetrics counters', () => {
  test('registration and unregistration series start at 0 for every platform and outcome', async () => {
    const samples = await scrape(lean());
    for (const platform of PLATFORMS) {
      for (const outcome of ['created', 'updated', 'reactivated']) {
        assert.equal(sampleValue(samples, 'pushreg_registrations_total', { platform, outcome }), 0);
      }
      for (const outcome of ['expired', 'already_expired', 'unknown']) {
        assert.equal(
          sampleValue(samples, 'pushreg_unregistrations_total', { platform, outcome }),
          0,
        );
      }
    }
    assert.equal(find(samples, 'pushreg_registrations_total').length, 9);
    assert.equal(find(samples, 'pushreg_unregistrations_total').length, 9);
  });

  test('counts registrations and unregistrations by platform and outcome', async () => {
    const metrics = lean();
    metrics.registration('ios', 'created');
    metrics.registration('ios', 'created');
    metrics.registration('android', 'reactivated');
    metrics.unregistration('web', 'already_expired');

    const samples = await scrape(metrics);
    const registrations = (platform: string, outcome: string) =>
      sampleValue(samples, 'pushreg_registrations_total', { platform, outcome });
    assert.equal(registrations('ios', 'created'), 2);
    assert.equal(registrations('android', 'reactivated'), 1);
    assert.equal(registrations('web', 'created'), 0);
    assert.equal(
      sampleValue(samples, 'pushreg_unregistrations_total', {
        platform: 'web',
        outcome: 'already_expired',
      }),
      1,
    );
  });

  test('counts requests and their durations by method, route and status', async () => {
    const metrics = lean();
    const route = '/register-token';
    metrics.request({ method: 'POST', route, status: 200, durationSeconds: 0.004 });
    metrics.request({ method: 'POST', route, status: 200, durationSeconds: 0.02 });
    metrics.request({ method: 'POST', route, status: 422, durationSeconds: 0.001 });

    const samples = await scrape(metrics);
    const ok = { method: 'POST', path: route, status: '200' };
    assert.equal(sampleValue(samples, 'http_requests_total', ok), 2);
    assert.equal(sampleValue(samples, 'http_requests_total', { ...ok, status: '422' }), 1);
    assert.equal(sampleValue(samples, 'http_request_duration_seconds_count', ok), 2);
    assert.ok(
      Math.abs(sampleValue(samples, 'http_request_duration_seconds_sum', ok)! - 0.024) < 1e-9,
    );
    assert.equal(
      sampleValue(samples, 'http_request_duration_seconds_bucket', { ...ok, le: '0.005' }),
      1,
    );
    assert.equal(
      sampleValue(samples, 'http_request_duration_seconds_bucket', { ...ok, le: '0.025' }),
      2,
    );
    assert.equal(
      sampleValue(samples, 'http_request_duration_seconds_bucket', { ...ok, le: '+Inf' }),
      2,
    );
  });

  test('buckets resolve a 1–100 ms API', async () => {
    const metrics = lean();
    metrics.request({ method: 'GET', route: '/health', status: 200, durationSeconds: 0.001 });
    const les = find(await scrape(metrics), 'http_request_duration_seconds_bucket').map(
      (s) => s.labels.le,
    );
    for (const le of ['0.001', '0.005', '0.01', '0.05', '0.1', '2.5', '+Inf']) {
      assert.ok(les.includes(le), `bucket ${le} in ${les.join(' ')}`);
    }
  });

  test('two instances in one process both work and keep their own counts', async () => {
    const first = new PromMetrics();
    const second = new PromMetrics();
    first.registration('ios', 'created');
    second.registration('web', 'updated');
    second.registration('web', 'updated');

    const a = await scrape(first);
    const b = await scrape(second);
    const reg = { name: 'pushreg_registrations_total' } as const;
    assert.equal(sampleValue(a, reg.name, { platform: 'ios', outcome: 'created' }), 1);
    assert.equal(sampleValue(a, reg.name, { platform: 'web', outcome: 'updated' }), 0);
    assert.equal(sampleValue(b, reg.name, { platform: 'ios', outcome: 'created' }), 0);
    assert.equal(sampleValue(b, reg.name, { platform: 'web', outcome: 'updated' }), 2);
  });
});

describe('PromMetrics labels', () => {
  const observe = (metrics: PromMetrics, method: string, status = 200) =>
    metrics.request({ method, route: '/health', status, durationSeconds: 0.001 });

  test('an unknown method is counted as OTHER, a lower-case one as its upper case', async () => {
    const metrics = lean();
    observe(metrics, 'BREW');
    observe(metrics, 'PROPFIND');
    observe(metrics, 'get');
    const samples = await scrape(metrics);
    assert.equal(
      sampleValue(samples, 'http_requests_total', {
        method: 'OTHER',
        path: '/health',
        status: '200',
      }),
      2,
    );
    assert.equal(
      sampleValue(samples, 'http_requests_total', {
        method: 'GET',
        path: '/health',
        status: '200',
      }),
      1,
    );
    assert.deepEqual(
      [...new Set(find(samples, 'http_requests_total').map((s) => s.labels.method))].sort(),
      ['GET', 'OTHER'],
    );
  });

  test('odd statuses and durations are counted without throwing', async () => {
    const metrics = lean();
    const route = '/x';
    for (const status of [42, 200.5, Number.NaN, 1000]) {
      metrics.request({ method: 'GET', route, status, durationSeconds: 0.001 });
    }
    metrics.request({ method: 'GET', route, status: 200, durationSeconds: Number.NaN });
    metrics.request({ method: 'GET', route, status: 200, durationSeconds: -1 });

    const samples = await scrape(metrics);
    const labels = { method: 'GET', path: route };
    assert.equal(sampleValue(samples, 'http_requests_total', { ...labels, status: 'OTHER' }), 4);
    assert.equal(sampleValue(samples, 'http_requests_total', { ...labels, status: '200' }), 2);
    // The NaN duration is left out of the histogram; the negative one counts as 0.
    const ok = { ...labels, status: '200' };
    assert.equal(sampleValue(samples, 'http_request_duration_seconds_count', ok), 1);
    assert.equal(sampleValue(samples, 'http_request_duration_seconds_sum', ok), 0);
  });

  test('1,000 observations of one label set stay one series', async () => {
    const metrics = lean();
    for (let i = 0; i < 1000; i++) {
      metrics.request({
        method: 'POST',
        route: '/unregister-token',
        status: 200,
        durationSeconds: i / 1e5,
      });
    }
    const samples = await scrape(metrics);
    const series = find(samples, 'http_requests_total');
    assert.equal(series.length, 1);
    assert.equal(series[0]!.value, 1000);
    assert.equal(find(samples, 'http_request_duration_seconds_count').length, 1);
  });
});
