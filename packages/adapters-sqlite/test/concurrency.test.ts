import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { setImmediate as turn } from 'node:timers/promises';
import { StoreUnavailableError } from '@pushreg/core';
import Database from 'better-sqlite3';
import { openSqliteStores } from '../src/index.js';
import { aWrite, rawConnection, runFixture, tempFolder } from './helpers.js';

const folder = tempFolder();

test('500 concurrent upserts over distinct and repeated tokens all succeed', async (t) => {
  const stores = openSqliteStores({ file: join(folder, 'burst.db') });
  t.after(() => stores.close());
  const distinct = Array.from({ length: 250 }, (_, i) => aWrite({ topics: [`t${i % 7}`] }));
  const writes = [...distinct, ...distinct.map((w) => ({ ...w, topics: ['again'] }))];

  const outcomes = await Promise.all(writes.map((w) => stores.tokens.upsert(w)));

  assert.equal(outcomes.filter((o) => o === 'created').length, 250);
  assert.equal(outcomes.filter((o) => o === 'updated').length, 250);
  const raw = rawConnection(stores.file);
  t.after(() => raw.close());
  assert.equal(raw.prepare('SELECT count(*) FROM registrations').pluck().get(), 250);
  assert.deepEqual(raw.prepare('SELECT DISTINCT topic FROM registration_topics').pluck().all(), [
    'again',
  ]);
});

test('a second process writing API keys beside this one never sees BUSY', async (t) => {
  const stores = openSqliteStores({ file: join(folder, 'two-processes.db') });
  t.after(() => stores.close());
  const writer = runFixture('write-api-keys.ts', [stores.file, '400']);
  let childRunning = false;
  writer.printed('started').then(() => {
    childRunning = true;
  });
  let exited = false;
  const result = writer.exited.finally(() => {
    exited = true;
  });

  let upserts = 0;
  let upsertsWhileChildWrote = 0;
  while (!exited) {
    assert.equal(await stores.tokens.upsert(aWrite()), 'created');
    upserts++;
    if (childRunning) upsertsWhileChildWrote++;
    await turn();
  }

  const { code, stderr } = await result;
  assert.equal(code, 0, stderr);
  assert.doesNotMatch(stderr, /SQLITE_BUSY|locked/);
  assert.ok(upsertsWhileChildWrote > 0, 'both processes wrote at the same time');
  const raw = rawConnection(stores.file);
  t.after(() => raw.close());
  assert.equal(raw.prepare('SELECT count(*) FROM api_keys').pluck().get(), 400);
  assert.equal(raw.prepare('SELECT count(*) FROM registrations').pluck().get(), upserts);
});

test('a write lock held past busy_timeout surfaces as StoreUnavailableError', async (t) => {
  const stores = openSqliteStores({ file: join(folder, 'locked.db'), busyTimeoutMs: 20 });
  t.after(() => stores.close());
  const holder = new Database(stores.file);
  t.after(() => holder.close());
  const write = aWrite();

  holder.exec('BEGIN IMMEDIATE');
  await assert.rejects(stores.tokens.upsert(write), (error: Error) => {
    assert.ok(error instanceof StoreUnavailableError);
    assert.equal(error.code, 'store_unavailable');
    assert.match(error.message, /SQLITE_BUSY/);
    assert.doesNotMatch(error.message, /params|a5a5/i);
    return true;
  });
  assert.deepEqual(await stores.apiKeys.list(), [], 'reads go on beside the writer');
  await assert.rejects(stores.apiKeys.touch('x', new Date()), { code: 'store_unavailable' });
  holder.exec('ROLLBACK');

  assert.equal(await stores.tokens.upsert(write), 'created');
});

test('after one busy timeout, writes only try the lock until it is free again', async (t) => {
  const stores = openSqliteStores({ file: join(folder, 'try-lock.db'), busyTimeoutMs: 1_000 });
  t.after(() => stores.close());
  const holder = new Database(stores.file);
  t.after(() => holder.close());

  holder.exec('BEGIN IMMEDIATE');
  await assert.rejects(stores.tokens.upsert(aWrite()), { code: 'store_unavailable' });
  const started = performance.now();
  await assert.rejects(stores.tokens.upsert(aWrite()), { code: 'store_unavailable' });
  // A bound on blocking, not a speed target: the second write must not wait out the timeout.
  assert.ok(performance.now() - started < 500, 'the second write did not block the thread');
  holder.exec('ROLLBACK');

  assert.equal(await stores.tokens.upsert(aWrite()), 'created', 'a free lock is taken at once');
});
