import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { migrateSqlite, openSqliteStores } from '../src/index.js';
import { rawConnection, runFixture, tempFolder } from './helpers.js';

const folder = tempFolder();

test('migrating an empty file creates the tables, and migrating again changes nothing', (t) => {
  const file = join(folder, 'empty.db');
  assert.ok(migrateSqlite(file) > 0);
  const raw = rawConnection(file);
  t.after(() => raw.close());
  const schema = () => raw.prepare('SELECT type, name, tbl_name, sql FROM sqlite_master').all();
  const before = schema();

  assert.equal(migrateSqlite(file), 0);
  assert.deepEqual(schema(), before);
  const tables = raw
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    .pluck()
    .all();
  assert.deepEqual(tables, [
    '__drizzle_migrations',
    'api_keys',
    'registration_topics',
    'registrations',
  ]);
});

test('topics are indexed by (topic, digest) and keyed by (digest, topic)', (t) => {
  const file = join(folder, 'indexes.db');
  migrateSqlite(file);
  const raw = rawConnection(file);
  t.after(() => raw.close());
  const indexed = raw
    .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ?")
    .pluck()
    .all('registration_topics') as string[];
  const columns = (index: string) =>
    raw.prepare('SELECT name FROM pragma_index_info(?) ORDER BY seqno').pluck().all(index);
  const byTopic = indexed.filter((name) => columns(name).join() === 'topic,digest');
  const byDigest = indexed.filter((name) => columns(name).join() === 'digest,topic');
  assert.equal(byTopic.length, 1);
  assert.equal(byDigest.length, 1, 'the primary key (digest, topic)');
});

test('opening with migrate off leaves a new file without tables, so ping fails', async (t) => {
  const stores = openSqliteStores({ file: join(folder, 'unmigrated.db'), migrate: false });
  t.after(() => stores.close());
  await assert.rejects(stores.ping(), /no such table: registrations/);
  migrateSqlite(stores.file);
  await stores.ping();
});

test('two processes migrating one new file at once both succeed, each step once', async (t) => {
  const file = join(folder, 'race.db');
  const runs = [runFixture('migrate.ts', [file]), runFixture('migrate.ts', [file])];
  await Promise.all(runs.map((run) => run.printed('ready')));
  for (const run of runs) run.child.stdin.write('go\n');
  const results = await Promise.all(runs.map((run) => run.exited));
  for (const result of results) assert.equal(result.code, 0, result.stderr);
  const applied = results.map((result) => Number(result.stdout.trim().split('\n').at(-1)));
  assert.deepEqual(
    [...applied].sort(),
    [0, Math.max(...applied)],
    'one process applied everything, the other found nothing left',
  );
  const raw = rawConnection(file);
  t.after(() => raw.close());
  const rows = raw.prepare('SELECT count(*) FROM __drizzle_migrations').pluck().get();
  assert.equal(rows, Math.max(...applied));
});
