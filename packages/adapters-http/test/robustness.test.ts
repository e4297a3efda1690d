import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ANDROID_TOKEN, type App, IOS_TOKEN, registerBody, startApp } from './support.js';

/** The request changed nothing, and nothing the server recorded holds the token or the key. */
function assertHarmless(app: App): void {
  assert.equal(app.store.rows.size, 0, 'the store is unchanged');
  assert.deepEqual(app.metrics.registrations, [], 'no registration happened');
  const seen = app.observed();
  for (const secret of [IOS_TOKEN, IOS_TOKEN.toUpperCase(), 'dEvIcE', app.key]) {
    assert.ok(!seen.includes(secret), 'no token or key in logs or metrics');
  }
}

const refusals: ReadonlyArray<readonly [string, string, number]> = [
  ['not JSON', '{"token": "abc", platform}', 400],
  ['a truncated JSON text', registerBody().slice(0, -3), 400],
  ['JSON null', 'null', 422],
  ['a JSON array', JSON.stringify([registerBody()]), 422],
  ['a JSON string', JSON.stringify(registerBody()), 422],
  ['a JSON number', '42', 422],
  ['a JSON boolean', 'true', 422],
  ['an empty body', '', 422],
  ['an object as token', registerBody({ token: { value: IOS_TOKEN } }), 422],
  ['an array as token', registerBody({ token: [IOS_TOKEN] }), 422],
  ['a number as platform', registerBody({ platform: 1 }), 422],
  ['an object as app_ver', registerBody({ app_ver: { major: 1 } }), 422],
  ['an array as locale', registerBody({ locale: ['en'] }), 422],
  ['a string as topics', registerBody({ topics: 'news' }), 422],
  ['an object inside topics', registerBody({ topics: ['news', { a: 1 }] }), 422],
  ['a missing token', JSON.stringify({ platform: 'ios' }), 422],
  ['a missing platform', JSON.stringify({ token: IOS_TOKEN }), 422],
  ['5,000 topics', registerBody({ topics: Array.from({ length: 5000 }, (_, i) => `t${i}`) }), 422],
  ['a topic with a space', registerBody({ topics: ['breaking news'] }), 422],
  ['an unknown platform', registerBody({ platform: 'blackberry' }), 403],
  ['a token with a space inside', registerBody({ token: `${IOS_TOKEN} ${IOS_TOKEN}` }), 403],
  ['an iOS 13 description', registerBody({ token: `{length = 32, bytes = 0x${IOS_TOKEN}}` }), 403],
  ['an old description', registerBody({ token: `<${IOS_TOKEN.slice(0, 8)} ${IOS_TOKEN}>` }), 403],
];

test('malformed bodies get a 4xx and never reach the store', async (t) => {
  const app = await startApp(t);
  for (const [what, body, status] of refusals) {
    await t.test(`${what} gets ${status}`, async () => {
      const res = await app.post('/register-token', body);
      assert.equal(res.status, status);
      assert.match(res.headers.get('content-type') ?? '', /^application\/problem\+json/);
    });
  }
  assertHarmless(app);
});

const oddCharacters = ['\u0000', '\u0007', '\u001b[31m', '\r\n', 'é', '\u202e', '😀', '\uFEFF'];

test('control and non-ASCII characters in any field get a 4xx', async (t) => {
  const app = await startApp(t);
  const fields = [
    ['token', (c: string) => `${ANDROID_TOKEN.slice(0, 30)}${c}${ANDROID_TOKEN.slice(30)}`, 403],
    ['platform', (c: string) => `and${c}roid`, 403],
    ['app_ver', (c: string) => `1.${c}0`, 422],
    ['locale', (c: string) => `en${c}GB`, 422],
    ['topics', (c: string) => [`ne${c}ws`], 422],
  ] as const;

  for (const [field, make, status] of fields) {
    for (const c of oddCharacters) {
      const body = registerBody({ token: ANDROID_TOKEN, platform: 'android', [field]: make(c) });
      const res = await app.post('/register-token', body);
      assert.equal(res.status, status, `${field} with ${JSON.stringify(c)}`);
    }
  }
  assertHarmless(app);
});

test('prototype keys are refused and pollute nothing', async (t) => {
  const app = await startApp(t);
  const bodies = [
    `{"__proto__":{"polluted":true},"token":"${IOS_TOKEN}","platform":"ios"}`,
    `{"constructor":{"prototype":{"polluted":true}},"token":"${IOS_TOKEN}","platform":"ios"}`,
    `{"prototype":{"polluted":true},"token":"${IOS_TOKEN}","platform":"ios"}`,
    `{"extra":[{"__proto__":{"polluted":true}}],"token":"${IOS_TOKEN}","platform":"ios"}`,
  ];

  for (const body of bodies) {
    const res = await app.post('/register-token', body);
    assert.equal(res.status, 422);
    assert.match(res.json().detail, /must not contain the key/);
  }
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  assertHarmless(app);
});

test('bodies that are not application/json get 415', async (t) => {
  const app = await startApp(t);
  const types = [
    'application/x-www-form-urlencoded',
    'text/plain',
    'multipart/form-data; boundary=x',
    'application/jsonp',
    'application/json; charset=latin1',
  ];

  for (const type of types) {
    const res = await app.post('/register-token', registerBody(), { 'content-type': type });
    assert.equal(res.status, 415, type);
  }
  const untyped = await app.raw({
    path: '/register-token',
    headers: { 'x-api-key': app.key },
    chunks: [registerBody()],
  });
  assert.equal(untyped.status, 415, 'no content type');
  assertHarmless(app);
});

test('a 2 MB body gets 413, whether its length is declared or chunked', async (t) => {
  const app = await startApp(t);
  const big = registerBody({ locale: 'x'.repeat(2_000_000) });

  const declared = await app.post('/register-token', big);
  // node:http sends a body without content-length chunked, so only the byte count can stop it.
  const chunked = await app.raw({
    path: '/register-token',
    headers: { 'content-type': 'application/json', 'x-api-key': app.key },
    chunks: Array.from({ length: 32 }, (_, i) => big.slice(i * 62_500, (i + 1) * 62_500)),
  });

  assert.equal(declared.status, 413);
  assert.equal(chunked.status, 413);
  assertHarmless(app);
});

test('JSON nested 100,000 deep within the limit gets a 4xx, not a stack overflow', async (t) => {
  const app = await startApp(t, { bodyLimitBytes: 512 * 1024 });
  const depth = 100_000;
  const cases = [
    ['['.repeat(depth), 400],
    ['['.repeat(depth) + ']'.repeat(depth), 422],
    [`{"token":${'['.repeat(depth)}${']'.repeat(depth)},"platform":"ios"}`, 422],
    [`${'{"a":'.repeat(depth / 2)}1${'}'.repeat(depth / 2)}`, 422],
  ] as const;

  for (const [body, status] of cases) {
    const res = await app.post('/register-token', body);
    assert.equal(res.status, status);
  }
  assertHarmless(app);
});

test('an unknown path or a wrong method never reaches a use case', async (t) => {
  const app = await startApp(t);

  const unknown = await app.post('/register-token/../admin', registerBody());
  const wrong = await app.send('/register-token', { method: 'PUT', body: registerBody() });

  assert.equal(unknown.status, 404);
  assert.equal(wrong.status, 405);
  assertHarmless(app);
});
