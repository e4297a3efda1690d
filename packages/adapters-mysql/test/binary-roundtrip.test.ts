import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createMysqlStores, type MysqlStores } from '@pushreg/adapters-mysql';
import { useMysqlTestDatabase } from '@pushreg/adapters-mysql/testing';
import type mysql from 'mysql2/promise';
import { rawPool, select } from './support/raw-sql.js';

const database = await useMysqlTestDatabase();

const everyByte = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
const highDigest = Buffer.from(Array.from({ length: 32 }, (_, i) => 0x80 + i * 3));

describe('binary columns', { skip: database.skip }, () => {
  let stores: MysqlStores;
  let raw: mysql.Pool;
  before(async () => {
    stores = createMysqlStores({ url: database.url });
    raw = rawPool(database.url);
    await stores.tokens.upsert({
      digest: highDigest,
      sealedToken: everyByte,
      platform: 'ios',
      appVersion: null,
      locale: null,
      topics: [],
      apiKeyId: 'key-a',
      at: new Date('2026-01-01T00:00:00.000Z'),
    });
  });
  after(async () => {
    await stores?.close();
    await raw?.end();
  });

  test('every byte value of a sealed token and a digest of high bytes come back as Buffers', async () => {
    const found = await stores.tokens.findByDigest(highDigest);
    assert.ok(found);
    assert.ok(Buffer.isBuffer(found.sealedToken));
    assert.ok(Buffer.isBuffer(found.digest));
    assert.ok(found.sealedToken.equals(everyByte));
    assert.ok(found.digest.equals(highDigest));
  });

  test('the stored bytes are exactly the written ones, as the server sees them', async () => {
    const [row] = await select(
      raw,
      'SELECT HEX(digest) AS digest, HEX(sealed_token) AS sealed, LENGTH(sealed_token) AS n ' +
        'FROM registrations WHERE digest = ?',
      [highDigest],
    );
    assert.equal(row?.digest, highDigest.toString('hex').toUpperCase());
    assert.equal(row?.sealed, everyByte.toString('hex').toUpperCase());
    assert.equal(Number(row?.n), 256);
  });

  test('a lookup by a digest that differs only in the high bit finds nothing', async () => {
    const flipped = Buffer.from(highDigest);
    flipped[0] = (flipped[0] ?? 0) & 0x7f;
    assert.equal(await stores.tokens.findByDigest(flipped), null);
  });

  test('an API key digest of high bytes is stored and found byte for byte', async () => {
    await stores.apiKeys.insert({
      id: 'high-bytes',
      name: 'high bytes',
      digest: highDigest,
      prefix: 'pr_x',
      scopes: ['tokens:read'],
      createdAt: new Date('2026-01-01T00:00:00.000Z'),
    });
    const found = await stores.apiKeys.findByDigest(highDigest);
    assert.ok(found && Buffer.isBuffer(found.digest) && found.digest.equals(highDigest));
    const [row] = await select(raw, 'SELECT HEX(digest) AS digest FROM api_keys WHERE id = ?', [
      'high-bytes',
    ]);
    assert.equal(row?.digest, highDigest.toString('hex').toUpperCase());
  });
});
