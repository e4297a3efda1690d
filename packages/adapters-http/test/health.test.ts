import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StoreUnavailableError } from '@pushreg/core';
import { startApp } from './support.js';

test('GET /health answers the exact body of the original service when the store answers', async (t) => {
  const app = await startApp(t);

  const res = await app.send('/health');

  assert.equal(res.status, 200);
  assert.equal(res.text, '{"status":"ok","message":"Service is running"}');
  assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
});

test('GET /health answers 503 with the exact original body when the store is down', async (t) => {
  const app = await startApp(t);
  app.store.failWith = new StoreUnavailableError();

  const res = await app.send('/health');

  assert.equal(res.status, 503);
  assert.equal(res.text, '{"status":"error","message":"Database unavailable"}');
});

test('GET /health needs no API key and ignores a bad one', async (t) => {
  const app = await startApp(t);

  const res = await app.send('/health', { headers: { 'x-api-key': 'not a key' } });

  assert.equal(res.status, 200);
});

test('HEAD /health answers 200 without a body', async (t) => {
  const app = await startApp(t);

  const res = await app.send('/health', { method: 'HEAD' });

  assert.equal(res.status, 200);
  assert.equal(res.text, '');
});

test('no response advertises the framework', async (t) => {
  const app = await startApp(t);

  const res = await app.send('/health');

  assert.equal(res.headers.get('x-powered-by'), null);
});
