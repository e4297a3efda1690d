import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { inspect } from 'node:util';
import { PushregError } from '@pushreg/core';
import { parseKeyring, parseLookupKey } from '../src/index.js';
import { randomKey } from './keys.js';

/** Asserts that parsing fails with invalid_keyring, a message matching `says`, and no secret. */
function assertRefused(parse: () => unknown, says: RegExp, secret: string): void {
  assert.throws(parse, (error: unknown) => {
    assert.ok(error instanceof PushregError);
    assert.equal(error.code, 'invalid_keyring');
    assert.match(error.message, says);
    assert.ok(!error.message.includes(secret), `message leaks key material: ${error.message}`);
    return true;
  });
}

describe('parseKeyring', () => {
  test('reads ids and keys in order, the first one first', () => {
    const ring = parseKeyring(`new:${randomKey()}, old_1:${randomKey()}`);
    assert.deepEqual(
      ring.map((entry) => entry.id),
      ['new', 'old_1'],
    );
    assert.ok(ring.every((entry) => entry.key.symmetricKeySize === 32));
  });

  test('accepts keys without their base64 padding', () => {
    const [entry] = parseKeyring(`k1:${randomKey().replace(/=+$/, '')}`);
    assert.equal(entry.key.symmetricKeySize, 32);
  });

  test('a logged keyring shows no key material', () => {
    const key = randomKey();
    const shown = inspect(parseKeyring(`k1:${key}`), { depth: 5 });
    assert.ok(!shown.includes(key));
    assert.ok(!shown.includes(Buffer.from(key, 'base64').toString('hex')));
  });

  // Each case builds its spec from keys made by `k`, so the test knows every secret it pasted.
  const refusals: [string, RegExp, (k: (bytes?: number) => string) => string][] = [
    ['an empty spec', /keyring is empty/, () => ''],
    ['a blank spec', /keyring is empty/, () => '   '],
    ['an empty entry', /entry 2 is empty/, (k) => `k1:${k()},,k2:${k()}`],
    ['a trailing comma', /entry 2 is empty/, (k) => `k1:${k()},`],
    ['an entry without a colon', /entry 1 has no colon/, (k) => k()],
    ['an empty id', /entry 1 has an invalid id/, (k) => `:${k()}`],
    ['an id with a dot', /entry 1 has an invalid id/, (k) => `k.1:${k()}`],
    ['an id over 32 characters', /entry 1 has an invalid id/, (k) => `${'k'.repeat(33)}:${k()}`],
    ['id and key swapped', /entry 1 has an invalid id/, (k) => `${k()}:k1`],
    [
      'a key in the URL alphabet',
      /\(id "k1"\) has a key that is not valid base64/,
      () => `k1:${Buffer.alloc(32, 0xff).toString('base64url')}`,
    ],
    [
      'a key with a stray character',
      /entry 2 \(id "b"\) has a key that is not valid base64/,
      (k) => `a:${k()},b:${k().replace(/^(.{20})./, '$1!')}`,
    ],
    ['an empty key', /entry 1 \(id "k1"\) has a key that is not valid base64/, () => 'k1:'],
    ['a 16-byte key', /entry 1 \(id "k1"\) has a key of 16 bytes/, (k) => `k1:${k(16)}`],
    ['a 33-byte key', /entry 1 \(id "k1"\) has a key of 33 bytes/, (k) => `k1:${k(33)}`],
    ['a duplicate id', /entry 3 \(id "k1"\) repeats/, (k) => `k1:${k()},k2:${k()},k1:${k()}`],
  ];
  for (const [what, says, build] of refusals) {
    test(`refuses ${what}, saying so without echoing any key`, () => {
      const secrets: string[] = [Buffer.alloc(32, 0xff).toString('base64url')];
      const spec = build((bytes) => {
        const secret = randomKey(bytes);
        secrets.push(secret);
        return secret;
      });
      for (const secret of secrets) {
        // Any echo of a key would carry its first characters.
        assertRefused(() => parseKeyring(spec), says, secret.slice(0, 12));
      }
    });
  }

  test('names the duplicate and the entry it repeats', () => {
    assert.throws(
      () => parseKeyring(`a:${randomKey()},b:${randomKey()},a:${randomKey()}`),
      /entry 3 \(id "a"\) repeats the id of keyring entry 1/,
    );
  });
});

describe('parseLookupKey', () => {
  test('returns the decoded bytes, 32 or more', () => {
    const key = randomKey(48);
    assert.deepEqual(Buffer.from(parseLookupKey(key)), Buffer.from(key, 'base64'));
    assert.equal(parseLookupKey(randomKey(32)).length, 32);
  });

  test('refuses a key under 32 bytes without echoing it', () => {
    const key = randomKey(31);
    assertRefused(() => parseLookupKey(key), /lookup key decodes to 31 bytes/, key);
  });

  test('refuses text that is not base64 without echoing it', () => {
    const key = `${randomKey(32).slice(0, 40)}#`;
    assertRefused(() => parseLookupKey(key), /lookup key is not valid base64/, key);
  });

  test('refuses an empty lookup key', () => {
    assertRefused(() => parseLookupKey(''), /lookup key is not valid base64/, '\0');
  });
});
