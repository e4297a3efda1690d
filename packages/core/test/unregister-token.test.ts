import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makeRegisterToken, makeUnregisterToken, StoreUnavailableError } from '@pushreg/core';
import { inMemoryCore, reader, writer } from './support.js';

const fcm = `fcm:APA91b${'x'.repeat(150)}`;

test('unregistering marks the token expired and keeps its row', async () => {
  const core = inMemoryCore();
  await makeRegisterToken(core)({ token: fcm, platform: 'android', topics: ['t'] }, writer);
  core.clock.advance(500);
  const outcome = await makeUnregisterToken(core)({ token: fcm, platform: 'android' }, writer);
  assert.equal(outcome, 'expired');
  const row = await core.store.findByDigest(core.hasher.digest(fcm));
  assert.equal(row?.status, 'expired');
  assert.equal(row?.expiredAt?.getTime(), core.clock.now().getTime());
  assert.deepEqual(row?.topics, ['t']);
  assert.deepEqual(core.metrics.unregistrations, ['android:expired']);
});

test('unregistering is idempotent, and an unknown token is not an error', async () => {
  const core = inMemoryCore();
  const unregister = makeUnregisterToken(core);
  await makeRegisterToken(core)({ token: fcm, platform: 'web' }, writer);
  assert.equal(await unregister({ token: fcm, platform: 'web' }, writer), 'expired');
  assert.equal(await unregister({ token: fcm, platform: 'web' }, writer), 'already_expired');
  assert.equal(await unregister({ token: `${fcm}y`, platform: 'web' }, writer), 'unknown');
  assert.equal(core.store.rows.size, 1);
});

test('an APNs token unregisters in any case', async () => {
  const core = inMemoryCore();
  const apns = 'cd34'.repeat(16);
  await makeRegisterToken(core)({ token: apns, platform: 'ios' }, writer);
  const outcome = await makeUnregisterToken(core)(
    { token: apns.toUpperCase(), platform: 'ios', appVersion: '1.0' },
    writer,
  );
  assert.equal(outcome, 'expired');
});

test('bad input is refused before the store is touched', async () => {
  const core = inMemoryCore();
  const unregister = makeUnregisterToken(core);
  core.store.failWith = new Error('the store must not be called');
  await assert.rejects(unregister({ token: fcm, platform: 'pager' }, writer), {
    code: 'invalid_platform',
  });
  await assert.rejects(unregister({ token: '<ab cd>', platform: 'ios' }, writer), {
    code: 'invalid_token',
  });
  await assert.rejects(unregister({ token: fcm, platform: 'web', appVersion: '\u0000' }, writer), {
    code: 'invalid_app_version',
  });
  await assert.rejects(unregister({ token: fcm, platform: 'web' }, reader), {
    code: 'insufficient_scope',
  });
});

test('a store failure reaches the caller', async () => {
  const core = inMemoryCore();
  core.store.failWith = new StoreUnavailableError();
  await assert.rejects(makeUnregisterToken(core)({ token: fcm, platform: 'web' }, writer), {
    code: 'store_unavailable',
  });
});
