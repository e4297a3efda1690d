import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { MYSQL_MIGRATIONS_FOLDER, migrateMysql } from '@pushreg/adapters-mysql';
import { useMysqlTestDatabase } from '@pushreg/adapters-mysql/testing';
import type mysql from 'mysql2/promise';
import { rawPool, select } from './support/raw-sql.js';

const database = await useMysqlTestDatabase({ migrate: false });

describe('migrateMysql', { skip: database.skip }, () => {
  let raw: mysql.Pool;
  before(() => {
    raw = rawPool(database.url);
  });
  after(() => raw?.end());

  /** Everything about the schema that a migration could change. */
  const schema = async () => ({
    columns: await select(
      raw,
      `SELECT table_name AS t, column_name AS c, column_type AS type, is_nullable AS nullable,
         collation_name AS collation
       FROM information_schema.columns WHERE table_schema = DATABASE() ORDER BY t, c`,
    ),
    indexes: await select(
      raw,
      `SELECT table_name AS t, index_name AS i, seq_in_index AS n, column_name AS c,
         non_unique AS nonUnique
       FROM information_schema.statistics WHERE table_schema = DATABASE() ORDER BY t, i, n`,
    ),
    applied: await select(raw, 'SELECT hash, created_at FROM __drizzle_migrations ORDER BY id'),
  });

  test('an empty database gets every table, column type and index', async () => {
    assert.deepEqual(await select(raw, 'SHOW TABLES'), []);
    await migrateMysql(database.url);
    const { columns, indexes } = await schema();
    const type = (t: string, c: string) =>
      columns.find((row) => row.t === t && row.c === c)?.type as string | undefined;
    assert.equal(type('registrations', 'digest'), 'binary(32)');
    assert.equal(type('registrations', 'sealed_token'), 'varbinary(4400)');
    assert.equal(type('registrations', 'created_at'), 'datetime(3)');
    assert.equal(type('registration_topics', 'topic'), 'varchar(64)');
    assert.equal(type('api_keys', 'digest'), 'binary(32)');
    const topic = columns.find((row) => row.t === 'registration_topics' && row.c === 'topic');
    assert.equal(topic?.collation, 'ascii_bin');
    const indexOf = (t: string, i: string) =>
      indexes.filter((row) => row.t === t && row.i === i).map((row) => row.c);
    assert.deepEqual(indexOf('registrations', 'PRIMARY'), ['digest']);
    assert.deepEqual(indexOf('registration_topics', 'PRIMARY'), ['digest', 'topic']);
    assert.deepEqual(indexOf('registration_topics', 'registration_topics_topic_digest_idx'), [
      'topic',
      'digest',
    ]);
    assert.deepEqual(indexOf('api_keys', 'api_keys_digest_idx'), ['digest']);
    const unique = indexes.find((row) => row.i === 'api_keys_digest_idx');
    assert.equal(Number(unique?.nonUnique), 0);
    const foreignKeys = await select(
      raw,
      `SELECT constraint_name FROM information_schema.referential_constraints
       WHERE constraint_schema = DATABASE()`,
    );
    assert.deepEqual(foreignKeys, []);
  });

  test('running the migrations again changes nothing and does not fail', async () => {
    await migrateMysql(database.url);
    const before = await schema();
    await migrateMysql(database.url);
    assert.deepEqual(await schema(), before);
    const journal = JSON.parse(
      readFileSync(join(MYSQL_MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8'),
    );
    assert.equal(before.applied.length, journal.entries.length);
  });
});
