import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ANDROID_TOKEN, registerBody, startApp } from './support.js';

const unregisterBody = JSON.stringify({ token: ANDROID_TOKEN, platform: 'android', app_ver: '1' });

test('unregistering answers exactly {"status":"unregistered"} and expires the token', async (t) => {
  const app = await startApp(t);
  await app.post('/register-token', registerBody({ token: ANDROID_TOKEN, platform: 'android' }));

  const res = await app.post('/unregister-token', unregisterBody);

  assert.equal(res.status, 200);
  assert.equal(res.text, '{"status":"unregistered"}');
  const [row] = [...app.store.rows.values()];
  assert.equal(row?.status, 'expired');
  assert.deepEqual(app.metrics.unregistrations, ['android:expired']);
});

test('an unknown token gets the same answer as a known one', async (t) => {
  const app = await startApp(t);

  const res = await app.post('/unregister-token', unregisterBody);

  assert.equal(res.status, 200);
  assert.equal(res.text, '{"status":"unregistered"}');
  assert.equal(app.store.rows.size, 0);
  assert.deepEqual(app.metrics.unregistrations, ['android:unknown']);
});

test('unregistering twice answers the same both times', async (t) => {
  const app = await startApp(t);
  await app.post('/register-token', registerBody({ token: ANDROID_TOKEN, platform: 'android' }));

  const first = await app.post('/unregister-token', unregisterBody);
  const second = await app.post('/unregister-token', unregisterBody);

  assert.equal(first.text, second.text);
  assert.deepEqual(app.metrics.unregistrations, ['android:expired', 'android:already_expired']);
});

test('unregister checks the shape of its body too', async (t) => {
  const app = await startApp(t);

  const res = await app.post('/unregister-token', JSON.stringify({ platform: 'android' }));

  assert.equal(res.status, 422);
  assert.match(res.json().detail, /token is required/);
  assert.deepEqual(app.metrics.unregistrations, []);
});
