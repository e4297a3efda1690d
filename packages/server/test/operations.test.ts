import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { createKey, LOCAL, runCli, startServer } from './support/server.js';

function freshFolder() {
  const dir = mkdtempSync(join(tmpdir(), 'pushreg-ops-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test('a metrics port already taken stops the process with a message naming the variables', async () => {
  const dir = freshFolder();
  const taken = createServer().listen(0, '127.0.0.1');
  after(() => taken.close());
  await new Promise((resolve) => taken.once('listening', resolve));
  const port = String((taken.address() as { port: number }).port);
  const result = await runCli(['serve'], { ...LOCAL, PUSHREG_METRICS_PORT: port }, dir);
  assert.equal(result.code, 1);
  assert.match(result.stderr, /cannot listen on 127\.0\.0\.1:\d+ \(EADDRINUSE\)/);
  assert.match(result.stderr, /PUSHREG_METRICS_HOST and PUSHREG_METRICS_PORT/);
});

test('a malformed keyring names its variable and never echoes the key', async () => {
  const dir = freshFolder();
  const secret = 'c2VjcmV0LWtleS1tYXRlcmlhbA==';
  const result = await runCli(
    ['serve'],
    { ...LOCAL, PUSHREG_ENCRYPTION_KEYS: `k1:${secret}`, PUSHREG_LOOKUP_KEY: secret },
    dir,
  );
  assert.equal(result.code, 1);
  assert.match(result.stderr, /PUSHREG_ENCRYPTION_KEYS from the environment/);
  assert.ok(!result.stderr.includes(secret));
});

test('revoking by the key itself by mistake does not print the key', async () => {
  const dir = freshFolder();
  const { key } = await createKey({}, dir);
  const result = await runCli(['keys', 'revoke', key], {}, dir);
  assert.equal(result.code, 1);
  assert.match(result.stderr, /no API key has that id/);
  assert.ok(!result.stderr.includes(key) && !result.stdout.includes(key));
});

test('an unknown option is a usage error', async () => {
  const dir = freshFolder();
  const result = await runCli(['keys', 'create', '--nme', 'x'], {}, dir);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /Unknown option '--nme'/);
  assert.doesNotMatch(result.stderr, /at .*\.ts:\d+/, 'no stack trace');
});

test('headers too large get 431 problem details and are counted as unmatched', async () => {
  const dir = freshFolder();
  const server = await startServer({ PUSHREG_DATA_DIR: join(dir, 'data') });
  after(() => server.close());
  const { status, type, body } = await new Promise<{
    status?: number;
    type?: string;
    body: string;
  }>((resolve, reject) => {
    const req = request(`${server.api}/health`, { headers: { 'x-api-key': 'k'.repeat(100_000) } });
    req.on('response', (res) => {
      let body = '';
      res.on('data', (d) => {
        body += d;
      });
      res.on('end', () =>
        resolve({ status: res.statusCode, type: res.headers['content-type'], body }),
      );
    });
    req.on('error', reject);
    req.end();
  });
  assert.equal(status, 431);
  assert.equal(type, 'application/problem+json');
  assert.equal(JSON.parse(body).status, 431);
  const metrics = await (await fetch(`${server.metrics}/metrics`)).text();
  assert.match(metrics, /http_requests_total\{method="OTHER",path="<unmatched>",status="431"\} 1/);
});
