import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ApiKeyRecord } from '../domain/api-key.js';
import type { ApiKeyStore } from '../ports/api-key-store.port.js';
import { testDigest } from './bytes.js';

/** Reads the backing store directly, bypassing the adapter under test. */
export interface ApiKeyStoreProbes {
  /** The stored record with this id, or null. */
  readApiKey(id: string): Promise<ApiKeyRecord | null>;
  /** How many key rows exist in all. */
  countApiKeyRows(): Promise<number>;
}

export interface ApiKeyStoreSubject {
  readonly store: ApiKeyStore;
  readonly probes: ApiKeyStoreProbes;
  close(): Promise<void>;
}

let serial = 0;

function newKey(
  overrides: Partial<ApiKeyRecord> = {},
): Omit<ApiKeyRecord, 'revokedAt' | 'lastUsedAt'> {
  serial++;
  const id = `k${process.pid.toString(36)}${Date.now().toString(36)}${serial}`;
  return {
    id,
    name: `key ${serial}`,
    digest: testDigest(`api-key-contract-${id}`),
    prefix: `pr_${serial}`.slice(0, 12),
    scopes: ['tokens:write'],
    createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, serial, 250)),
    ...overrides,
  };
}

/** The behaviour every ApiKeyStore must show; tests use ids of their own. */
export function describeApiKeyStoreContract(
  name: string,
  makeSubject: () => Promise<ApiKeyStoreSubject>,
): void {
  describe(`ApiKeyStore contract: ${name}`, () => {
    let subject: ApiKeyStoreSubject;
    let store: ApiKeyStore;
    let probes: ApiKeyStoreProbes;
    before(async () => {
      subject = await makeSubject();
      store = subject.store;
      probes = subject.probes;
    });
    after(() => subject?.close());

    test('an inserted key is found by its digest with every field', async () => {
      const key = newKey({
        name: `O'Brien "quoted" \\ key`,
        scopes: ['tokens:write', 'tokens:read'],
      });
      await store.insert(key);
      const found = await store.findByDigest(key.digest);
      assert.ok(found);
      assert.equal(found.id, key.id);
      assert.equal(found.name, key.name);
      assert.equal(found.prefix, key.prefix);
      assert.deepEqual([...found.scopes].sort(), ['tokens:read', 'tokens:write']);
      assert.equal(found.createdAt.getTime(), key.createdAt.getTime());
      assert.equal(found.revokedAt, null);
      assert.equal(found.lastUsedAt, null);
      assert.deepEqual(Buffer.from(found.digest), Buffer.from(key.digest));
      const probed = await probes.readApiKey(key.id);
      assert.equal(probed?.name, key.name);
    });

    test('an unknown digest finds nothing', async () => {
      assert.equal(await store.findByDigest(testDigest('no-such-api-key')), null);
    });

    test('a digest of high bytes round-trips', async () => {
      const digest = Uint8Array.from({ length: 32 }, (_, i) => 0x80 + i * 4);
      const key = newKey({ digest });
      await store.insert(key);
      const found = await store.findByDigest(digest);
      assert.equal(found?.id, key.id);
    });

    test('inserting a duplicate id or digest is refused and changes nothing', async () => {
      const key = newKey();
      await store.insert(key);
      const before = await probes.countApiKeyRows();
      await assert.rejects(store.insert({ ...newKey(), id: key.id }));
      await assert.rejects(store.insert({ ...newKey(), digest: key.digest }));
      assert.equal(await probes.countApiKeyRows(), before);
      assert.equal((await probes.readApiKey(key.id))?.name, key.name);
    });

    test('list returns every key oldest first, revoked ones included', async () => {
      const a = newKey({ createdAt: new Date('2020-01-01T00:00:00.000Z') });
      const b = newKey({ createdAt: new Date('2020-01-02T00:00:00.000Z') });
      await store.insert(b);
      await store.insert(a);
      await store.revoke(b.id, new Date());
      const listed = await store.list();
      const ids = listed.map((k) => k.id);
      assert.ok(ids.indexOf(a.id) >= 0 && ids.indexOf(a.id) < ids.indexOf(b.id));
      const times = listed.map((k) => k.createdAt.getTime());
      assert.deepEqual(
        times,
        [...times].sort((x, y) => x - y),
      );
      assert.ok(listed.find((k) => k.id === b.id)?.revokedAt);
    });

    test('revoking sets revokedAt once; an unknown id reports false', async () => {
      const key = newKey();
      await store.insert(key);
      const first = new Date('2026-02-01T00:00:00.500Z');
      assert.equal(await store.revoke(key.id, first), true);
      assert.equal(await store.revoke(key.id, new Date('2026-03-01T00:00:00.000Z')), true);
      assert.equal((await probes.readApiKey(key.id))?.revokedAt?.getTime(), first.getTime());
      assert.equal((await store.findByDigest(key.digest))?.revokedAt?.getTime(), first.getTime());
      assert.equal(await store.revoke('no-such-id', first), false);
    });

    test('touch records last use and never moves it backwards', async () => {
      const key = newKey();
      await store.insert(key);
      const t1 = new Date('2026-05-01T00:00:00.000Z');
      await store.touch(key.id, t1);
      assert.equal((await probes.readApiKey(key.id))?.lastUsedAt?.getTime(), t1.getTime());
      await store.touch(key.id, new Date('2026-04-01T00:00:00.000Z'));
      assert.equal((await probes.readApiKey(key.id))?.lastUsedAt?.getTime(), t1.getTime());
      await store.touch('no-such-id', t1);
    });
  });
}
