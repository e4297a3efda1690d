import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, test } from 'node:test';
import { HmacTokenHasher, parseLookupKey } from '../src/index.js';
import { randomKey } from './keys.js';

describe('HmacTokenHasher', () => {
  const key = parseLookupKey(randomKey());
  const hasher = new HmacTokenHasher(key);

  test('gives 32 bytes, the same for one token under one key', () => {
    const first = hasher.digest('abcd1234');
    assert.equal(first.length, 32);
    assert.ok(first instanceof Uint8Array);
    assert.deepEqual(hasher.digest('abcd1234'), first);
    assert.deepEqual(new HmacTokenHasher(key).digest('abcd1234'), first);
  });

  test('is HMAC-SHA256 of the UTF-8 token under the lookup key', () => {
    const expected = createHmac('sha256', key).update('tökén', 'utf8').digest();
    assert.deepEqual(hasher.digest('tökén'), expected);
  });

  test('differs across tokens and across keys', () => {
    const other = new HmacTokenHasher(parseLookupKey(randomKey()));
    assert.notDeepEqual(hasher.digest('token-a'), hasher.digest('token-b'));
    assert.notDeepEqual(hasher.digest('token-a'), other.digest('token-a'));
  });

  test('keeps its own copy of the key, so wiping the caller’s bytes changes nothing', () => {
    const bytes = parseLookupKey(randomKey());
    const own = new HmacTokenHasher(bytes);
    const before = own.digest('token');
    bytes.fill(0);
    assert.deepEqual(own.digest('token'), before);
  });
});
