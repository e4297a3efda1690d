import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createMysqlStores, type MysqlStores } from '@pushreg/adapters-mysql';
import { useMysqlTestDatabase } from '@pushreg/adapters-mysql/testing';
import type { RegistrationWrite } from '@pushreg/core';
import { testDigest } from '@pushreg/core/testing';
import type mysql from 'mysql2/promise';
import { rawPool, select } from './support/raw-sql.js';

const database = await useMysqlTestDatabase();

describe('MysqlTokenStore under concurrent upserts', { skip: database.skip }, () => {
  let stores: MysqlStores;
  let raw: mysql.Pool;
  before(() => {
    stores = createMysqlStores({ url: database.url, poolSize: 20, operationTimeoutMs: 10_000 });
    raw = rawPool(database.url);
  });
  after(async () => {
    await stores?.close();
    await raw?.end();
  });

  test('200 concurrent upserts of one token leave one row with one writer’s whole topic set', async () => {
    const digest = testDigest('two-hundred-writers');
    const writes: RegistrationWrite[] = Array.from({ length: 200 }, (_, i) => ({
      digest,
      sealedToken: Buffer.from(`sealed-by-${i}`),
      platform: 'android',
      appVersion: `w${i}`,
      locale: null,
      topics: [`w${i}-a`, `w${i}-b`, 'shared', `w${i}-c`],
      apiKeyId: `key-${i}`,
      at: new Date(Date.UTC(2026, 0, 1, 0, 0, 0, i)),
    }));

    const outcomes = await Promise.all(writes.map((w) => stores.tokens.upsert(w)));

    assert.equal(outcomes.filter((o) => o === 'created').length, 1);
    assert.equal(outcomes.filter((o) => o === 'updated').length, 199);
    const rows = await select(raw, 'SELECT * FROM registrations WHERE digest = ?', [digest]);
    assert.equal(rows.length, 1);
    const winner = Number(String(rows[0]?.app_version).slice(1));
    assert.equal(String(rows[0]?.sealed_token), `sealed-by-${winner}`);
    assert.equal(rows[0]?.api_key_id, `key-${winner}`);
    const topics = await select(raw, 'SELECT topic FROM registration_topics WHERE digest = ?', [
      digest,
    ]);
    assert.deepEqual(
      topics.map((row) => String(row.topic)).sort(),
      [`w${winner}-a`, `w${winner}-b`, `w${winner}-c`, 'shared'].sort(),
    );
  });

  test('concurrent re-registrations of an expired token report exactly one reactivation', async () => {
    const base: RegistrationWrite = {
      digest: testDigest('revived-by-many'),
      sealedToken: Buffer.from('sealed'),
      platform: 'ios',
      appVersion: null,
      locale: null,
      topics: ['news'],
      apiKeyId: 'key-a',
      at: new Date('2026-01-01T00:00:00.000Z'),
    };
    await stores.tokens.upsert(base);
    await stores.tokens.expire(base.digest, new Date('2026-01-02T00:00:00.000Z'));

    const outcomes = await Promise.all(
      Array.from({ length: 50 }, () => stores.tokens.upsert(base)),
    );

    assert.equal(outcomes.filter((o) => o === 'reactivated').length, 1);
    assert.equal(outcomes.filter((o) => o === 'updated').length, 49);
  });
});
