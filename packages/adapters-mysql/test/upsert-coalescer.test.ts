import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type RegistrationWrite, StoreUnavailableError, type UpsertOutcome } from '@pushreg/core';
import { hex, testDigest } from '@pushreg/core/testing';
import { type QueuedWrite, UpsertCoalescer } from '../src/upsert-coalescer.js';

// The coalescer alone, with a flush the test finishes by hand: which writes ride together, and
// when a batch is sent. upsert-batching.test.ts covers the same store against MariaDB.

interface Sent {
  readonly digests: string[];
  finish(): void;
  /** Fails every write of the batch, as a batch past its deadline does. */
  fail(): void;
}

function harness(
  limits: { maxInFlight: number; maxRows?: number },
  settledSent?: () => Promise<void>,
) {
  const sent: Sent[] = [];
  const coalescer = new UpsertCoalescer(
    (batch: readonly QueuedWrite[]) =>
      new Promise<Array<PromiseSettledResult<UpsertOutcome>>>((resolve) => {
        sent.push({
          digests: batch.map((queued) => hex(queued.write.digest)),
          finish: () => resolve(batch.map(() => ({ status: 'fulfilled', value: 'created' }))),
          fail: () =>
            resolve(batch.map(() => ({ status: 'rejected', reason: new Error('deadline') }))),
        });
      }),
    {
      maxInFlight: limits.maxInFlight,
      maxRows: limits.maxRows ?? 200,
      maxBytes: 1 << 20,
      timeoutMs: 10_000,
    },
    () => 100,
    settledSent,
  );
  let n = 0;
  const submit = (count: number) =>
    Array.from({ length: count }, () => coalescer.submit(write(n++)));
  const submitDigest = (seed: number) => coalescer.submit(write(seed));
  const sizes = () => sent.map((batch) => batch.digests.length);
  return { coalescer, sent, submit, submitDigest, sizes };
}

function write(n: number): RegistrationWrite {
  return {
    digest: testDigest('coalescer', n),
    sealedToken: new Uint8Array(8),
    platform: 'android',
    appVersion: null,
    locale: null,
    topics: [],
    apiKeyId: 'key',
    at: new Date(0),
  };
}

/** Lets the coalescer's scheduled send (setImmediate) and settled writes run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

/** Two slots; ten writes split into two batches of five, and the first finished. */
async function oneBatchOfFiveInFlight() {
  const h = harness({ maxInFlight: 2 });
  h.submit(10);
  await settle();
  h.sent[0]?.finish();
  await settle();
  assert.deepEqual(h.sizes(), [5, 5]);
  return h;
}

describe('UpsertCoalescer', () => {
  test('a lone write is sent at once', async () => {
    const { sent, submit, sizes } = harness({ maxInFlight: 2 });
    const [done] = submit(1);
    await settle();
    assert.deepEqual(sizes(), [1]);
    sent[0]?.finish();
    assert.equal(await done, 'created');
  });

  test('writes made in one turn of the event loop share a batch, awaits between them or not', async () => {
    const { submit, sizes } = harness({ maxInFlight: 1 });
    // As requests read from different sockets in one turn reach the store: each after its own
    // chain of promises.
    submit(1);
    await Promise.resolve();
    submit(1);
    await new Promise<void>((resolve) => process.nextTick(resolve));
    submit(1);
    await settle();
    assert.deepEqual(sizes(), [3]);
  });

  test('writes made together are shared out over the free slots', async () => {
    const { submit, sizes } = harness({ maxInFlight: 2 });
    submit(10);
    await settle();
    assert.deepEqual(sizes(), [5, 5]);
  });

  test('a write does not take a free slot alone while a larger batch is in flight', async () => {
    const { submit, sizes } = await oneBatchOfFiveInFlight();

    // Half the rows in flight (2.5) is what a second batch must carry.
    submit(1);
    await settle();
    submit(1);
    await settle();
    assert.deepEqual(sizes(), [5, 5], 'two writes wait');
    submit(1);
    await settle();
    assert.deepEqual(sizes(), [5, 5, 3], 'three go together');
  });

  test('writes held back go as soon as the batch in flight finishes', async () => {
    const { sent, submit, sizes } = await oneBatchOfFiveInFlight();
    const [held] = submit(1);
    await settle();
    assert.deepEqual(sizes(), [5, 5]);

    sent[1]?.finish();
    await settle();
    assert.deepEqual(sizes(), [5, 5, 1]);
    sent[2]?.finish();
    assert.equal(await held, 'created');
  });

  test('under a light load each write still goes at once', async () => {
    const { sent, submit, sizes } = harness({ maxInFlight: 2 });
    submit(1);
    await settle();
    submit(1);
    await settle();
    assert.deepEqual(sizes(), [1, 1], 'one row in flight lets the next single write go');
    for (const batch of sent) batch.finish();
  });

  test('no batch holds more than maxRows', async () => {
    const { sent, submit, sizes } = harness({ maxInFlight: 1, maxRows: 4 });
    submit(10);
    await settle();
    for (let i = 0; i < 3; i++) {
      sent[i]?.finish();
      await settle();
    }
    assert.deepEqual(sizes(), [4, 4, 2]);
    assert.equal(new Set(sent.flatMap((batch) => batch.digests)).size, 10);
  });

  test('writes of one digest go one after the other, never in one batch', async () => {
    const { sent, submitDigest } = harness({ maxInFlight: 2 });
    const first = submitDigest(7);
    const second = submitDigest(7);
    submitDigest(8);
    await settle();
    const seven = hex(testDigest('coalescer', 7));
    const eight = hex(testDigest('coalescer', 8));
    assert.deepEqual(
      sent.map((batch) => batch.digests),
      [[seven], [eight]],
    );

    sent[0]?.finish();
    assert.equal(await first, 'created');
    await settle();
    assert.deepEqual(sent[2]?.digests, [seven], 'the second write of 7 follows the first');
    sent[2]?.finish();
    assert.equal(await second, 'created');
  });

  test('after a sent write fails, the next write of its digest waits until it cannot commit', async () => {
    let letGo = () => {};
    const settled = new Promise<void>((resolve) => {
      letGo = resolve;
    });
    const { sent, submitDigest } = harness({ maxInFlight: 2 }, () => settled);
    const first = submitDigest(3);
    const second = submitDigest(3);
    const other = submitDigest(4);
    await settle();
    assert.equal(sent.length, 2, 'the first write of 3 and the write of 4');

    sent[0]?.fail();
    await assert.rejects(first);
    sent[1]?.finish();
    assert.equal(await other, 'created');
    await settle();
    assert.equal(sent.length, 2, 'the second write of 3 waits');

    letGo();
    await settled;
    await settle();
    assert.deepEqual(sent[2]?.digests, [hex(testDigest('coalescer', 3))]);
    sent[2]?.finish();
    assert.equal(await second, 'created');
  });

  test('close() refuses the writes waiting behind a failed one instead of waiting', async () => {
    const { coalescer, sent, submitDigest } = harness(
      { maxInFlight: 1 },
      () => new Promise(() => {}),
    );
    const first = submitDigest(5);
    const second = submitDigest(5);
    await settle();
    sent[0]?.fail();
    await assert.rejects(first);

    await coalescer.close();
    await assert.rejects(second, StoreUnavailableError);
    assert.equal(sent.length, 1);
  });
});
