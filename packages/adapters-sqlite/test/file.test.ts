import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { openSqliteStores } from '../src/index.js';
import { aKey, aWrite, rawConnection, tempFolder } from './helpers.js';

const folder = tempFolder();

test('the file is created at the configured path, folders included, in WAL mode', async (t) => {
  const file = join(folder, 'nested', 'data', 'pushreg.db');
  const stores = openSqliteStores({ file });
  t.after(() => stores.close());
  assert.equal(stores.file, file);
  assert.ok(existsSync(file));
  const raw = rawConnection(file);
  t.after(() => raw.close());
  assert.equal(raw.pragma('journal_mode', { simple: true }), 'wal');
});

test('closing and reopening the file keeps registrations, topics, bytes and keys', async () => {
  const file = join(folder, 'reopen.db');
  const write = aWrite({ topics: ['b', 'A', 'a'] });
  const key = aKey('reopen');
  const first = openSqliteStores({ file });
  await first.tokens.upsert(write);
  await first.tokens.expire(write.digest, new Date(write.at.getTime() + 1));
  await first.apiKeys.insert(key);
  await first.close();

  const second = openSqliteStores({ file });
  try {
    const found = await second.tokens.findByDigest(write.digest);
    assert.ok(found);
    assert.ok(Buffer.isBuffer(found.digest) && Buffer.isBuffer(found.sealedToken));
    assert.deepEqual(found.digest, Buffer.from(write.digest));
    assert.deepEqual(found.sealedToken, Buffer.from(write.sealedToken));
    assert.deepEqual([...found.topics].sort(), ['A', 'a', 'b']);
    assert.equal(found.status, 'expired');
    assert.equal(found.createdAt.toISOString(), '2026-04-01T12:00:00.789Z');
    assert.equal(found.expiredAt?.toISOString(), '2026-04-01T12:00:00.790Z');
    const foundKey = await second.apiKeys.findByDigest(key.digest);
    assert.equal(foundKey?.id, key.id);
    assert.deepEqual(foundKey?.scopes, ['tokens:write']);
  } finally {
    await second.close();
  }
});

test('two openers of one file share it; one closing leaves the other working', async () => {
  const file = join(folder, 'shared.db');
  const a = openSqliteStores({ file });
  const b = openSqliteStores({ file: join(folder, '.', 'shared.db') });
  const write = aWrite();
  await a.tokens.upsert(write);
  await a.close();
  await assert.rejects(a.ping(), { code: 'store_unavailable' });
  assert.equal((await b.tokens.findByDigest(write.digest))?.apiKeyId, 'key-1');
  assert.equal(b.poolStats().open, 1);
  await b.close();
  assert.equal(b.poolStats().open, 0);
});
