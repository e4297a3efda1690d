import assert from 'node:assert/strict';
import { createSecretKey, randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { SealedTokenError } from '@pushreg/core';
import { AesGcmTokenCipher, parseKeyring } from '../src/index.js';
import { randomKey } from './keys.js';

const ad = () => randomBytes(32);
const cipherFor = (spec: string) => new AesGcmTokenCipher(parseKeyring(spec));
const assertUnreadable = (open: () => unknown) =>
  assert.throws(open, (error) => error instanceof SealedTokenError);

describe('AesGcmTokenCipher', () => {
  const cipher = cipherFor(`k1:${randomKey()}`);

  const tokens = [
    ['a short token', 'abc'],
    ['an empty token', ''],
    ['a 4096-character token', 'x:APA91b'.padEnd(4096, 'Zz_-')],
    ['a non-ASCII token', 'tökén-ñ-日本語-🚀'],
  ];
  for (const [what, token] of tokens) {
    test(`opens what it sealed: ${what}`, () => {
      const data = ad();
      assert.equal(cipher.open(cipher.seal(token!, data), data), token);
    });
  }

  test('two seals of one token differ', () => {
    const data = ad();
    const first = Buffer.from(cipher.seal('same-token', data));
    const second = Buffer.from(cipher.seal('same-token', data));
    assert.notDeepEqual(first, second);
    // The nonces differ, not just the ciphertext (header is 1 + 1 + 2 bytes for "k1").
    assert.notDeepEqual(first.subarray(4, 16), second.subarray(4, 16));
  });

  test('the envelope does not contain the token in clear', () => {
    const token = 'a'.repeat(64);
    assert.ok(!Buffer.from(cipher.seal(token, ad())).toString('latin1').includes('aaaaaaaa'));
  });

  test('flipping any single bit of an envelope makes it unreadable', () => {
    const data = ad();
    const envelope = Buffer.from(cipher.seal('fcm-token:APA91bExample_token-42', data));
    for (let bit = 0; bit < envelope.length * 8; bit++) {
      const altered = Buffer.from(envelope);
      altered[bit >> 3]! ^= 1 << (bit & 7);
      assertUnreadable(() => cipher.open(altered, data));
    }
  });

  test('a truncated envelope is unreadable, whatever its length', () => {
    const data = ad();
    const envelope = cipher.seal('token-to-truncate', data);
    for (let length = 0; length < envelope.length; length++) {
      assertUnreadable(() => cipher.open(envelope.subarray(0, length), data));
    }
  });

  test('an envelope opened with other associated data is unreadable', () => {
    const data = ad();
    const envelope = cipher.seal('bound-token', data);
    const other = Buffer.from(data);
    other[31]! ^= 1;
    assertUnreadable(() => cipher.open(envelope, other));
    assertUnreadable(() => cipher.open(envelope, new Uint8Array(0)));
  });

  test('an envelope with an unknown version byte is unreadable', () => {
    const data = ad();
    const envelope = Buffer.from(cipher.seal('versioned', data));
    envelope[0] = 2;
    assertUnreadable(() => cipher.open(envelope, data));
  });

  test('an envelope from another key with the same id is unreadable', () => {
    const data = ad();
    const envelope = cipherFor(`k1:${randomKey()}`).seal('foreign', data);
    assertUnreadable(() => cipher.open(envelope, data));
  });

  test('opens an envelope that is a view into a larger buffer', () => {
    const data = ad();
    const envelope = cipher.seal('in-a-row', data);
    const row = Buffer.concat([Buffer.from('prefix'), envelope, Buffer.from('suffix')]);
    assert.equal(cipher.open(row.subarray(6, 6 + envelope.length), data), 'in-a-row');
  });

  test('after rotation old envelopes still open and new seals use the new key', () => {
    const oldKey = `old:${randomKey()}`;
    const newKey = `new:${randomKey()}`;
    const data = ad();
    const before = cipherFor(oldKey).seal('rotating-token', data);

    const rotated = cipherFor(`${newKey},${oldKey}`);
    assert.equal(rotated.open(before, data), 'rotating-token');

    const after = rotated.seal('rotating-token', data);
    assert.equal(cipherFor(newKey).open(after, data), 'rotating-token');
    assertUnreadable(() => cipherFor(oldKey).open(after, data));
  });

  test('an envelope whose key left the ring is unreadable, and the error names no key', () => {
    const retired = `retired_key:${randomKey()}`;
    const data = ad();
    const envelope = cipherFor(retired).seal('retired', data);
    assert.throws(
      () => cipherFor(`current_key:${randomKey()}`).open(envelope, data),
      (error: unknown) =>
        error instanceof SealedTokenError &&
        error.code === 'sealed_token_unreadable' &&
        !/retired_key|current_key/.test(error.message),
    );
  });

  test('refuses a hand-built keyring whose key is not 32 bytes', () => {
    const [entry] = parseKeyring(`k1:${randomKey()}`);
    assert.throws(
      () => new AesGcmTokenCipher([{ id: entry.id, key: createSecretKey(randomBytes(16)) }]),
      { code: 'invalid_keyring' },
    );
  });
});
