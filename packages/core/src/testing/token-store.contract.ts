import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Registration, RegistrationWrite } from '../domain/registration.js';
import type { TokenStore } from '../ports/token-store.port.js';
import { testDigest } from './bytes.js';

/** Reads the backing store directly, bypassing the adapter under test. */
export interface TokenStoreProbes {
  /** The stored registration with its topics, or null. */
  readRegistration(digest: Uint8Array): Promise<Registration | null>;
  /** How many registration rows exist for the digest (a correct store never has more than 1). */
  countRegistrationRows(digest: Uint8Array): Promise<number>;
  /** Every topic row stored for the digest, duplicates included, in any order. */
  readTopicRows(digest: Uint8Array): Promise<string[]>;
}

export interface TokenStoreSubject {
  readonly store: TokenStore;
  readonly probes: TokenStoreProbes;
  /** Releases what the factory opened; called once after the suite. */
  close(): Promise<void>;
}

const allBytes = Uint8Array.from({ length: 256 }, (_, i) => i);
let serial = 0;

/** A write with a digest no other test uses. */
function write(overrides: Partial<RegistrationWrite> = {}): RegistrationWrite {
  serial++;
  return {
    digest: testDigest(`contract-${process.pid}-${Date.now()}`, serial),
    sealedToken: Uint8Array.from([1, 2, 3, 0x80, 0xff, serial & 0xff]),
    platform: 'ios',
    appVersion: '1.0.0',
    locale: 'en_GB',
    topics: ['news', 'sport'],
    apiKeyId: 'key-a',
    at: new Date('2026-03-01T10:00:00.123Z'),
    ...overrides,
  };
}

const later = (w: RegistrationWrite, ms: number) => new Date(w.at.getTime() + ms);
const sorted = (topics: readonly string[]) => [...topics].sort();

/**
 * The behaviour every TokenStore must show. Call it from a test file of the adapter with a
 * factory that opens the adapter over an empty or shared backing store; tests use digests of
 * their own, so no cleaning between tests is needed.
 */
