import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NonceSource } from '../src/nonces.js';

test('nonces are the right size and never repeat across batch refills', () => {
  const nonces = new NonceSource(12);
  const seen = new Set<string>();
  const count = 256 * 4 + 7;
  for (let i = 0; i < count; i++) {
    const nonce = nonces.next();
    assert.equal(nonce.length, 12);
    seen.add(nonce.toString('hex'));
  }
  assert.equal(seen.size, count);
});
