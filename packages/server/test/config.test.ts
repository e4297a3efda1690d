import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, loadConfig } from '@pushreg/server';

test('defaults match the documented ports and the embedded store', () => {
  const config = loadConfig({}, '/srv/app');
  assert.equal(config.port, 8100);
  assert.equal(config.metricsPort, 9000);
  assert.equal(config.host, '0.0.0.0');
  assert.equal(config.databaseUrl, null);
  assert.equal(config.dataDir, '/srv/app/data');
  assert.equal(config.poolSize, 10);
  assert.equal(config.logLevel, 'info');
  assert.equal(config.migrateOnStart, true);
  assert.equal(config.keyCacheMs, 5000);
  assert.equal(config.production, false);
});

test('every variable is read', () => {
  const config = loadConfig({
    PUSHREG_HOST: '127.0.0.1',
    PUSHREG_PORT: '18100',
    PUSHREG_METRICS_HOST: '::1',
    PUSHREG_METRICS_PORT: '19000',
    PUSHREG_DATABASE_URL: 'mysql://app:s3cret@db.internal:3306/pushreg',
    PUSHREG_DATA_DIR: '/var/lib/pushreg',
    PUSHREG_DB_POOL_SIZE: '32',
    PUSHREG_ENCRYPTION_KEYS: 'k1:AAAA',
    PUSHREG_LOOKUP_KEY: 'BBBB',
    PUSHREG_LOG_LEVEL: 'WARN',
    PUSHREG_MIGRATE_ON_START: 'false',
    PUSHREG_KEY_CACHE_MS: '0',
    NODE_ENV: 'production',
  });
  assert.equal(config.port, 18100);
  assert.equal(config.metricsHost, '::1');
  assert.equal(config.databaseUrl, 'mysql://app:s3cret@db.internal:3306/pushreg');
  assert.equal(config.dataDir, '/var/lib/pushreg');
  assert.equal(config.poolSize, 32);
  assert.equal(config.logLevel, 'warn');
  assert.equal(config.migrateOnStart, false);
  assert.equal(config.keyCacheMs, 0);
  assert.equal(config.production, true);
});

test('every bad variable is named at once, and no password is echoed', () => {
  try {
    loadConfig({
      PUSHREG_PORT: '70000',
      PUSHREG_METRICS_PORT: '-1',
      PUSHREG_DB_POOL_SIZE: '0',
      PUSHREG_DATABASE_URL: 'postgres://u:hunter2@x/db',
      PUSHREG_LOG_LEVEL: 'loud',
      PUSHREG_MIGRATE_ON_START: 'maybe',
      PUSHREG_ENCRYPTION_KEYS: 'k1:AAAA',
    });
    assert.fail('loadConfig accepted a bad environment');
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    for (const name of [
      'PUSHREG_PORT',
      'PUSHREG_METRICS_PORT',
      'PUSHREG_DB_POOL_SIZE',
      'PUSHREG_DATABASE_URL',
      'PUSHREG_LOG_LEVEL',
      'PUSHREG_MIGRATE_ON_START',
      'PUSHREG_LOOKUP_KEY',
    ]) {
      assert.match(error.message, new RegExp(name));
    }
    assert.doesNotMatch(error.message, /hunter2/);
  }
});
