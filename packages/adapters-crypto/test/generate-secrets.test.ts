import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  AesGcmTokenCipher,
  generateSecrets,
  HmacTokenHasher,
  parseKeyring,
  parseLookupKey,
} from '../src/index.js';

test('generated secrets parse and work as a cipher and a hasher', () => {
  const secrets = generateSecrets(new Date('2026-03-07T12:00:00Z'));
  const keyring = parseKeyring(secrets.encryptionKeys);
  assert.equal(keyring.length, 1);
  assert.equal(keyring[0].id, 'k20260307');
  assert.equal(parseLookupKey(secrets.lookupKey).length, 32);

  const digest = new HmacTokenHasher(parseLookupKey(secrets.lookupKey)).digest('token');
  const cipher = new AesGcmTokenCipher(keyring);
  assert.equal(cipher.open(cipher.seal('token', digest), digest), 'token');
});

test('every call makes new keys', () => {
  const first = generateSecrets();
  const second = generateSecrets();
  assert.notEqual(first.encryptionKeys, second.encryptionKeys);
  assert.notEqual(first.lookupKey, second.lookupKey);
  assert.notEqual(first.lookupKey, first.encryptionKeys.split(':')[1]);
});
