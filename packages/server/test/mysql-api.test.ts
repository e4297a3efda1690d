import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { AesGcmTokenCipher, parseKeyring } from '@pushreg/adapters-crypto';
import { useMysqlTestDatabase } from '@pushreg/adapters-mysql/testing';
import type { RowDataPacket } from 'mysql2/promise';
import { fingerprint, mysqlServerEnv, rawConnection } from './support/mysql.js';
import {
  apnsToken,
  createKey,
  fcmToken,
  post,
  runCli,
  startServer,
  type TestServer,
} from './support/server.js';

const database = await useMysqlTestDatabase({ migrate: false });

describe('the server over MariaDB', { skip: database.skip }, () => {
  const { env, dataDir, secrets, digestOf } = mysqlServerEnv(database.url, {
    PUSHREG_KEY_CACHE_MS: '300',
  });
  const usedTokens: string[] = [];
  const usedKeys: string[] = [];
  let server: TestServer;
  let key: string;
  let db: Awaited<ReturnType<typeof rawConnection>>;

  const register = (body: unknown, apiKey = key) => {
    if (body && typeof body === 'object' && 'token' in body) usedTokens.push(String(body.token));
    return post(server.api, '/register-token', body, apiKey);
  };
  const rowOf = async (token: string) => {
    const [rows] = await db.query<RowDataPacket[]>(
      'SELECT status, platform, app_version, sealed_token, digest FROM registrations WHERE digest = ?',
      [digestOf(token)],
    );
    return rows;
  };
  const topicsOf = async (token: string) => {
    const [rows] = await db.query<RowDataPacket[]>(
      'SELECT topic FROM registration_topics WHERE digest = ? ORDER BY topic',
      [digestOf(token)],
    );
    return rows.map((r) => r.topic as string);
  };

  before(async () => {
    server = await startServer(env);
    ({ key } = await createKey(env, dataDir));
    usedKeys.push(key);
    db = await rawConnection(database.url);
  });
  after(async () => {
    await server?.close();
    await db?.end();
  });

  test('health answers ok and migrations ran at start-up', async () => {
    const res = await fetch(`${server.api}/health`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { status: 'ok', message: 'Service is running' });
  });

  test('a registered token is stored sealed, opening to the normalized token', async () => {
    const token = apnsToken(1);
    const res = await register({ token: token.toUpperCase(), platform: 'ios', topics: ['news'] });
    assert.deepEqual([res.status, res.json], [200, { status: 'registered' }]);
    const [row] = await rowOf(token);
    assert.ok(row);
    const cipher = new AesGcmTokenCipher(parseKeyring(secrets.encryptionKeys));
    assert.equal(cipher.open(row.sealed_token, row.digest), token);
    assert.ok(!Buffer.from(row.sealed_token).includes(Buffer.from(token)));
    assert.deepEqual(await topicsOf(token), ['news']);
  });

  test('re-registering updates, replaces topics, reactivates; any APNs case is one token', async () => {
    const token = apnsToken(2);
    await register({ token, platform: 'ios', app_ver: '1.0', topics: ['a', 'b'] });
    await register({ token: token.toUpperCase(), platform: 'ios', app_ver: '2.0', topics: ['c'] });
    let rows = await rowOf(token);
    assert.equal(rows.length, 1);
    assert.equal(rows[0]?.app_version, '2.0');
    assert.deepEqual(await topicsOf(token), ['c']);

    const gone = await post(server.api, '/unregister-token', { token, platform: 'ios' }, key);
    assert.deepEqual([gone.status, gone.json], [200, { status: 'unregistered' }]);
    assert.equal((await rowOf(token))[0]?.status, 'expired');

    await register({ token, platform: 'ios', topics: ['d'] });
    rows = await rowOf(token);
    assert.equal(rows[0]?.status, 'active');
    assert.deepEqual(await topicsOf(token), ['d']);
  });

  test('unregistering an unknown token gets the same answer and stores nothing', async () => {
    const before = await fingerprint(db);
    const token = fcmToken(99);
    const res = await post(server.api, '/unregister-token', { token, platform: 'web' }, key);
    assert.deepEqual([res.status, res.json], [200, { status: 'unregistered' }]);
    assert.equal(await fingerprint(db), before);
  });

  test('200 concurrent registrations of one token leave one row and one topic set', async () => {
    const token = fcmToken(7);
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        register({ token, platform: 'android', app_ver: `v${i}`, topics: [`x${i}`, `y${i}`] }),
      ),
    );
    assert.deepEqual(new Set(results.map((r) => r.status)), new Set([200]));
    const rows = await rowOf(token);
    assert.equal(rows.length, 1);
    const i = String(rows[0]?.app_version).slice(1);
    assert.deepEqual(await topicsOf(token), [`x${i}`, `y${i}`]);
  });

  const badRequests: [string, number, () => Promise<{ status: number; headers: Headers }>][] = [
    [
      'no API key',
      401,
      () => post(server.api, '/register-token', { token: apnsToken(5), platform: 'ios' }),
    ],
    [
      'an unknown API key',
      401,
      () => register({ token: apnsToken(5), platform: 'ios' }, `pr_${'A'.repeat(43)}`),
    ],
    ['an unknown platform', 403, () => register({ token: apnsToken(5), platform: 'symbian' })],
    [
      'an iOS 13 description token',
      403,
      () => register({ token: `{length = 32, bytes = 0x${'ab'.repeat(16)}}`, platform: 'ios' }),
    ],
    ['a token with a space', 403, () => register({ token: `${fcmToken(5)} x`, platform: 'web' })],
    ['not JSON', 400, () => post(server.api, '/register-token', '{"token":', key)],
    ['a missing token', 422, () => register({ platform: 'ios' })],
    ['JSON null', 422, () => post(server.api, '/register-token', 'null', key)],
    ['an array', 422, () => post(server.api, '/register-token', '[1,2]', key)],
    [
      'an object where a string belongs',
      422,
      () => register({ token: { $gt: '' }, platform: 'ios' }),
    ],
    [
      '5,000 topics',
      422,
      () =>
        register({
          token: apnsToken(5),
          platform: 'ios',
          topics: Array.from({ length: 5000 }, (_, i) => `t${i}`),
        }),
    ],
    [
      'a topic with a space',
      422,
      () => register({ token: apnsToken(5), platform: 'ios', topics: ['a b'] }),
    ],
    [
      '__proto__ keys',
      422,
      () =>
        post(server.api, '/register-token', '{"__proto__":{"token":"x"},"platform":"ios"}', key),
    ],
    [
      'control characters',
      403,
      () => register({ token: `${apnsToken(5)}\u0000`, platform: 'ios' }),
    ],
    [
      'a 2 MB body',
      413,
      () => register({ token: apnsToken(5), platform: 'ios', app_ver: 'x'.repeat(2_000_000) }),
    ],
    [
      'deeply nested JSON',
      422,
      () => post(server.api, '/register-token', `${'['.repeat(20_000)}${']'.repeat(20_000)}`, key),
    ],
    [
      'a form-encoded body',
      415,
      async () => {
        const res = await fetch(`${server.api}/register-token`, {
          method: 'POST',
          headers: { 'x-api-key': key, 'content-type': 'application/x-www-form-urlencoded' },
          body: `token=${apnsToken(5)}&platform=ios`,
        });
        return { status: res.status, headers: res.headers };
      },
    ],
    [
      'a wrong method',
      405,
      async () => {
        const res = await fetch(`${server.api}/register-token`, { headers: { 'x-api-key': key } });
        return { status: res.status, headers: res.headers };
      },
    ],
    [
      'an unknown path',
      404,
      () => post(server.api, '/register-tokens', { token: apnsToken(5) }, key),
    ],
  ];
  for (const [name, status, send] of badRequests) {
    test(`${name} is answered ${status}, with problem details, changing nothing`, async () => {
      const before = await fingerprint(db);
      const res = await send();
      assert.equal(res.status, status);
      assert.match(res.headers.get('content-type') ?? '', /^application\/problem\+json/);
      assert.equal(await fingerprint(db), before);
      assert.equal(({} as Record<string, unknown>).token, undefined, 'no prototype pollution');
    });
  }

  test('a table the store cannot use gives a 500 that reveals nothing, logged with its cause', async () => {
    await db.query('RENAME TABLE registration_topics TO registration_topics_away');
    try {
      const res = await register({ token: apnsToken(6), platform: 'ios', topics: ['t'] });
      assert.equal(res.status, 500);
      assert.doesNotMatch(res.text, /registration_topics|SQL|mysql|stack/i);
      assert.ok(
        server.logs.some((l) => l.includes('"level":50') && l.includes('registration_topics')),
      );
    } finally {
      await db.query('RENAME TABLE registration_topics_away TO registration_topics');
    }
    assert.equal((await rowOf(apnsToken(6))).length, 0, 'nothing half-written');
  });

  test('a revoked key is refused once the 300 ms key cache period has passed', async () => {
    const { key: doomed, output } = await createKey(env, dataDir, 'doomed');
    usedKeys.push(doomed);
    const id = /created API key (\S+)/.exec(output)?.[1] ?? '';
    assert.equal((await register({ token: apnsToken(8), platform: 'ios' }, doomed)).status, 200);
    const revoked = await runCli(['keys', 'revoke', id], env, dataDir);
    assert.equal(revoked.code, 0, revoked.stderr);
    await new Promise((resolve) => setTimeout(resolve, 350));
    const res = await register({ token: apnsToken(8), platform: 'ios' }, doomed);
    assert.equal(res.status, 401);
    const list = await runCli(['keys', 'list'], env, dataDir);
    assert.match(list.stdout, new RegExp(`${id}\\tdoomed\\t.*revoked`));
  });

  test('200 requests to random paths leave a handful of metric series', async () => {
    await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        fetch(`${server.api}/scan/${i}/${Math.random().toString(36).slice(2)}?q=${i}`),
      ),
    );
    const text = await (await fetch(`${server.metrics}/metrics`)).text();
    const series = text.split('\n').filter((l) => l.startsWith('http_requests_total{'));
    assert.ok(series.length <= 20, `${series.length} series:\n${series.join('\n')}`);
    assert.ok(series.some((l) => l.includes('path="<unmatched>"') && l.includes('status="404"')));
    assert.match(text, /pushreg_registrations_total\{platform="ios",outcome="created"\} [1-9]/);
    assert.match(text, /pushreg_db_pool_connections/);
    assert.match(text, /process_cpu_user_seconds_total/);
  });

  test('no token or API key appears in any log line', () => {
    assert.ok(server.logs.length > 50, 'requests were logged');
    for (const secret of [...usedTokens, ...usedKeys, secrets.lookupKey]) {
      const needle = secret.slice(0, 40);
      const leaks = server.logs.filter((l) => l.toLowerCase().includes(needle.toLowerCase()));
      assert.deepEqual(leaks, [], `a log line holds ${needle.slice(0, 6)}…`);
    }
  });
});
