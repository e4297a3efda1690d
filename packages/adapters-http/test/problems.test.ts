import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SealedTokenError, StoreUnavailableError } from '@pushreg/core';
import { PROBLEMS } from '../src/index.js';
import { registerBody, startApp } from './support.js';

test('every error is RFC 9457 problem details carrying a stable code and the request id', async (t) => {
  const app = await startApp(t);

  const res = await app.post('/register-token', registerBody({ platform: 'blackberry' }));

  assert.equal(res.status, 403);
  assert.match(res.headers.get('content-type') ?? '', /^application\/problem\+json/);
  assert.deepEqual(res.json(), {
    type: 'urn:pushreg:problem:invalid_platform',
    title: 'Unknown platform',
    status: 403,
    detail: 'platform must be one of ios, android, web',
    code: 'invalid_platform',
    request_id: res.headers.get('x-request-id'),
  });
});

test('a token not in its platform format gets 403 with a detail naming the rule', async (t) => {
  const app = await startApp(t);

  const res = await app.post('/register-token', registerBody({ token: 'abc' }));

  assert.equal(res.status, 403);
  assert.equal(res.json().code, 'invalid_token');
  assert.match(res.json().detail, /ios token/);
});

test('the core content rules come back as 422 with their own codes', async (t) => {
  const app = await startApp(t);
  const cases = [
    [{ topics: ['has space'] }, 'invalid_topics'],
    [{ topics: Array.from({ length: 101 }, (_, i) => `t${i}`) }, 'too_many_topics'],
    [{ app_ver: 'v'.repeat(33) }, 'invalid_app_version'],
    [{ locale: 'en UK' }, 'invalid_locale'],
  ] as const;

  for (const [fields, code] of cases) {
    const res = await app.post('/register-token', registerBody(fields));
    assert.deepEqual([res.status, res.json().code], [422, code]);
  }
  assert.equal(app.store.rows.size, 0);
});

test('an unavailable store gets 503 with Retry-After: 1 and no internals', async (t) => {
  const app = await startApp(t);
  app.store.failWith = new StoreUnavailableError('pool timeout on db-7.internal:3306');

  const res = await app.post('/register-token', registerBody());

  assert.equal(res.status, 503);
  assert.equal(res.headers.get('retry-after'), '1');
  assert.equal(res.json().code, 'store_unavailable');
  assert.ok(!res.text.includes('db-7'), 'the store message stays in the log');
  const line = app.logger.lines.at(-1);
  assert.equal(line?.level, 'error');
  assert.equal(line?.obj.err, app.store.failWith);
});

test('an unavailable key store also gets 503, not 401', async (t) => {
  const app = await startApp(t);
  app.keys.failWith = new StoreUnavailableError();

  const res = await app.post('/register-token', registerBody());

  assert.equal(res.status, 503);
});

test('an unexpected failure gets a 500 that says nothing of it, and is logged with its cause', async (t) => {
  const failure = new Error('SELECT sealed FROM tokens on 10.1.2.3 failed', {
    cause: new Error('socket hang up'),
  });
  const app = await startApp(t, {
    registerToken: async () => {
      throw failure;
    },
  });

  const res = await app.post('/register-token', registerBody());

  assert.equal(res.status, 500);
  const body = res.json();
  assert.equal(body.code, 'internal_error');
  assert.equal(body.request_id, res.headers.get('x-request-id'));
  for (const secret of ['SELECT', '10.1.2.3', 'socket', 'stack', 'at ']) {
    assert.ok(!res.text.includes(secret), `the body does not mention ${secret}`);
  }
  const line = app.logger.lines.at(-1);
  assert.equal(line?.level, 'error');
  assert.equal(line?.obj.err, failure);
  assert.equal(line?.obj.requestId, body.request_id);
});

test('a core failure outside the table is a 500 too', async (t) => {
  const app = await startApp(t, {
    registerToken: async () => {
      throw new SealedTokenError();
    },
  });

  const res = await app.post('/register-token', registerBody());

  assert.equal(res.status, 500);
  assert.equal(res.json().code, 'internal_error');
});

test('an unknown path gets 404 problem details', async (t) => {
  const app = await startApp(t);

  const res = await app.send('/tokens');

  assert.equal(res.status, 404);
  assert.equal(res.json().code, 'not_found');
});

test('a wrong method on a known path gets 405 with Allow', async (t) => {
  const app = await startApp(t);

  const get = await app.send('/register-token');
  const del = await app.send('/unregister-token', { method: 'DELETE' });
  const put = await app.send('/health', { method: 'PUT' });

  assert.deepEqual([get.status, get.headers.get('allow')], [405, 'POST']);
  assert.deepEqual([del.status, del.headers.get('allow')], [405, 'POST']);
  assert.deepEqual([put.status, put.headers.get('allow')], [405, 'GET, HEAD']);
  assert.equal(get.json().code, 'method_not_allowed');
});

test('the status table keeps the statuses the original clients rely on', () => {
  assert.equal(PROBLEMS.missing_api_key?.status, 401);
  assert.equal(PROBLEMS.invalid_api_key?.status, 401);
  assert.equal(PROBLEMS.invalid_platform?.status, 403);
  assert.equal(PROBLEMS.invalid_token?.status, 403);
  assert.equal(PROBLEMS.sealed_token_unreadable, undefined, 'left to the 500 fallback');
});
