import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makeRegisterToken, StoreUnavailableError, ValidationError } from '@pushreg/core';
import { inMemoryCore, reader, writer } from './support.js';

const apns = 'ab12'.repeat(16);

test('registering a new token stores it sealed under its digest, with its metadata', async () => {
  const core = inMemoryCore();
  const register = makeRegisterToken(core);
  const outcome = await register(
    { token: apns, platform: 'ios', appVersion: '1.0.0', locale: 'en_UK', topics: ['news'] },
    writer,
  );
  assert.equal(outcome, 'created');
  const row = await core.store.findByDigest(core.hasher.digest(apns));
  assert.ok(row);
  assert.equal(core.cipher.open(row.sealedToken, row.digest), apns);
  assert.equal(row.appVersion, '1.0.0');
  assert.equal(row.locale, 'en_UK');
  assert.deepEqual(row.topics, ['news']);
  assert.equal(row.apiKeyId, 'key-1');
  assert.deepEqual(core.metrics.registrations, ['ios:created']);
});

test('re-registering updates metadata and replaces topics', async () => {
  const core = inMemoryCore();
  const register = makeRegisterToken(core);
  await register({ token: apns, platform: 'ios', topics: ['a', 'b'] }, writer);
  core.clock.advance(1000);
  const outcome = await register({ token: apns, platform: 'ios', topics: ['c'] }, writer);
  assert.equal(outcome, 'updated');
  const row = await core.store.findByDigest(core.hasher.digest(apns));
  assert.deepEqual(row?.topics, ['c']);
  assert.equal(row?.appVersion, null);
});

test('an uppercase APNs token is the same registration as its lowercase form', async () => {
  const core = inMemoryCore();
  const register = makeRegisterToken(core);
  assert.equal(await register({ token: apns.toUpperCase(), platform: 'ios' }, writer), 'created');
  assert.equal(await register({ token: ` ${apns} `, platform: 'ios' }, writer), 'updated');
  assert.equal(core.store.rows.size, 1);
});

test('re-registering an expired token reactivates it', async () => {
  const core = inMemoryCore();
  const register = makeRegisterToken(core);
  await register({ token: apns, platform: 'ios' }, writer);
  await core.store.expire(core.hasher.digest(apns), core.clock.now());
  assert.equal(await register({ token: apns, platform: 'ios' }, writer), 'reactivated');
  assert.deepEqual(core.metrics.registrations, ['ios:created', 'ios:reactivated']);
});

test('each seal of the same token differs', async () => {
  const core = inMemoryCore();
  const register = makeRegisterToken(core);
  await register({ token: apns, platform: 'ios' }, writer);
  const first = (await core.store.findByDigest(core.hasher.digest(apns)))?.sealedToken;
  await register({ token: apns, platform: 'ios' }, writer);
  const second = (await core.store.findByDigest(core.hasher.digest(apns)))?.sealedToken;
  assert.notDeepEqual(first, second);
});

const refusals: [string, Record<string, unknown>, string][] = [
  ['an unknown platform', { token: apns, platform: 'blackberry' }, 'invalid_platform'],
  ['a token in the wrong format', { token: 'not a token', platform: 'ios' }, 'invalid_token'],
  ['a topic with a space', { token: apns, platform: 'ios', topics: ['a b'] }, 'invalid_topics'],
  [
    '101 topics',
    { token: apns, platform: 'ios', topics: [...Array(101).keys()].map(String) },
    'too_many_topics',
  ],
  [
    'a long app version',
    { token: apns, platform: 'ios', appVersion: 'v'.repeat(33) },
    'invalid_app_version',
  ],
  ['a bad locale', { token: apns, platform: 'ios', locale: 'en UK' }, 'invalid_locale'],
];
for (const [name, input, code] of refusals) {
  test(`registering with ${name} is refused as ${code} and stores nothing`, async () => {
    const core = inMemoryCore();
    const register = makeRegisterToken(core);
    await assert.rejects(
      register(input as never, writer),
      (e) => e instanceof ValidationError && e.code === code,
    );
    assert.equal(core.store.rows.size, 0);
    assert.deepEqual(core.metrics.registrations, []);
  });
}

test('a key without tokens:write cannot register', async () => {
  const core = inMemoryCore();
  const register = makeRegisterToken(core);
  await assert.rejects(register({ token: apns, platform: 'ios' }, reader), {
    code: 'insufficient_scope',
  });
  assert.equal(core.store.rows.size, 0);
});

test('a store failure reaches the caller and counts nothing', async () => {
  const core = inMemoryCore();
  const register = makeRegisterToken(core);
  core.store.failWith = new StoreUnavailableError();
  await assert.rejects(register({ token: apns, platform: 'ios' }, writer), {
    code: 'store_unavailable',
  });
  assert.deepEqual(core.metrics.registrations, []);
});
