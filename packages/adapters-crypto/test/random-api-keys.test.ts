import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import { RandomApiKeys } from '../src/index.js';

describe('RandomApiKeys', () => {
  const keys = new RandomApiKeys();

  test('issues pr_ keys of 32 random bytes in base64url that it finds well formed', () => {
    for (let i = 0; i < 200; i++) {
      const { key } = keys.generate();
      assert.match(key, /^pr_[A-Za-z0-9_-]{43}$/);
      assert.equal(Buffer.from(key.slice(3), 'base64url').length, 32);
      assert.ok(keys.isWellFormed(key), key.slice(0, 10));
    }
  });

  test('issues distinct keys and ids, with a short id and the key’s first 10 characters', () => {
    const issued = Array.from({ length: 1000 }, () => keys.generate());
    assert.equal(new Set(issued.map((k) => k.key)).size, issued.length);
    assert.equal(new Set(issued.map((k) => k.id)).size, issued.length);
    for (const { id, key, prefix } of issued) {
      assert.match(id, /^[a-z2-9]{12}$/);
      assert.equal(prefix, key.slice(0, 10));
    }
  });

  test('rejects keys of the wrong prefix, length or alphabet', () => {
    const { key } = keys.generate();
    const body = key.slice(3);
    const malformed = [
      ['no prefix', body],
      ['another prefix', `pk_${body}`],
      ['an upper-case prefix', `PR_${body}`],
      ['one character short', key.slice(0, -1)],
      ['one character long', `${key}A`],
      ['padding', `${key}=`],
      ['a standard-base64 character', `${key.slice(0, 10)}+${key.slice(11)}`],
      ['a space inside', `${key.slice(0, 10)} ${key.slice(11)}`],
      ['surrounding space', ` ${key}`],
      ['a last character with padding bits set', `${key.slice(0, -1)}B`],
      ['nothing at all', ''],
    ];
    for (const [what, presented] of malformed) {
      assert.equal(keys.isWellFormed(presented!), false, what);
    }
  });

  test('digests with SHA-256 of the key: stable, 32 bytes, and changed by any tampering', () => {
    const { key } = keys.generate();
    const digest = keys.digest(key);
    assert.equal(digest.length, 32);
    assert.deepEqual(digest, createHash('sha256').update(key).digest());
    assert.deepEqual(new RandomApiKeys().digest(key), digest);

    const flipped = key.slice(0, 20) + (key[20] === 'A' ? 'B' : 'A') + key.slice(21);
    assert.ok(keys.isWellFormed(flipped));
    assert.notDeepEqual(keys.digest(flipped), digest);
  });
});
