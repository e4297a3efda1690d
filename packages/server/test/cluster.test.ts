import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { useMysqlTestDatabase } from '@pushreg/adapters-mysql/testing';
import { ConfigError, loadConfig } from '@pushreg/server';
import { mysqlServerEnv } from './support/mysql.js';
import { apnsToken, createKey, post, spawnServer } from './support/server.js';

const database = await useMysqlTestDatabase({ migrate: false });

test('more than one worker needs a MySQL database', () => {
  assert.throws(
    () => loadConfig({ PUSHREG_WORKERS: '2' }),
    (e) =>
      e instanceof ConfigError &&
      /PUSHREG_WORKERS above 1 needs PUSHREG_DATABASE_URL/.test(e.message),
  );
  assert.throws(() => loadConfig({ PUSHREG_WORKERS: '0' }), /PUSHREG_WORKERS must be/);
});

describe('two worker processes behind one port', { skip: database.skip }, () => {
  test('serve every request, merge their metrics, and drain on SIGTERM', async () => {
    const { env, dataDir } = mysqlServerEnv(database.url, { PUSHREG_WORKERS: '2' });
    const server = await spawnServer(env, dataDir);
    after(() => server.stop('SIGKILL'));
    const { key } = await createKey(env, dataDir);
    assert.equal(server.lines.filter((l) => l.includes('worker is listening')).length, 2);

    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        post(server.api, '/register-token', { token: apnsToken(1000 + i), platform: 'ios' }, key),
      ),
    );
    assert.deepEqual(new Set(results.map((r) => r.status)), new Set([200]));

    const metrics = await (await fetch(`${server.metrics}/metrics`)).text();
    assert.match(metrics, /pushreg_registrations_total\{platform="ios",outcome="created"\} 40\b/);
    assert.match(
      metrics,
      /http_requests_total\{method="POST",path="\/register-token",status="200"\} 40\b/,
    );

    assert.equal(await server.stop('SIGTERM'), 0);
    assert.ok(server.lines.some((l) => l.includes('shut down cleanly')));
  });
});
