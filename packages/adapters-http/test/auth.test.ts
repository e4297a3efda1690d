import assert from 'node:assert/strict';
import { test } from 'node:test';
import { registerBody, startApp } from './support.js';

test('a request without X-API-Key gets 401 missing_api_key', async (t) => {
  const app = await startApp(t);

  const res = await app.post('/register-token', registerBody(), { 'x-api-key': '' });

  assert.equal(res.status, 401);
  assert.equal(res.json().code, 'missing_api_key');
  assert.equal(app.store.rows.size, 0);
});

test('an unknown API key gets 401 invalid_api_key', async (t) => {
  const app = await startApp(t);

  const res = await app.post('/unregister-token', registerBody(), { 'x-api-key': 'test_nope' });

  assert.equal(res.status, 401);
  assert.equal(res.json().code, 'invalid_api_key');
});

test('a revoked API key gets 401', async (t) => {
  const app = await startApp(t);
  await app.admin.revoke(app.record.id);

  const res = await app.post('/register-token', registerBody());

  assert.equal(res.status, 401);
  assert.equal(app.store.rows.size, 0);
});

test('a key without the tokens:write scope gets 403 insufficient_scope', async (t) => {
  const app = await startApp(t);
  const reader = await app.admin.create('reader', ['tokens:read']);

  const res = await app.post('/register-token', registerBody(), { 'x-api-key': reader.key });

  assert.equal(res.status, 403);
  assert.equal(res.json().code, 'insufficient_scope');
  assert.equal(app.store.rows.size, 0);
});

test('without a valid key the body is never judged: bad JSON still gets 401', async (t) => {
  const app = await startApp(t);

  const bad = await app.post('/register-token', '{not json', { 'x-api-key': 'test_nope' });
  const form = await app.post('/register-token', 'a=b', {
    'x-api-key': '',
    'content-type': 'application/x-www-form-urlencoded',
  });
  const huge = await app.post('/register-token', 'x'.repeat(2_000_000), { 'x-api-key': '' });

  assert.deepEqual([bad.status, form.status, huge.status], [401, 401, 401]);
});

test('an X-API-Key of 10 KB gets 401, not a server error', async (t) => {
  const app = await startApp(t);
  const longKey = `test_${'a'.repeat(10 * 1024)}`;

  const res = await app.post('/register-token', registerBody(), { 'x-api-key': longKey });

  assert.equal(res.status, 401);
  assert.ok(!app.observed().includes(longKey.slice(0, 64)));
});

test('two X-API-Key headers are refused even when both are valid', async (t) => {
  const app = await startApp(t);

  const res = await app.raw({
    path: '/register-token',
    headers: { 'content-type': 'application/json', 'x-api-key': [app.key, app.key] },
    chunks: [registerBody()],
  });

  assert.equal(res.status, 401);
  assert.equal(JSON.parse(res.text).code, 'invalid_api_key');
  assert.equal(app.store.rows.size, 0);
});

test('the authenticated key id, and never the key, is on the request log line', async (t) => {
  const app = await startApp(t);

  await app.post('/register-token', registerBody());

  const line = app.logger.lines.at(-1);
  assert.equal(line?.obj.keyId, app.record.id);
  assert.ok(!app.observed().includes(app.key));
});
