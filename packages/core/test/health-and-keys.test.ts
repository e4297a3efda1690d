import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AuthError, makeCheckHealth, StoreUnavailableError } from '@pushreg/core';
import { inMemoryCore } from './support.js';

test('health is ok while the store answers and unavailable when it fails', async () => {
  const core = inMemoryCore();
  const check = makeCheckHealth(core);
  assert.equal(await check(), 'ok');
  core.store.failWith = new StoreUnavailableError();
  assert.equal(await check(), 'unavailable');
  core.store.failWith = null;
  assert.equal(await check(), 'ok');
});

test('a created key authenticates as its principal, and is stored only as a digest', async () => {
  const core = inMemoryCore();
  const { key, record } = await core.admin.create('ios-app');
  const principal = await core.authenticate(key);
  assert.deepEqual(principal, { id: record.id, name: 'ios-app', scopes: ['tokens:write'] });
  assert.ok(!JSON.stringify(core.keys.rows).includes(key));
});

test('missing, malformed and unknown keys are refused with distinct codes', async () => {
  const core = inMemoryCore();
  const refused = (code: string) => (e: unknown) => e instanceof AuthError && e.code === code;
  await assert.rejects(core.authenticate(undefined), refused('missing_api_key'));
  await assert.rejects(core.authenticate('  '), refused('missing_api_key'));
  await assert.rejects(core.authenticate('not-a-key'), refused('invalid_api_key'));
  await assert.rejects(core.authenticate('test_unknown1'), refused('invalid_api_key'));
});

test('a revoked key is refused once the cache period has passed', async () => {
  const core = inMemoryCore();
  const { key, record } = await core.admin.create('app');
  await core.authenticate(key);
  await core.admin.revoke(record.id);
  await core.authenticate(key); // still cached: revocation bites after the TTL
  core.clock.advance(5_001);
  await assert.rejects(core.authenticate(key), { code: 'invalid_api_key' });
});

test('a verified key is not looked up again within the cache period', async () => {
  const core = inMemoryCore();
  const { key } = await core.admin.create('app');
  await core.authenticate(key);
  core.keys.failWith = new StoreUnavailableError();
  await core.authenticate(key);
  core.clock.advance(5_001);
  await assert.rejects(core.authenticate(key), { code: 'store_unavailable' });
});

test('authentication records the last use of a key', async () => {
  const core = inMemoryCore();
  const { key, record } = await core.admin.create('app');
  await core.authenticate(key);
  await new Promise(setImmediate);
  assert.equal(
    core.keys.rows.find((r) => r.id === record.id)?.lastUsedAt?.getTime(),
    core.clock.now().getTime(),
  );
});

test('key names and scopes are checked; revoking an unknown id is an error', async () => {
  const core = inMemoryCore();
  await assert.rejects(core.admin.create(''), { code: 'invalid_api_key_name' });
  await assert.rejects(core.admin.create(' padded '), { code: 'invalid_api_key_name' });
  await assert.rejects(core.admin.create('x'.repeat(65)), { code: 'invalid_api_key_name' });
  await assert.rejects(core.admin.create('ok', ['tokens:admin']), { code: 'invalid_scope' });
  await assert.rejects(core.admin.revoke('nope'), { code: 'unknown_api_key' });
  assert.equal(core.keys.rows.length, 0);
  const { record } = await core.admin.create('sender', ['tokens:read', 'tokens:write']);
  assert.deepEqual(record.scopes, ['tokens:read', 'tokens:write']);
  assert.equal((await core.admin.list()).length, 1);
});
