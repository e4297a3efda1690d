import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { inspect } from 'node:util';
import { createMysqlStores, type MysqlStores } from '@pushreg/adapters-mysql';
import { useMysqlTestDatabase } from '@pushreg/adapters-mysql/testing';
import { type RegistrationWrite, StoreUnavailableError, type UpsertOutcome } from '@pushreg/core';
import { testDigest } from '@pushreg/core/testing';
import type mysql from 'mysql2/promise';
import { rawPool, select } from './support/raw-sql.js';

const database = await useMysqlTestDatabase();

const hex = (digest: Uint8Array) => Buffer.from(digest).toString('hex');

function write(name: string, n: number, overrides: Partial<RegistrationWrite> = {}) {
  return {
    digest: testDigest(name, n),
    sealedToken: Buffer.from(`sealed-${name}-${n}`),
    platform: 'ios',
    appVersion: null,
    locale: null,
    topics: ['news'],
    apiKeyId: 'key-a',
    at: new Date('2026-01-01T00:00:00.000Z'),
    ...overrides,
  } satisfies RegistrationWrite;
}

describe('MysqlTokenStore batching of concurrent upserts', { skip: database.skip }, () => {
  let stores: MysqlStores;
  let raw: mysql.Pool;
  /** Every batch sent, as the hex digests of its writes. */
  const batches: string[][] = [];
  before(async () => {
    stores = createMysqlStores({
      url: database.url,
      operationTimeoutMs: 20_000,
      upsertBatching: { onBatch: (writes) => batches.push(writes.map((w) => hex(w.digest))) },
    });
    raw = rawPool(database.url);
    // The bad-write test relies on the server refusing an over-long value instead of cutting it.
    const [mode] = await select(raw, 'SELECT @@sql_mode AS mode');
    assert.match(String(mode?.mode), /STRICT_(TRANS|ALL)_TABLES/, 'the test server must be strict');
  });
  after(async () => {
    await stores?.close();
    await raw?.end();
  });

  test('a lone upsert is sent at once as a batch of one', async () => {
    batches.length = 0;
    assert.equal(await stores.tokens.upsert(write('lone', 1)), 'created');
    assert.deepEqual(
      batches.map((b) => b.length),
      [1],
    );
  });

  test('a burst over 300 tokens gives each token the outcomes of a sequential replay', async () => {
    // 100 tokens are new, 100 active and 100 expired before the burst.
    const tokens = Array.from({ length: 300 }, (_, t) => write('burst', t));
    await Promise.all(tokens.slice(100).map((w) => stores.tokens.upsert(w)));
    await Promise.all(tokens.slice(200).map((w) => stores.tokens.expire(w.digest, new Date())));
    const first: UpsertOutcome[] = ['created', 'updated', 'reactivated'];
    // 1,000 writes over the tokens, each with topics of its own: half scrambled, half in runs
    // that give one token several writes in a row.
    const burst = Array.from({ length: 1000 }, (_, i) => {
      const t = i % 2 === 0 ? Math.floor(i * 0.3) : (i * 7919) % 300;
      const topics = [`w${i}-a`, `w${i}-b`, ...(i % 3 === 0 ? [] : ['shared'])];
      return { t, write: { ...tokens[t]!, appVersion: `w${i}`, topics } };
    });
    batches.length = 0;

    const outcomes = await Promise.all(burst.map(({ write: w }) => stores.tokens.upsert(w)));

    assert.ok(Math.max(...batches.map((b) => b.length)) > 1, 'no upserts were batched');
    for (const batch of batches) assert.equal(new Set(batch).size, batch.length);
    const seen = new Set<number>();
    burst.forEach(({ t }, i) => {
      const expected = seen.has(t) ? 'updated' : first[Math.floor(t / 100)];
      assert.equal(outcomes[i], expected, `write ${i} of token ${t}`);
      seen.add(t);
    });
    // Writes of one token commit in call order, so each token ends with its last write.
    const last = new Map(burst.map(({ t }, i) => [t, i]));
    const rows = await select(raw, 'SELECT * FROM registrations WHERE digest IN (?)', [
      tokens.map((w) => Buffer.from(w.digest)),
    ]);
    assert.equal(rows.length, 300);
    const topicRows = await select(
      raw,
      'SELECT digest, topic FROM registration_topics WHERE digest IN (?)',
      [tokens.map((w) => Buffer.from(w.digest))],
    );
    tokens.forEach((token, t) => {
      const i = last.get(t) ?? -1;
      const row = rows.find((r) => hex(r.digest as Buffer) === hex(token.digest));
      assert.equal(row?.app_version, `w${i}`);
      assert.equal(row?.status, 'active');
      assert.equal(row?.expired_at, null);
      const topics = topicRows
        .filter((r) => hex(r.digest as Buffer) === hex(token.digest))
        .map((r) => String(r.topic));
      assert.deepEqual(topics.sort(), [...(burst[i]?.write.topics ?? [])].sort());
    });
  });

  test('a write the database refuses fails alone; the rest of its batch is committed', async () => {
    const writes = Array.from({ length: 20 }, (_, n) => write('one-bad', n));
    const bad = 7;
    // Over the sealed_token column's 4400 bytes.
    writes[bad] = { ...writes[bad]!, sealedToken: Buffer.alloc(5000, 1) };
    batches.length = 0;

    const results = await Promise.allSettled(writes.map((w) => stores.tokens.upsert(w)));

    const badBatch = batches.find((b) => b.includes(hex(writes[bad]!.digest)));
    assert.ok(badBatch && badBatch.length > 1, 'the bad write did not share a batch');
    for (const [n, result] of results.entries()) {
      if (n !== bad) {
        assert.deepEqual(result, { status: 'fulfilled', value: 'created' });
        continue;
      }
      assert.equal(result.status, 'rejected');
      const reason = (result as PromiseRejectedResult).reason;
      assert.ok(!(reason instanceof StoreUnavailableError), inspect(reason));
      assert.equal(reason.code, 'ER_DATA_TOO_LONG');
    }
    const rows = await select(raw, 'SELECT digest FROM registrations WHERE digest IN (?)', [
      writes.map((w) => Buffer.from(w.digest)),
    ]);
    assert.equal(rows.length, 19);
    assert.ok(!rows.some((r) => hex(r.digest as Buffer) === hex(writes[bad]!.digest)));
  });

  test('close() commits the upserts already made, and later ones are refused', async () => {
    const own = createMysqlStores({ url: database.url, upsertBatching: { maxRows: 5 } });
    const writes = Array.from({ length: 100 }, (_, n) => write('closing', n));
    const pending = writes.map((w) => own.tokens.upsert(w));

    await own.close();

    assert.deepEqual(new Set(await Promise.all(pending)), new Set(['created']));
    await assert.rejects(own.tokens.upsert(write('closing', 100)), StoreUnavailableError);
    const [count] = await select(
      raw,
      'SELECT COUNT(*) AS n FROM registrations WHERE digest IN (?)',
      [writes.map((w) => Buffer.from(w.digest))],
    );
    assert.equal(Number(count?.n), 100);
  });
});
