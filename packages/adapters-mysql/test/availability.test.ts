import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { inspect } from 'node:util';
import { createMysqlStores, type MysqlStores } from '@pushreg/adapters-mysql';
import {
  findLocalMysqlBinary,
  mysqlRequired,
  NO_MYSQL_MESSAGE,
  runOnServer,
  startThrowawayMysql,
  type ThrowawayMysql,
} from '@pushreg/adapters-mysql/testing';
import { StoreUnavailableError } from '@pushreg/core';
import { testDigest } from '@pushreg/core/testing';

// These tests stop and freeze a server, so they need one of their own from the local binary.
const skip = findLocalMysqlBinary() ? false : NO_MYSQL_MESSAGE;
if (skip && mysqlRequired()) throw new Error(`CI=true requires mariadbd or mysqld. ${skip}`);

const PASSWORD = 'Secr3t-Passw0rd-XYZ';
// "No call hangs": generous, since CI machines are slow; the deadline itself is 1.5 s.
const NO_HANG_BOUND_MS = 8_000;

const write = (n: number) => ({
  digest: testDigest('availability', n),
  sealedToken: Buffer.from([n]),
  platform: 'ios' as const,
  appVersion: null,
  locale: null,
  topics: ['news'],
  apiKeyId: 'key-a',
  at: new Date('2026-01-01T00:00:00.000Z'),
});

/** Every store member, so each is shown to fail (and later succeed) the same way. */
function everyCall(stores: MysqlStores, n: number): Array<Promise<unknown>> {
  return [
    stores.ping(),
    stores.tokens.ping(),
    stores.tokens.upsert(write(n)),
    stores.tokens.expire(write(n).digest, new Date()),
    stores.tokens.findByDigest(write(n).digest),
    stores.apiKeys.findByDigest(write(n).digest),
    stores.apiKeys.list(),
    stores.apiKeys.touch('k', new Date()),
    stores.apiKeys.revoke('k', new Date()),
  ];
}

/** Asserts every call rejects with StoreUnavailableError, none hanging; returns the errors. */
async function allUnavailable(calls: Array<Promise<unknown>>): Promise<StoreUnavailableError[]> {
  const started = Date.now();
  const results = await Promise.allSettled(calls);
  assert.ok(Date.now() - started < NO_HANG_BOUND_MS, 'a call hung past its deadline');
  return results.map((result) => {
    assert.equal(result.status, 'rejected');
    assert.ok(result.reason instanceof StoreUnavailableError, inspect(result.reason));
    assert.equal(result.reason.code, 'store_unavailable');
    return result.reason;
  });
}

function assertNoPassword(errors: unknown[]) {
  for (const error of errors) {
    assert.ok(!String(error).includes(PASSWORD));
    assert.ok(!inspect(error, { depth: 5 }).includes(PASSWORD));
  }
}

