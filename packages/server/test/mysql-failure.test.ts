import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  findLocalMysqlBinary,
  mysqlRequired,
  runOnServer,
  startThrowawayMysql,
  type ThrowawayMysql,
} from '@pushreg/adapters-mysql/testing';
import { mysqlServerEnv, rawConnection } from './support/mysql.js';
import {
  apnsToken,
  createKey,
  fcmToken,
  post,
  spawnServer,
  startServer,
  type TestServer,
} from './support/server.js';

// These tests stop and start a database under a running server, so they need one of their own.
const skip =
  findLocalMysqlBinary() || mysqlRequired()
    ? false
    : 'needs a local mariadbd/mysqld (apt-get install mariadb-server) to stop and restart';

describe('the server when its database goes away', { skip }, () => {
  let mysql: ThrowawayMysql;
  let url: string;
  before(async () => {
    mysql = await startThrowawayMysql();
    await runOnServer(mysql.url, 'CREATE DATABASE pushreg');
    url = new URL('pushreg', mysql.url).href;
  });
  after(() => mysql?.close());

  test('answers 503 within about two seconds while it is down, and recovers without a restart', async () => {
    const { env, dataDir } = mysqlServerEnv(url);
    const server: TestServer = await startServer(env);
    after(() => server.close());
    const { key } = await createKey(env, dataDir);
    const register = (n: number) =>
      post(server.api, '/register-token', { token: apnsToken(n), platform: 'ios' }, key);
    assert.equal((await register(1)).status, 200);

    await mysql.stop();
    const timed = async <T>(work: () => Promise<T>) => {
      const started = performance.now();
      const result = await work();
      return { result, ms: performance.now() - started };
    };
    const health = await timed(() => fetch(`${server.api}/health`));
    assert.equal(health.result.status, 503);
    assert.deepEqual(await health.result.json(), {
      status: 'error',
      message: 'Database unavailable',
    });
    const down = await Promise.all(
      Array.from({ length: 30 }, (_, i) => timed(() => register(100 + i))),
    );
    for (const { result, ms } of down) {
      assert.equal(result.status, 503);
      assert.equal(result.headers.get('retry-after'), '1');
      // A bound on hanging, not a speed target: the pool must not queue requests forever.
      assert.ok(ms < 5_000, `a request took ${Math.round(ms)} ms while the database was down`);
    }
    const unregister = await post(
      server.api,
      '/unregister-token',
      { token: fcmToken(1), platform: 'web' },
      key,
    );
    assert.equal(unregister.status, 503);

    await mysql.start();
    let healthy = false;
    for (let attempt = 0; attempt < 50 && !healthy; attempt++) {
      healthy = (await fetch(`${server.api}/health`)).status === 200;
      if (!healthy) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.ok(healthy, 'health recovered once the database was back');
    assert.equal((await register(2)).status, 200);
    assert.ok(!server.logs.some((l) => l.includes(key)), 'no key in logs');
  });

  test('SIGTERM lets requests in flight finish, then exits 0', async () => {
    const { env, dataDir, digestOf } = mysqlServerEnv(url);
    const { key } = await createKey(env, dataDir);
    const server = await spawnServer(env, dataDir);
    after(() => server.stop('SIGKILL'));
    const token = fcmToken(42);
    assert.equal(
      (await post(server.api, '/register-token', { token, platform: 'android' }, key)).status,
      200,
    );

    // Hold the token's row lock so the next registrations are stuck inside the database.
    const holder = await rawConnection(url);
    after(() => holder.end());
    await holder.query('START TRANSACTION');
    await holder.query('SELECT digest FROM registrations WHERE digest = ? FOR UPDATE', [
      digestOf(token),
    ]);
    const inFlight = Array.from({ length: 5 }, (_, i) =>
      post(server.api, '/register-token', { token, platform: 'android', topics: [`t${i}`] }, key),
    );
    const settled = Promise.allSettled(inFlight);
    const watcher = await rawConnection(url);
    after(() => watcher.end());
    for (let waiting = 0; waiting === 0; ) {
      const [rows] = await watcher.query(
        "SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE COMMAND = 'Query' AND INFO LIKE '%registrations%' AND ID <> CONNECTION_ID()",
      );
      waiting = Number((rows as { n: number }[])[0]?.n ?? 0);
    }
    // The five requests were sent before this one: once it is answered, the server has
    // accepted their connections too, so they are in flight when the signal arrives.
    assert.equal((await fetch(`${server.api}/health`)).status, 200);

    server.child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 200));
    const refused = await fetch(`${server.api}/health`).then(
      () => 'accepted',
      () => 'refused',
    );
    await holder.query('COMMIT');

    const results = await settled;
    assert.deepEqual(
      results.map((r) => (r.status === 'fulfilled' ? r.value.status : String(r.reason))),
      [200, 200, 200, 200, 200],
    );
    assert.equal(refused, 'refused', 'no new connection is accepted after SIGTERM');
    assert.equal(await server.exited(), 0);
    assert.ok(server.lines.some((l) => l.includes('shut down cleanly')));
  });

  test('SIGTERM with the database frozen still ends the process', { timeout: 30_000 }, async () => {
    const { env, dataDir } = mysqlServerEnv(url);
    const { key } = await createKey(env, dataDir);
    const server = await spawnServer(env, dataDir);
    after(() => server.stop('SIGKILL'));
    assert.equal(
      (await post(server.api, '/register-token', { token: apnsToken(77), platform: 'ios' }, key))
        .status,
      200,
      'the pool holds an open connection to the database',
    );

    await mysql.pause();
    after(() => mysql.resume());
    server.child.kill('SIGTERM');
    // Closing the pool must not wait on a database that never answers: shutdown is bounded,
    // and a process whose sockets outlive it exits anyway.
    const code = await server.exited();
    assert.ok(code === 0 || code === 1, `exit code ${code}`);
    assert.ok(server.lines.some((l) => /shut down cleanly|shutdown failed/.test(l)));
  });
});