export function describeTokenStoreContract(
  name: string,
  makeSubject: () => Promise<TokenStoreSubject>,
): void {
  describe(`TokenStore contract: ${name}`, () => {
    let subject: TokenStoreSubject;
    let store: TokenStore;
    let probes: TokenStoreProbes;
    before(async () => {
      subject = await makeSubject();
      store = subject.store;
      probes = subject.probes;
    });
    after(() => subject?.close());

    test('ping answers', async () => {
      await store.ping();
    });

    test('upserting a new digest creates an active row with every field', async () => {
      const w = write();
      assert.equal(await store.upsert(w), 'created');
      const row = await probes.readRegistration(w.digest);
      assert.ok(row);
      assert.deepEqual(Buffer.from(row.digest), Buffer.from(w.digest));
      assert.deepEqual(Buffer.from(row.sealedToken), Buffer.from(w.sealedToken));
      assert.equal(row.platform, 'ios');
      assert.equal(row.appVersion, '1.0.0');
      assert.equal(row.locale, 'en_GB');
      assert.deepEqual(sorted(row.topics), ['news', 'sport']);
      assert.equal(row.status, 'active');
      assert.equal(row.createdAt.getTime(), w.at.getTime());
      assert.equal(row.updatedAt.getTime(), w.at.getTime());
      assert.equal(row.expiredAt, null);
      assert.equal(row.apiKeyId, 'key-a');
    });

    test('findByDigest returns what was stored, and null for an unknown digest', async () => {
      const w = write({ platform: 'web', appVersion: null, locale: null, topics: [] });
      await store.upsert(w);
      const found = await store.findByDigest(w.digest);
      assert.ok(found);
      assert.deepEqual(Buffer.from(found.sealedToken), Buffer.from(w.sealedToken));
      assert.equal(found.platform, 'web');
      assert.equal(found.appVersion, null);
      assert.equal(found.locale, null);
      assert.deepEqual([...found.topics], []);
      assert.equal(found.status, 'active');
      assert.equal(await store.findByDigest(testDigest('never-written')), null);
    });

    test('upserting the same write twice leaves one row and reports an update', async () => {
      const w = write();
      assert.equal(await store.upsert(w), 'created');
      assert.equal(await store.upsert(w), 'updated');
      assert.equal(await probes.countRegistrationRows(w.digest), 1);
      assert.deepEqual(sorted(await probes.readTopicRows(w.digest)), ['news', 'sport']);
    });

    test('re-registering replaces metadata and the whole topic set, keeping createdAt', async () => {
      const w = write();
      await store.upsert(w);
      const second = {
        ...w,
        sealedToken: Uint8Array.from([9, 9, 9]),
        platform: 'android' as const,
        appVersion: '2.0.0',
        locale: 'pt-BR',
        topics: ['weather', 'news'],
        apiKeyId: 'key-b',
        at: later(w, 60_000),
      };
      assert.equal(await store.upsert(second), 'updated');
      const row = await probes.readRegistration(w.digest);
      assert.ok(row);
      assert.deepEqual(Buffer.from(row.sealedToken), Buffer.from([9, 9, 9]));
      assert.equal(row.platform, 'android');
      assert.equal(row.appVersion, '2.0.0');
      assert.equal(row.locale, 'pt-BR');
      assert.equal(row.apiKeyId, 'key-b');
      assert.equal(row.createdAt.getTime(), w.at.getTime());
      assert.equal(row.updatedAt.getTime(), second.at.getTime());
      assert.deepEqual(sorted(await probes.readTopicRows(w.digest)), ['news', 'weather']);
    });

    test('re-registering with no topics removes every topic', async () => {
      const w = write();
      await store.upsert(w);
      await store.upsert({ ...w, topics: [], at: later(w, 1) });
      assert.deepEqual(await probes.readTopicRows(w.digest), []);
    });

    test("replacing one token's topics leaves another token's same topics alone", async () => {
      const a = write({ topics: ['shared', 'a-only'] });
      const b = write({ topics: ['shared'] });
      await store.upsert(a);
      await store.upsert(b);
      await store.upsert({ ...a, topics: ['other'], at: later(a, 1) });
      assert.deepEqual(await probes.readTopicRows(b.digest), ['shared']);
      assert.deepEqual(await probes.readTopicRows(a.digest), ['other']);
    });

    test('topics are case-sensitive and keep every allowed character', async () => {
      const topics = ['News', 'news', 'a.b~c%d-e_f', 'x'.repeat(64)];
      const w = write({ topics });
      await store.upsert(w);
      assert.deepEqual(sorted(await probes.readTopicRows(w.digest)), sorted(topics));
    });

    test('a hundred topics are stored', async () => {
      const topics = Array.from({ length: 100 }, (_, i) => `topic-${i}`);
      const w = write({ topics });
      await store.upsert(w);
      assert.equal((await probes.readTopicRows(w.digest)).length, 100);
      const found = await store.findByDigest(w.digest);
      assert.deepEqual(sorted(found?.topics ?? []), sorted(topics));
    });

    test('expiring an active token marks it expired and keeps everything else', async () => {
      const w = write();
      await store.upsert(w);
      const at = later(w, 5_000);
      assert.equal(await store.expire(w.digest, at), 'expired');
      const row = await probes.readRegistration(w.digest);
      assert.ok(row);
      assert.equal(row.status, 'expired');
      assert.equal(row.expiredAt?.getTime(), at.getTime());
      assert.equal(row.appVersion, '1.0.0');
      assert.deepEqual(sorted(row.topics), ['news', 'sport']);
      assert.deepEqual(Buffer.from(row.sealedToken), Buffer.from(w.sealedToken));
    });

    test('expiring twice reports already_expired and keeps the first expiry time', async () => {
      const w = write();
      await store.upsert(w);
      await store.expire(w.digest, later(w, 1_000));
      assert.equal(await store.expire(w.digest, later(w, 2_000)), 'already_expired');
      const row = await probes.readRegistration(w.digest);
      assert.equal(row?.expiredAt?.getTime(), later(w, 1_000).getTime());
    });

    test('expiring an unknown token reports unknown and creates nothing', async () => {
      const digest = testDigest('unknown-token', serial++);
      assert.equal(await store.expire(digest, new Date()), 'unknown');
      assert.equal(await probes.countRegistrationRows(digest), 0);
      assert.equal(await store.findByDigest(digest), null);
    });

    test('re-registering an expired token reactivates it', async () => {
      const w = write();
      await store.upsert(w);
      await store.expire(w.digest, later(w, 1_000));
      assert.equal(
        await store.upsert({ ...w, topics: ['back'], at: later(w, 2_000) }),
        'reactivated',
      );
      const row = await probes.readRegistration(w.digest);
      assert.equal(row?.status, 'active');
      assert.equal(row?.expiredAt, null);
      assert.equal(row?.createdAt.getTime(), w.at.getTime());
      assert.deepEqual(row?.topics, ['back']);
      assert.equal(await store.upsert({ ...w, at: later(w, 3_000) }), 'updated');
    });

    test('every byte value round-trips in digest and sealed token', async () => {
      const digest = Uint8Array.from({ length: 32 }, (_, i) => 0xff - i);
      const w = write({ digest, sealedToken: allBytes });
      await store.upsert(w);
      const row = await probes.readRegistration(digest);
      assert.deepEqual(Buffer.from(row?.sealedToken ?? []), Buffer.from(allBytes));
      const found = await store.findByDigest(digest);
      assert.ok(found);
      assert.ok(found.digest instanceof Uint8Array);
      assert.deepEqual(Buffer.from(found.digest), Buffer.from(digest));
      assert.deepEqual(Buffer.from(found.sealedToken), Buffer.from(allBytes));
    });

    test('digests differing in one byte are different registrations', async () => {
      const a = write();
      const digest = Uint8Array.from(a.digest);
      digest[31] = (digest[31] ?? 0) ^ 0x80;
      const b = write({ digest, topics: ['b'] });
      assert.equal(await store.upsert(a), 'created');
      assert.equal(await store.upsert(b), 'created');
      assert.deepEqual(await probes.readTopicRows(b.digest), ['b']);
      assert.deepEqual(sorted(await probes.readTopicRows(a.digest)), ['news', 'sport']);
    });

    test('a sealed long token of several kilobytes round-trips', async () => {
      const sealedToken = Uint8Array.from({ length: 4_200 }, (_, i) => (i * 7) & 0xff);
      const w = write({ sealedToken, platform: 'android' });
      await store.upsert(w);
      const found = await store.findByDigest(w.digest);
      assert.deepEqual(Buffer.from(found?.sealedToken ?? []), Buffer.from(sealedToken));
    });

    test('concurrent upserts of one token leave one row with one caller’s topic set', async () => {
      const base = write();
      const writes = Array.from({ length: 50 }, (_, i) => ({
        ...base,
        topics: [`set-${i}-a`, `set-${i}-b`, `set-${i}-c`],
        appVersion: `v${i}`,
        at: later(base, i),
      }));
      const outcomes = await Promise.all(writes.map((w) => store.upsert(w)));
      assert.equal(outcomes.filter((o) => o === 'created').length, 1);
      assert.equal(outcomes.filter((o) => o === 'updated').length, 49);
      assert.equal(await probes.countRegistrationRows(base.digest), 1);
      const row = await probes.readRegistration(base.digest);
      const topics = sorted(await probes.readTopicRows(base.digest));
      const i = Number(row?.appVersion?.slice(1));
      assert.deepEqual(topics, [`set-${i}-a`, `set-${i}-b`, `set-${i}-c`]);
    });

    test('concurrent upserts of different tokens are all created', async () => {
      const writes = Array.from({ length: 40 }, () => write({ topics: ['burst'] }));
      const outcomes = await Promise.all(writes.map((w) => store.upsert(w)));
      assert.deepEqual(new Set(outcomes), new Set(['created']));
      for (const w of writes) assert.equal(await probes.countRegistrationRows(w.digest), 1);
    });

    test('concurrent expire and re-register of one token end in a consistent state', async () => {
      const w = write();
      await store.upsert(w);
      await Promise.all([
        store.expire(w.digest, later(w, 10)),
        store.upsert({ ...w, topics: ['x'], at: later(w, 20) }),
        store.expire(w.digest, later(w, 30)),
      ]);
      const row = await probes.readRegistration(w.digest);
      assert.ok(row);
      assert.equal(await probes.countRegistrationRows(w.digest), 1);
      assert.equal(row.status === 'expired', row.expiredAt !== null);
      assert.deepEqual(await probes.readTopicRows(w.digest), ['x']);
    });
  });
}