describe('MySQL stores when the database fails', { skip }, () => {
  let server: ThrowawayMysql;
  let url: string;
  before(async () => {
    server = await startThrowawayMysql();
    await runOnServer(server.url, `CREATE USER 'app'@'127.0.0.1' IDENTIFIED BY '${PASSWORD}'`);
    await runOnServer(server.url, `GRANT ALL ON *.* TO 'app'@'127.0.0.1'`);
    await runOnServer(server.url, 'CREATE DATABASE app');
    url = `mysql://app:${PASSWORD}@127.0.0.1:${server.port}/app`;
    const { migrateMysql } = await import('@pushreg/adapters-mysql');
    await migrateMysql(url);
  });
  after(() => server?.close());

  test('a stopped database fails every call, and the same stores recover when it is back', async () => {
    const stores = createMysqlStores({ url, poolSize: 3, operationTimeoutMs: 1500 });
    after(() => stores.close());
    await Promise.all(everyCall(stores, 1));
    assert.ok(stores.poolStats().open > 0);

    await server.stop();
    // More calls than connections, so some wait on the pool queue.
    const errors = await allUnavailable([...everyCall(stores, 2), ...everyCall(stores, 3)]);
    assertNoPassword(errors);

    await server.start();
    await Promise.all(everyCall(stores, 4));
    assert.equal(await stores.tokens.upsert(write(5)), 'created');
    assert.equal(stores.poolStats().waiting, 0);
  });

  test('a frozen database fails calls at the deadline instead of hanging', async () => {
    const stores = createMysqlStores({ url, poolSize: 2, operationTimeoutMs: 1500 });
    after(() => stores.close());
    await stores.ping();

    await server.pause();
    try {
      assertNoPassword(await allUnavailable([...everyCall(stores, 6), ...everyCall(stores, 7)]));
    } finally {
      server.resume();
    }

    await Promise.all(everyCall(stores, 8));
  });

  test('upserts queued behind a frozen database fail by their deadline, none hanging', async () => {
    // One small batch at a time: most writes wait in the queue, far longer than a deadline
    // if only the batches in flight could fail them.
    const stores = createMysqlStores({
      url,
      poolSize: 2,
      operationTimeoutMs: 1500,
      upsertBatching: { maxInFlight: 1, maxRows: 5 },
    });
    after(() => stores.close());
    await stores.ping();

    await server.pause();
    try {
      const writes = Array.from({ length: 200 }, (_, i) => stores.tokens.upsert(write(100 + i)));
      assertNoPassword(await allUnavailable(writes));
    } finally {
      server.resume();
    }

    assert.equal(await stores.tokens.upsert(write(400)), 'created');
  });

  test('a write that timed out on a frozen database is not overtaken by the next one', async () => {
    // A frozen server keeps what was sent to it and may still commit it when it thaws, so the
    // next write of the same token must wait until the abandoned connection has ended.
    const sent: string[] = [];
    const stores = createMysqlStores({
      url,
      poolSize: 4,
      operationTimeoutMs: 1500,
      upsertBatching: {
        onBatch: (writes) => sent.push(...writes.map((w) => (w.topics[0] === 'one' ? '1' : '2'))),
      },
    });
    after(() => stores.close());
    const token = { ...write(600), topics: ['one'] };
    await stores.ping();

    await server.pause();
    let thawed = false;
    try {
      await assert.rejects(stores.tokens.upsert(token), StoreUnavailableError);
      const second = stores.tokens.upsert({ ...token, topics: ['two'] });
      await new Promise((resolve) => setTimeout(resolve, 400));
      assert.deepEqual(sent, ['1'], 'the second write waits while the first may still commit');

      server.resume();
      thawed = true;
      assert.ok(['created', 'updated'].includes(await second));
    } finally {
      if (!thawed) server.resume();
    }
    assert.deepEqual(sent, ['1', '2']);
    const stored = await stores.tokens.findByDigest(token.digest);
    assert.deepEqual(stored?.topics, ['two']);
  });

  test('an unregistration that timed out is not overtaken by the next registration', async () => {
    const sent: number[] = [];
    const stores = createMysqlStores({
      url,
      poolSize: 4,
      operationTimeoutMs: 1500,
      upsertBatching: { onBatch: (writes) => sent.push(writes.length) },
    });
    after(() => stores.close());
    const token = write(700);
    assert.equal(await stores.tokens.upsert(token), 'created');
    sent.length = 0;

    await server.pause();
    let thawed = false;
    try {
      await assert.rejects(stores.tokens.expire(token.digest, new Date()), StoreUnavailableError);
      const again = stores.tokens.upsert(token);
      await new Promise((resolve) => setTimeout(resolve, 400));
      assert.deepEqual(sent, [], 'the registration waits while the unregistration may commit');

      server.resume();
      thawed = true;
      assert.ok(['updated', 'reactivated'].includes(await again));
    } finally {
      if (!thawed) server.resume();
    }
    assert.equal((await stores.tokens.findByDigest(token.digest))?.status, 'active');
  });

  test('a server that accepts connections but never speaks fails calls at the deadline', async () => {
    const sockets = new Set<Socket>();
    const silent: Server = createServer((socket) => sockets.add(socket));
    silent.listen(0, '127.0.0.1');
    await new Promise((resolve) => silent.once('listening', resolve));
    after(() => {
      for (const socket of sockets) socket.destroy();
      silent.close();
    });
    const port = (silent.address() as { port: number }).port;
    const stores = createMysqlStores({
      url: `mysql://app:${PASSWORD}@127.0.0.1:${port}/app`,
      operationTimeoutMs: 1500,
    });
    after(() => stores.close());

    assertNoPassword(await allUnavailable(everyCall(stores, 9)));
  });

  test('a refused connection and a wrong password fail without showing the password', async () => {
    const wrong = createMysqlStores({ url: url.replace(PASSWORD, `${PASSWORD}-wrong`) });
    after(() => wrong.close());
    const closed = createMysqlStores({ url: `mysql://app:${PASSWORD}@127.0.0.1:1/app` });
    after(() => closed.close());

    const errors = await allUnavailable([
      wrong.ping(),
      closed.ping(),
      closed.tokens.upsert(write(10)),
    ]);

    assertNoPassword(errors);
  });

  test('a malformed URL is refused without echoing it', () => {
    assert.throws(
      () => createMysqlStores({ url: `mysql//app:${PASSWORD}@` }),
      (error: Error) => !inspect(error).includes(PASSWORD),
    );
  });

  test('a query error other than a connection failure comes through unchanged', async () => {
    const stores = createMysqlStores({ url });
    after(() => stores.close());
    const key = {
      id: 'dup',
      name: 'dup',
      digest: testDigest('dup-key'),
      prefix: 'pr_d',
      scopes: ['tokens:write' as const],
      createdAt: new Date(),
    };
    await stores.apiKeys.insert(key);
    await assert.rejects(stores.apiKeys.insert(key), (error: Error & { errno?: number }) => {
      assert.ok(!(error instanceof StoreUnavailableError));
      assert.equal(error.errno, 1062);
      return true;
    });
  });
});
