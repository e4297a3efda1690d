import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { StoreUnavailableError } from '@pushreg/core';
import { migrateSqlite, openSqliteStores } from '../src/index.js';
import { aWrite, tempFolder } from './helpers.js';

const folder = tempFolder();

/** Asserts that opening failed with a store_unavailable error naming the path and the reason. */
const failsWith = (path: string, reason: RegExp) => (error: unknown) => {
  assert.ok(error instanceof StoreUnavailableError);
  assert.ok(error.message.includes(path), `"${error.message}" names ${path}`);
  assert.match(error.message, reason);
  return true;
};

test('opening a directory fails with a message naming it as a directory', () => {
  const path = join(folder, 'a-directory.db');
  mkdirSync(path);
  assert.throws(() => openSqliteStores({ file: path }), failsWith(path, /is a directory/));
});

test('opening a file that is not a SQLite database fails and leaves the file alone', () => {
  const path = join(folder, 'garbage.db');
  writeFileSync(path, 'this is not a database, just some text '.repeat(40));
  assert.throws(() => openSqliteStores({ file: path }), failsWith(path, /not a SQLite database/));
  assert.throws(() => migrateSqlite(path), failsWith(path, /not a SQLite database/));
});

test('a path whose folder cannot be created fails with a message naming it', () => {
  const blocker = join(folder, 'plain-file');
  writeFileSync(blocker, '');
  const path = join(blocker, 'data', 'pushreg.db');
  assert.throws(
    () => openSqliteStores({ file: path }),
    failsWith(path, /folder cannot be created/),
  );
});

test('a closed store rejects every call with StoreUnavailableError', async () => {
  const stores = openSqliteStores({ file: join(folder, 'closed.db') });
  await stores.close();
  await stores.close();
  await assert.rejects(stores.ping(), StoreUnavailableError);
  await assert.rejects(stores.tokens.upsert(aWrite()), StoreUnavailableError);
  await assert.rejects(stores.apiKeys.list(), StoreUnavailableError);
});

test('a refused insert reports the constraint without echoing the stored values', async (t) => {
  const stores = openSqliteStores({ file: join(folder, 'duplicate.db') });
  t.after(() => stores.close());
  const key = {
    id: 'dup',
    name: 'secret-looking name',
    digest: Buffer.alloc(32, 0xab),
    prefix: 'pr_dup',
    scopes: ['tokens:write' as const],
    createdAt: new Date(),
  };
  await stores.apiKeys.insert(key);
  await assert.rejects(stores.apiKeys.insert({ ...key, id: 'other' }), (error: Error) => {
    assert.match(error.message, /UNIQUE constraint failed/);
    assert.doesNotMatch(error.message, /secret-looking|abab|params/);
    return true;
  });
});
