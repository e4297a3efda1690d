import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { UNMATCHED_ROUTE } from '../src/index.js';
import { ANDROID_TOKEN, IOS_TOKEN, registerBody, startApp } from './support.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

test("a caller's safe X-Request-Id is echoed in the header, the problem and the log", async (t) => {
  const app = await startApp(t);

  const res = await app.post('/register-token', '{', { 'x-request-id': 'req-42.a_B' });

  assert.equal(res.headers.get('x-request-id'), 'req-42.a_B');
  assert.equal(res.json().request_id, 'req-42.a_B');
  assert.equal(app.logger.lines.at(-1)?.obj.requestId, 'req-42.a_B');
});

test('a request without an id gets a fresh one each time', async (t) => {
  const app = await startApp(t);

  const first = await app.send('/health');
  const second = await app.send('/health');

  const ids = [first, second].map((r) => r.headers.get('x-request-id') ?? '');
  assert.match(ids[0] ?? '', UUID);
  assert.notEqual(ids[0], ids[1]);
});

test('an unsafe or repeated X-Request-Id is replaced, not echoed', async (t) => {
  const app = await startApp(t);
  const unsafe = ['has space', 'x'.repeat(65), 'a/b', '<script>', 'a;b=c'];

  for (const id of unsafe) {
    const res = await app.send('/health', { headers: { 'x-request-id': id } });
    assert.match(res.headers.get('x-request-id') ?? '', UUID, id);
  }
  const repeated = await app.raw({
    method: 'GET',
    path: '/health',
    headers: { 'x-request-id': ['one', 'two'] },
  });
  assert.match(String(repeated.headers['x-request-id']), UUID);
});

test('metrics label known paths with their route template', async (t) => {
  const app = await startApp(t);

  await app.post('/register-token', registerBody());
  await app.send('/health?verbose=1');
  await app.send('/unregister-token');

  assert.deepEqual(
    app.metrics.requests.map(({ method, route, status }) => [method, route, status]),
    [
      ['POST', '/register-token', 200],
      ['GET', '/health', 200],
      ['GET', '/unregister-token', 405],
    ],
  );
  for (const { durationSeconds } of app.metrics.requests) assert.ok(durationSeconds >= 0);
});

test('200 random paths share one route label, so a scan adds no metric series', async (t) => {
  const app = await startApp(t);

  for (let i = 0; i < 200; i++) {
    const segment = randomBytes(6).toString('hex');
    const path = [`/${segment}`, `/api/${segment}/x?q=${i}`, `/%2e%2e/${segment}`][i % 3];
    await app.send(path ?? '/', { method: i % 2 ? 'GET' : 'POST' });
  }

  const routes = new Set(app.metrics.requests.map((r) => r.route));
  assert.deepEqual([...routes], [UNMATCHED_ROUTE]);
  assert.ok(app.metrics.requests.every((r) => r.status === 404));
});

test('methods outside the standard set share one label', async (t) => {
  const app = await startApp(t);

  for (const method of ['PROPFIND', 'MKCOL', 'PURGE', 'SEARCH']) {
    await app.raw({ method, path: '/health' });
    await app.raw({ method, path: `/${method.toLowerCase()}` });
  }

  assert.deepEqual([...new Set(app.metrics.requests.map((r) => r.method))], ['OTHER']);
});

test('each request logs one info line with route, status, duration, request id and key id', async (t) => {
  const app = await startApp(t);

  const res = await app.post('/register-token', registerBody());

  assert.equal(app.logger.lines.length, 1);
  const [line] = app.logger.lines;
  assert.equal(line?.level, 'info');
  assert.deepEqual(
    { ...line?.obj, durationMs: typeof line?.obj.durationMs },
    {
      method: 'POST',
      route: '/register-token',
      status: 200,
      durationMs: 'number',
      requestId: res.headers.get('x-request-id'),
      keyId: app.record.id,
      code: null,
    },
  );
});

test('no log line or metric holds a token or an API key, even for refused requests', async (t) => {
  const app = await startApp(t);
  const otherKey = `${app.key}x`;

  await app.post('/register-token', registerBody());
  await app.post('/register-token', registerBody({ platform: 'android' }));
  await app.post('/register-token', registerBody({ token: `${ANDROID_TOKEN} ` }));
  await app.post('/register-token', registerBody({ platform: IOS_TOKEN }));
  await app.post('/register-token', `{"token":"${IOS_TOKEN}"`);
  await app.post('/register-token', registerBody(), { 'x-api-key': otherKey });
  await app.post('/register-token', registerBody(), { 'x-api-key': IOS_TOKEN });
  await app.post('/unregister-token', registerBody({ token: ANDROID_TOKEN, topics: 3 }));
  await app.send(`/${IOS_TOKEN}`, { headers: { 'x-api-key': app.key } });

  assert.equal(app.logger.lines.length, 9, 'every request was logged');
  const seen = app.observed();
  for (const secret of [IOS_TOKEN, ANDROID_TOKEN, 'dEvIcE', app.key, otherKey]) {
    assert.ok(!seen.includes(secret), 'no secret in the logs or metrics');
  }
});
