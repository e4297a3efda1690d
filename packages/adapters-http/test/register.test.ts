import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ANDROID_TOKEN, IOS_TOKEN, registerBody, startApp } from './support.js';

const only = <T>(rows: Map<string, T>): T => {
  assert.equal(rows.size, 1, 'exactly one stored registration');
  return [...rows.values()][0] as T;
};

test('registering a token answers exactly {"status":"registered"} and stores it', async (t) => {
  const app = await startApp(t);

  const res = await app.post('/register-token', registerBody());

  assert.equal(res.status, 200);
  assert.equal(res.text, '{"status":"registered"}');
  const row = only(app.store.rows);
  assert.equal(row.platform, 'ios');
  assert.equal(row.appVersion, '1.0.0');
  assert.equal(row.locale, 'en_UK');
  assert.deepEqual(row.topics, ['news']);
  assert.equal(row.status, 'active');
  assert.equal(row.apiKeyId, app.record.id);
  assert.deepEqual(app.metrics.registrations, ['ios:created']);
});

test('only token and platform are required: other fields may be absent or null', async (t) => {
  const app = await startApp(t);

  const absent = await app.post(
    '/register-token',
    JSON.stringify({ token: ANDROID_TOKEN, platform: 'android' }),
  );
  const nulls = await app.post(
    '/register-token',
    JSON.stringify({
      token: IOS_TOKEN,
      platform: 'ios',
      app_ver: null,
      locale: null,
      topics: null,
    }),
  );

  assert.equal(absent.status, 200);
  assert.equal(nulls.status, 200);
  for (const row of app.store.rows.values()) {
    assert.equal(row.appVersion, null);
    assert.equal(row.locale, null);
    assert.deepEqual(row.topics, []);
  }
});

test('fields the API does not know are ignored', async (t) => {
  const app = await startApp(t);

  const res = await app.post('/register-token', registerBody({ device_model: 'phone' }));

  assert.equal(res.status, 200);
  assert.equal(app.store.rows.size, 1);
});

test('registering the same token again updates its metadata and replaces its topics', async (t) => {
  const app = await startApp(t);
  await app.post('/register-token', registerBody({ topics: ['news', 'sport'] }));

  const res = await app.post(
    '/register-token',
    registerBody({ app_ver: '2.0.0', locale: 'pt-BR', topics: ['weather'] }),
  );

  assert.equal(res.text, '{"status":"registered"}');
  const row = only(app.store.rows);
  assert.equal(row.appVersion, '2.0.0');
  assert.equal(row.locale, 'pt-BR');
  assert.deepEqual(row.topics, ['weather']);
  assert.deepEqual(app.metrics.registrations, ['ios:created', 'ios:updated']);
});

test('re-registering an unregistered token reactivates it', async (t) => {
  const app = await startApp(t);
  await app.post('/register-token', registerBody());
  await app.post('/unregister-token', JSON.stringify({ token: IOS_TOKEN, platform: 'ios' }));
  assert.equal(only(app.store.rows).status, 'expired');

  const res = await app.post('/register-token', registerBody());

  assert.equal(res.status, 200);
  assert.equal(only(app.store.rows).status, 'active');
  assert.equal(only(app.store.rows).expiredAt, null);
  assert.deepEqual(app.metrics.registrations, ['ios:created', 'ios:reactivated']);
});

test('an uppercase APNs token is the same registration as its lowercase form', async (t) => {
  const app = await startApp(t);
  await app.post('/register-token', registerBody({ token: IOS_TOKEN.toLowerCase() }));

  const res = await app.post('/register-token', registerBody({ token: IOS_TOKEN.toUpperCase() }));

  assert.equal(res.status, 200);
  assert.equal(app.store.rows.size, 1);
  assert.deepEqual(app.metrics.registrations, ['ios:created', 'ios:updated']);
});

test('Content-Type application/json with a charset parameter is accepted', async (t) => {
  const app = await startApp(t);

  const res = await app.post('/register-token', registerBody(), {
    'content-type': 'application/json; charset=utf-8',
  });

  assert.equal(res.status, 200);
  assert.equal(app.store.rows.size, 1);
});

test('a token with surrounding whitespace is trimmed, not refused', async (t) => {
  const app = await startApp(t);

  const res = await app.post('/register-token', registerBody({ token: `\n ${IOS_TOKEN}\t` }));

  assert.equal(res.status, 200);
  assert.equal(app.store.rows.size, 1);
});
