import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { AesGcmTokenCipher, parseKeyring } from '@pushreg/adapters-crypto';
import Database from 'better-sqlite3';
import { apnsToken, createKey, fcmToken, post, runCli, spawnServer } from './support/server.js';

/** A fresh working folder with no configuration: the zero-setup path a newcomer takes. */
function freshFolder() {
  const dir = mkdtempSync(join(tmpdir(), 'pushreg-embedded-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

describe('zero-setup start on the embedded SQLite store', () => {
  test('serves register and unregister, and keeps every token through a restart', async () => {
    const dir = freshFolder();
    const { key } = await createKey({}, dir, 'demo');
    assert.match(key, /^pr_/);

    let server = await spawnServer({}, dir);
    const secretsLine = server.lines.find((l) =>
      l.includes('generated encryption and lookup keys'),
    );
    assert.ok(secretsLine, 'one log line says the keys were generated and where');
    assert.equal(statSync(join(dir, 'data', 'secrets.env')).mode & 0o777, 0o600);
    assert.ok(statSync(join(dir, 'data', 'pushreg.db')).isFile());

    const tokens = [apnsToken(1), apnsToken(2), fcmToken(3)];
    for (const [i, token] of tokens.entries()) {
      const platform = i < 2 ? 'ios' : 'android';
      const res = await post(
        server.api,
        '/register-token',
        { token, platform, topics: ['news'] },
        key,
      );
      assert.equal(res.status, 200);
      assert.deepEqual(res.json, { status: 'registered' });
    }
    const gone = await post(
      server.api,
      '/unregister-token',
      { token: tokens[1], platform: 'ios' },
      key,
    );
    assert.deepEqual(gone.json, { status: 'unregistered' });
    assert.equal(await server.stop('SIGTERM'), 0);

    server = await spawnServer({}, dir);
    assert.ok(!server.lines.some((l) => l.includes('generated encryption')), 'keys reused');
    const again = await post(
      server.api,
      '/register-token',
      { token: tokens[0], platform: 'ios' },
      key,
    );
    assert.equal(again.status, 200, 'the key from the CLI still works after the restart');
    assert.equal(await server.stop('SIGINT'), 0);

    const secrets = (await import('node:fs')).readFileSync(
      join(dir, 'data', 'secrets.env'),
      'utf8',
    );
    const keyring = /PUSHREG_ENCRYPTION_KEYS=(.+)/.exec(secrets)?.[1] ?? '';
    const cipher = new AesGcmTokenCipher(parseKeyring(keyring));
    const db = new Database(join(dir, 'data', 'pushreg.db'), { readonly: true });
    after(() => db.close());
    const rows = db.prepare('SELECT digest, sealed_token, status FROM registrations').all() as {
      digest: Buffer;
      sealed_token: Buffer;
      status: string;
    }[];
    const opened = rows.map((r) => cipher.open(r.sealed_token, r.digest)).sort();
    assert.deepEqual(opened, [...tokens].sort());
    assert.deepEqual(rows.map((r) => r.status).sort(), ['active', 'active', 'expired']);
  });

  test('a burst of concurrent registrations all succeed, with no SQLITE_BUSY', async () => {
    const dir = freshFolder();
    const { key } = await createKey({}, dir);
    const server = await spawnServer({}, dir);
    after(() => server.stop());
    const results = await Promise.all(
      Array.from({ length: 300 }, (_, i) =>
        post(
          server.api,
          '/register-token',
          { token: fcmToken(i % 150), platform: 'web', topics: [`t${i}`] },
          key,
        ),
      ),
    );
    assert.deepEqual(new Set(results.map((r) => r.status)), new Set([200]));
    assert.ok(!server.lines.some((l) => l.includes('SQLITE_BUSY')));
    const keys = await runCli(['keys', 'create', '--name', 'while-serving'], {}, dir);
    assert.equal(keys.code, 0, 'the CLI writes to the same file while the server runs');
  });

  test('production mode without secrets refuses to start and names the variables', async () => {
    const dir = freshFolder();
    const result = await runCli(['serve'], { NODE_ENV: 'production', ...{} }, dir);
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /PUSHREG_ENCRYPTION_KEYS/);
    assert.match(result.stderr, /PUSHREG_LOOKUP_KEY/);
  });

  test('a bad variable stops the process with a message naming it', async () => {
    const dir = freshFolder();
    const result = await runCli(['serve'], { PUSHREG_PORT: 'eighty' }, dir);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /PUSHREG_PORT must be a port number/);
  });
});
